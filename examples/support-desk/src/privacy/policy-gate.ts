import { loadDecider, type Decider, type Decision, type Flow } from '@pledge/engine';
import type { Logger } from '../lib/logger.js';

/**
 * The service's door to the privacy policy: every flow whose permission depends on the person (their consent, their
 * age, where they live) is decided here at run time, with the policy the legal team maintains.
 */
export class PolicyGate {
  readonly #decider: Decider;
  readonly #logger: Logger;

  constructor(decider: Decider, logger: Logger) {
    this.#decider = decider;
    this.#logger = logger;
  }

  /** True when the policy allows the flow; a denial is logged with the rules that caused it. */
  allows(flow: Flow): boolean {
    const decision = this.#decider.decide(flow);
    if (decision.decision === 'deny') {
      this.#logger.info('flow denied by policy', {
        purpose: flow.purpose,
        rules: decision.reasons.map((r) => r.rule).join(','),
      });
    }
    return decision.decision === 'allow';
  }

  /** The full decision, for callers that must honour its obligations (unsubscribe links, retention). */
  decide(flow: Flow): Decision {
    return this.#decider.decide(flow);
  }

  /** How many days the policy lets this flow keep its data, if it caps it; `undefined` means until the purpose ends. */
  retentionDays(decision: Decision): number | undefined {
    const cap = decision.obligations.find((o) => o.kind === 'retain_at_most')?.duration;
    const match = cap ? /^P(\d+)D$/.exec(cap) : null;
    return match ? Number(match[1]) : undefined;
  }
}

/** Loads the policy file and builds the gate; a broken policy stops the service from starting. */
export async function openPolicyGate(policyPath: string, logger: Logger): Promise<PolicyGate> {
  return new PolicyGate(await loadDecider(policyPath), logger);
}
