import { parseDurationDays, type LoadedPolicy, type Taxonomy } from '@pledge/policy-spec';
import {
  allowReason,
  childrenReason,
  combineOutcomes,
  defaultDenyReason,
  DIMENSIONS,
  errorDecision,
  FLOW_ACTIONS,
  flowErrors,
  forbidReason,
  formatAt,
  nearMissReason,
  OPTIONAL_DIMENSIONS,
  retainDenyReason,
  retainObligation,
  ruleObligation,
  termCandidates,
  UNSTATED_FIELDS,
  type CategoryOutcome,
  type DefaultDenyCase,
  type Dimension,
  type TermNoun,
} from './decision-parts.js';
import { policyStamp } from './policy-stamp.js';
import type { Decision, DecisionObligation, FlowAction, Reason } from './types.js';

// The reference interpreter: the README's "Semantics" section, step by step, written to be read rather than to be
// fast. The compiled decider (compile.ts) must agree with it on every flow; a property test checks that.

type Section = 'collect' | 'use' | 'share' | 'forbid' | 'retain';

/** Any rule of any section, seen through the fields the semantics read. */
type AnyRule = Partial<Record<Dimension, string[]>> & {
  id: string;
  says?: string;
  actions?: string[];
  requires?: { consent: 'purpose' | string[] };
  obligations?: (string | { kind: string; duration?: string })[];
  at_most?: string;
};

/** A flow that passed step 1, with its defaults filled in. */
interface CheckedFlow {
  action: FlowAction;
  /** Distinct, in the order the flow names them. */
  categories: string[];
  purpose: string;
  recipient: string;
  identifiability: string;
  source?: string;
  kind?: string;
  jurisdiction?: string;
  age?: number;
  consent: string[];
  /** The flow's `retention` in days. */
  retentionDays?: number;
}

/** A rule together with where it is: `section/id` and `file:line:column`. */
interface PlacedRule {
  ref: string;
  at: string;
  rule: AnyRule;
}

/**
 * Decides `flow` against `policy` exactly as the README's "Semantics" section states, without any precomputation.
 * The reference for the compiled decider; slow but obviously right. Never throws.
 */
export function interpret(policy: LoadedPolicy, flow: unknown): Decision {
  const stamp = policyStamp(policy);
  try {
    const checked = checkFlow(policy.taxonomy, flow);
    if ('error' in checked) return errorDecision(checked.error, stamp);
    const f = checked.flow;
    const children = checkChildren(policy, f);
    const outcomes = f.categories.map((category) => decideCategory(policy, f, category));
    return combineOutcomes(stamp, children, f.categories, outcomes);
  } catch {
    return errorDecision(flowErrors.internal(), stamp);
  }
}

