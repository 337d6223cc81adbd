import type { Decision, Reason } from '@pledge/engine';
import type { LoadedPolicy } from '@pledge/policy-spec';
import { createPhrasebook, sentence, type Phrasebook } from './create-phrasebook.js';

const GERUNDS = { collect: 'collecting', use: 'using', share: 'sharing', retain: 'keeping' } as const;
const UNSTATED_PHRASES: Record<string, string> = {
  source: 'where the data came from (`source`)',
  'subject.kind': 'whom the data is about (`subject.kind`)',
  'subject.jurisdiction': 'where the person is (`subject.jurisdiction`)',
};

/**
 * Explains one decision in plain English, with the same phrases as the rendered policy: what the flow does, the
 * verdict, each reason (the rule, where it is written, its `says:` sentence, what was missing) and, for an allow,
 * what the caller must do. `flow` is the flow as given; the decision must be the policy's answer to it.
 */
export function explainDecision(policy: LoadedPolicy, flow: unknown, decision: Decision): string {
  const say = createPhrasebook(policy.taxonomy);
  const lines: string[] = [];
  const error = decision.reasons.find((r) => r.rule.startsWith('error/'));
  if (error) {
    lines.push(`Denied: the flow cannot be checked (${error.rule}).`);
    // A message that already ends a sentence ("… did you mean `x`?") gets no second stop.
    if (error.message) lines.push(`Why: ${error.message}${/[.?!]$/.test(error.message) ? '' : '.'}`);
    return `${lines.join('\n')}\n`;
  }
  const what = describeFlow(say, flow);
  lines.push(`${decision.decision === 'allow' ? 'Allowed' : 'Denied'}: ${what}.`);
  lines.push(decision.decision === 'allow' ? 'Why it is allowed:' : 'Why it is denied:');
  for (const reason of decision.reasons) {
    // The engine names the category of a reason only when the flow has several.
    const prefix = reason.category ? `For ${say.categories([reason.category])}: ` : '';
    lines.push(...bullet(prefix + explainReason(say, policy, reason, decision.decision, flow)));
  }
  if (decision.decision === 'allow' && decision.obligations.length > 0) {
    lines.push('Obligations that come with it:');
    for (const o of decision.obligations) {
      const obligation = o.duration === undefined ? o.kind : { kind: o.kind, duration: o.duration };
      lines.push(...bullet(`${say.obligation(obligation)} (${o.rule})`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `sharing your payment card details with payment processors for processing payments`, from a flow's own terms. */
export function describeFlow(say: Phrasebook, flow: unknown): string {
  const f = (typeof flow === 'object' && flow !== null ? flow : {}) as Record<string, unknown>;
  const categories = typeof f['category'] === 'string' ? [f['category']] : Array.isArray(f['category']) ? f['category'].filter((c): c is string => typeof c === 'string') : [];
  const recipient = typeof f['recipient'] === 'string' ? f['recipient'] : 'first_party';
  const action = typeof f['action'] === 'string' && f['action'] in GERUNDS ? (f['action'] as keyof typeof GERUNDS) : recipient === 'first_party' ? 'use' : 'share';
  let text = `${GERUNDS[action]} ${say.categories(categories)}`;
  if (action === 'share') text += ` with ${say.recipients([recipient])}`;
  if (typeof f['purpose'] === 'string') text += ` for ${say.purposes([f['purpose']])}`;
  return text;
}

function explainReason(say: Phrasebook, policy: LoadedPolicy, reason: Reason, verdict: 'allow' | 'deny', flow: unknown): string {
  const where = reason.at ? ` (${reason.at})` : '';
  const quoted = reason.says ? ` It says: “${sentence(reason.says)}”` : '';
  const rule = `${reason.rule}${where}`;
  if (reason.rule === 'default/deny') {
    const unstated = reason.unstated?.length ? ` Some rules apply only when the flow states ${say.list(reason.unstated.map((u) => UNSTATED_PHRASES[u] ?? `\`${u}\``))}.` : '';
    return `No rule allows it (default/deny): ${reason.message ?? 'nothing allows this flow'}.${unstated}`;
  }
  if (reason.rule.startsWith('children/')) {
    const children = policy.document.children;
    const consent = children?.unless_consent ? `, and there is no ${say.consentTerm(children.unless_consent)}` : '';
    return `${rule}: the person is under ${children?.under ?? 'the age limit'}${consent}.${quoted}`;
  }
  if (reason.effect === 'allow' && verdict === 'allow') return `${rule} allows it.${quoted}`;
  if (reason.effect === 'allow') {
    const short: string[] = [];
    if (reason.missing?.length) short.push(`it needs ${say.list(reason.missing.map((m) => missingPhrase(say, m)))}`);
    if (reason.unstated?.length) short.push(`it applies only when the flow states ${say.list(reason.unstated.map((u) => UNSTATED_PHRASES[u] ?? `\`${u}\``))}`);
    return `${rule} would allow it, but ${short.join(', and ') || 'something it needs is missing'}.${quoted}`;
  }
  const section = reason.rule.split('/')[0];
  let why = section === 'forbid' ? `${rule} forbids it.` : section === 'retain' ? `${rule} limits how long this data is kept: ${retainPhrase(say, reason.message, flow)}.` : `${rule} denies it.`;
  if (reason.unstated?.length) {
    why += ` It applies because the flow does not state ${say.list(reason.unstated.map((u) => UNSTATED_PHRASES[u] ?? `\`${u}\``), 'or')}; state it to be judged on what it is.`;
  }
  return `${why}${quoted}`;
}

// `consent marketing.communications.email` → `your consent to marketing by email`.
function missingPhrase(say: Phrasebook, missing: string): string {
  const m = /^consent (.+)$/.exec(missing);
  return m ? say.consentTerm(m[1]!) : missing;
}

// `keeps this data at most P6M, …` → `at most six months, less than the flow asks for`.
function retainPhrase(say: Phrasebook, message: string | undefined, flow: unknown): string {
  const cap = /at most (P\w+)/.exec(message ?? '')?.[1];
  const asked = typeof flow === 'object' && flow !== null ? (flow as Record<string, unknown>)['retention'] : undefined;
  if (cap === undefined) return message ?? 'the flow asks to keep it too long';
  return `at most ${say.duration(cap)}${typeof asked === 'string' ? `, but the flow asks for ${say.duration(asked)}` : ''}`;
}

function bullet(text: string): string[] {
  return [`  - ${text}`];
}