// Step 1. Check the flow: every key known, every value of the right type, every term in the taxonomy.
// Keys are checked in the flow's own order and the first problem is the answer.
function checkFlow(taxonomy: Taxonomy, input: unknown): { flow: CheckedFlow } | { error: Reason } {
  if (!isRecord(input)) return { error: flowErrors.invalidFlow() };
  const unknownTerm = (noun: TermNoun, term: string) => ({
    error: flowErrors.unknownTerm(noun, term, termCandidates(taxonomy, noun)),
  });
  let action: FlowAction | undefined;
  let categories: string[] | undefined;
  let purpose: string | undefined;
  let recipient: string | undefined;
  let identifiability: string | undefined;
  let source: string | undefined;
  let kind: string | undefined;
  let jurisdiction: string | undefined;
  let age: number | undefined;
  let consent: string[] = [];
  let retentionDays: number | undefined;

  for (const key in input) {
    const value = input[key];
    if (value === undefined) continue; // an undefined property is an absent one
    switch (key) {
      case 'action':
        if (typeof value !== 'string') return { error: flowErrors.badType('action') };
        if (!(FLOW_ACTIONS as readonly string[]).includes(value)) return { error: flowErrors.badAction(value) };
        action = value as FlowAction;
        break;
      case 'category': {
        const list: unknown[] | undefined =
          typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
        if (list === undefined) return { error: flowErrors.badType('category') };
        if (list.length === 0) return { error: flowErrors.missingCategory() };
        for (const c of list) {
          if (typeof c !== 'string') return { error: flowErrors.badType('category') };
          if (!taxonomy.has('categories', c)) return unknownTerm('category', c);
        }
        categories = [...new Set(list as string[])];
        break;
      }
      case 'purpose':
        if (typeof value !== 'string') return { error: flowErrors.badType('purpose') };
        if (!taxonomy.has('purposes', value)) return unknownTerm('purpose', value);
        purpose = value;
        break;
      case 'recipient':
        if (typeof value !== 'string') return { error: flowErrors.badType('recipient') };
        if (!taxonomy.has('recipients', value)) return unknownTerm('recipient', value);
        recipient = value;
        break;
      case 'identifiability':
        if (typeof value !== 'string') return { error: flowErrors.badType('identifiability') };
        if (!taxonomy.has('identifiability', value)) return unknownTerm('identifiability level', value);
        identifiability = value;
        break;
      case 'source':
        if (typeof value !== 'string') return { error: flowErrors.badType('source') };
        if (!taxonomy.has('sources', value)) return unknownTerm('source', value);
        source = value;
        break;
      case 'retention': {
        if (typeof value !== 'string') return { error: flowErrors.badType('retention') };
        retentionDays = parseDurationDays(value);
        if (retentionDays === undefined) return { error: flowErrors.badDuration(value) };
        break;
      }
      case 'consent':
        if (!Array.isArray(value)) return { error: flowErrors.badType('consent') };
        for (const c of value as unknown[]) {
          if (typeof c !== 'string') return { error: flowErrors.badType('consent') };
          if (!taxonomy.has('consents', c) && !taxonomy.has('purposes', c)) return unknownTerm('consent or purpose', c);
        }
        consent = value as string[];
        break;
      case 'subject':
        if (!isRecord(value)) return { error: flowErrors.badType('subject') };
        for (const subjectKey in value) {
          const v = value[subjectKey];
          if (v === undefined) continue;
          switch (subjectKey) {
            case 'kind':
              if (typeof v !== 'string') return { error: flowErrors.badType('subject.kind') };
              if (!taxonomy.has('subjects', v)) return unknownTerm('subject kind', v);
              kind = v;
              break;
            case 'age':
              if (typeof v !== 'number') return { error: flowErrors.badType('subject.age') };
              if (!Number.isFinite(v) || v < 0) return { error: flowErrors.badAge() };
              age = v;
              break;
            case 'jurisdiction':
              if (typeof v !== 'string') return { error: flowErrors.badType('subject.jurisdiction') };
              if (!taxonomy.has('jurisdictions', v)) return unknownTerm('jurisdiction', v);
              jurisdiction = v;
              break;
            default:
              return { error: flowErrors.unknownKey(`subject.${subjectKey}`) };
          }
        }
        break;
      default:
        return { error: flowErrors.unknownKey(key) };
    }
  }
  if (categories === undefined) return { error: flowErrors.missingCategory() };
  if (purpose === undefined) return { error: flowErrors.missingPurpose() };

  // The defaults count as stated.
  recipient ??= 'first_party';
  const firstParty = taxonomy.isWithin('recipients', recipient, 'first_party');
  action ??= firstParty ? 'use' : 'share';
  identifiability ??= 'identified';
  // Sharing is `share`; the other actions keep the data with us.
  if (firstParty === (action === 'share')) return { error: flowErrors.recipientActionMismatch(action, recipient) };

  const flow: CheckedFlow = { action, categories, purpose, recipient, identifiability, consent };
  if (source !== undefined) flow.source = source;
  if (kind !== undefined) flow.kind = kind;
  if (jurisdiction !== undefined) flow.jurisdiction = jurisdiction;
  if (age !== undefined) flow.age = age;
  if (retentionDays !== undefined) flow.retentionDays = retentionDays;
  return { flow };
}

// Step 3. Children: under the age and without the consent that lifts it → deny, outside the exempt purposes.
function checkChildren(policy: LoadedPolicy, flow: CheckedFlow): Reason | undefined {
  const children = policy.document.children;
  if (children === undefined || flow.age === undefined || !(flow.age < children.under)) return undefined;
  if (children.unless_consent !== undefined && hasConsent(policy.taxonomy, flow, children.unless_consent))
    return undefined;
  if (children.exempt_purposes?.some((p) => policy.taxonomy.isWithin('purposes', flow.purpose, p))) return undefined;
  return childrenReason(children, formatAt(policy.locate(['children'])));
}

// Steps 2 and 4–7 for one category of the flow.
function decideCategory(policy: LoadedPolicy, flow: CheckedFlow, category: string): CategoryOutcome {
  const taxonomy = policy.taxonomy;
  const values: Record<Dimension, string | undefined> = {
    categories: category,
    purposes: flow.purpose,
    recipients: flow.recipient,
    sources: flow.source,
    subjects: flow.kind,
    jurisdictions: flow.jurisdiction,
    identifiability: flow.identifiability,
  };

  // Step 4. Forbid: any matching forbid rule denies.
  const denials: Reason[] = [];
  for (const { ref, at, rule } of rulesOf(policy, 'forbid')) {
    const match = matchLimit(taxonomy, rule, values, flow.action);
    if (match) denials.push(forbidReason(ref, rule.says, at, match.unstated));
  }

  // Step 6. Retention: every matching retain rule caps the flow and carries its obligation.
  const retention: DecisionObligation[] = [];
  for (const { ref, at, rule } of rulesOf(policy, 'retain')) {
    const match = matchLimit(taxonomy, rule, values, flow.action);
    if (!match) continue;
    const atMost = rule.at_most!;
    retention.push(retainObligation(atMost, ref));
    if (atMost !== 'purpose' && flow.retentionDays !== undefined && flow.retentionDays > parseDurationDays(atMost)!) {
      denials.push(retainDenyReason(ref, rule.says, at, match.unstated, atMost));
    }
  }

  // Step 5. Allow: the action's rules; `collect` needs a collect rule and a use or share rule for the purpose.
  let halves: { rules: PlacedRule[]; skip?: Dimension }[];
  if (flow.action === 'collect') {
    halves = [
      { rules: rulesOf(policy, 'collect') },
      // The purpose half: use or share rules matching on every dimension but recipient (and action).
      { rules: [...rulesOf(policy, 'use'), ...rulesOf(policy, 'share')], skip: 'recipients' },
    ];
  } else {
    halves = [{ rules: rulesOf(policy, flow.action === 'share' ? 'share' : 'use') }];
  }
  const results = halves.map(({ rules, skip }) => findAllowing(taxonomy, rules, values, flow, skip));
  const allowed = results.every((r) => r.allowing.length > 0);

  if (!allowed) {
    let which: DefaultDenyCase;
    if (flow.action !== 'collect') which = flow.action === 'share' ? 'share' : 'use';
    else if (results[0]!.allowing.length === 0)
      which = results[1]!.allowing.length === 0 ? 'collect-both' : 'collect-rule';
    else which = 'collect-purpose';
    const nearMisses = results.filter((r) => r.allowing.length === 0).flatMap((r) => r.nearMisses);
    const unstated = OPTIONAL_DIMENSIONS.map((d) => UNSTATED_FIELDS[d]).filter((field) =>
      nearMisses.some((r) => r.unstated?.includes(field)),
    );
    denials.push(defaultDenyReason(which, unstated), ...nearMisses);
  }
  if (denials.length > 0) return { allowed: false, reasons: denials, obligations: [] };

  // Step 7. An allow lists every allowing rule and the union of their obligations, plus retention.
  const allowing = results.flatMap((r) => r.allowing);
  const obligations = allowing.flatMap(({ ref, rule }) => (rule.obligations ?? []).map((o) => ruleObligation(o, ref)));
  return {
    allowed: true,
    reasons: allowing.map(({ ref, at, rule }) => allowReason(ref, rule.says, at)),
    obligations: [...obligations, ...retention],
  };
}

/**
 * The rules among `rules` that allow the flow, and the near misses: rules that match every dimension the flow
 * states but need a consent it lacks or a dimension it leaves unstated.
 */
function findAllowing(
  taxonomy: Taxonomy,
  rules: PlacedRule[],
  values: Record<Dimension, string | undefined>,
  flow: CheckedFlow,
  skip: Dimension | undefined,
): { allowing: PlacedRule[]; nearMisses: Reason[] } {
  const allowing: PlacedRule[] = [];
  const nearMisses: Reason[] = [];
  for (const placed of rules) {
    const match = matchAllow(taxonomy, placed.rule, values, skip);
    if (!match) continue;
    const missing = missingConsents(taxonomy, placed.rule, flow);
    if (match.unstated.length === 0 && missing.length === 0) allowing.push(placed);
    else nearMisses.push(nearMissReason(placed.ref, placed.rule.says, placed.at, missing, match.unstated));
  }
  return { allowing, nearMisses };
}

// Step 2 for allow rules: each dimension the rule names must be stated by the flow and the flow's term must lie
// inside one of the rule's terms. Returns undefined when a stated dimension does not match; otherwise the rule
// matches if `unstated` (the named dimensions the flow leaves unstated) is empty.
function matchAllow(
  taxonomy: Taxonomy,
  rule: AnyRule,
  values: Record<Dimension, string | undefined>,
  skip: Dimension | undefined,
): { unstated: string[] } | undefined {
  const unstated: string[] = [];
  for (const dimension of DIMENSIONS) {
    const terms = rule[dimension];
    if (terms === undefined || dimension === skip) continue;
    const value = values[dimension];
    if (value === undefined) unstated.push(UNSTATED_FIELDS[dimension as keyof typeof UNSTATED_FIELDS]);
    else if (!terms.some((term) => taxonomy.isWithin(dimension, value, term))) return undefined;
  }
  return { unstated };
}

// Step 2 for forbid and retain rules: each dimension the rule names matches when the flow's term overlaps one of
// the rule's terms, or when the flow does not state it (unknown could be forbidden). `actions` match the flow's
// action exactly, except that `use` also covers `retain` (keeping data is decided as a use).
function matchLimit(
  taxonomy: Taxonomy,
  rule: AnyRule,
  values: Record<Dimension, string | undefined>,
  action: FlowAction,
): { unstated: string[] } | undefined {
  if (rule.actions && !rule.actions.some((a) => a === action || (a === 'use' && action === 'retain'))) return undefined;
  const unstated: string[] = [];
  for (const dimension of DIMENSIONS) {
    const terms = rule[dimension];
    if (terms === undefined) continue;
    const value = values[dimension];
    if (value === undefined) unstated.push(UNSTATED_FIELDS[dimension as keyof typeof UNSTATED_FIELDS]);
    else if (!terms.some((term) => overlaps(taxonomy, dimension, value, term))) return undefined;
  }
  return { unstated };
}

// Two terms overlap when some term lies inside both. For dotted terms that is "one contains the other"; regions
// are not a tree (two regions may share members without either containing the other), hence the search.
function overlaps(taxonomy: Taxonomy, kind: Dimension, a: string, b: string): boolean {
  if (taxonomy.overlaps(kind, a, b)) return true;
  return (
    kind === 'jurisdictions' &&
    taxonomy.terms(kind).some((t) => taxonomy.isWithin(kind, t.id, a) && taxonomy.isWithin(kind, t.id, b))
  );
}

// `requires: { consent: [...] }` is all-of; `consent: purpose` is consent to the flow's own purpose.
function missingConsents(taxonomy: Taxonomy, rule: AnyRule, flow: CheckedFlow): string[] {
  if (rule.requires === undefined) return [];
  const needed = rule.requires.consent === 'purpose' ? [flow.purpose] : rule.requires.consent;
  return needed.filter((c) => !hasConsent(taxonomy, flow, c)).map((c) => `consent ${c}`);
}

// A consent covers what lies inside it: consent to `marketing` covers `marketing.communications.email`.
function hasConsent(taxonomy: Taxonomy, flow: CheckedFlow, needed: string): boolean {
  return flow.consent.some(
    (given) =>
      given === needed || taxonomy.isWithin('purposes', needed, given) || taxonomy.isWithin('consents', needed, given),
  );
}

function rulesOf(policy: LoadedPolicy, section: Section): PlacedRule[] {
  const rules = (policy.document[section] ?? []) as AnyRule[];
  return rules.map((rule, index) => ({
    ref: `${section}/${rule.id}`,
    at: formatAt(policy.locate([section, index])),
    rule,
  }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
