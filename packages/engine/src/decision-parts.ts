// Internal: the pieces a decision is made of, shared by the reference interpreter and the compiled decider so
// that both word and order their answers the same way. Matching logic does not live here.
import { suggest, type Dimension as PolicyDimension, type Taxonomy, type TermKind } from '@pledge/policy-spec';
import type { Decision, DecisionObligation, ErrorCode, FlowAction, PolicyStamp, Reason } from './types.js';

/** Flow actions, in the order the README lists them. */
export const FLOW_ACTIONS: readonly FlowAction[] = ['collect', 'use', 'share', 'retain'];

/**
 * The rule dimensions, in the order reasons list them and in which the compiled rules store what they accept. Each is
 * also the taxonomy kind of its terms.
 */
export const DIMENSIONS = [
  'categories',
  'purposes',
  'recipients',
  'sources',
  'subjects',
  'jurisdictions',
  'identifiability',
] as const satisfies readonly (PolicyDimension & TermKind)[];
export type Dimension = (typeof DIMENSIONS)[number];

/** The rule dimensions a flow may leave unstated, and the flow field that states each. */
export const UNSTATED_FIELDS = {
  sources: 'source',
  subjects: 'subject.kind',
  jurisdictions: 'subject.jurisdiction',
} as const;
export type OptionalDimension = keyof typeof UNSTATED_FIELDS;
/** Canonical order of `unstated` lists. */
export const OPTIONAL_DIMENSIONS: readonly OptionalDimension[] = ['sources', 'subjects', 'jurisdictions'];

/** What one category of a flow came to. */
export interface CategoryOutcome {
  allowed: boolean;
  /** Allowing rules when allowed, denying reasons otherwise. */
  reasons: readonly Reason[];
  /** Empty unless allowed. */
  obligations: readonly DecisionObligation[];
}

/** The fields of a reason; `makeReason` drops the absent and empty ones and fixes the key order. */
export interface ReasonFields {
  rule: string;
  effect: 'allow' | 'deny';
  category?: string | undefined;
  says?: string | undefined;
  at?: string | undefined;
  missing?: readonly string[] | undefined;
  unstated?: readonly string[] | undefined;
  message?: string | undefined;
}

/** Builds a reason with its keys in canonical order, without undefined or empty fields. */
export function makeReason(f: ReasonFields): Reason {
  const r: { -readonly [K in keyof Reason]: Reason[K] } = { rule: f.rule, effect: f.effect };
  if (f.category !== undefined) r.category = f.category;
  if (f.says !== undefined) r.says = f.says;
  if (f.at !== undefined) r.at = f.at;
  if (f.missing !== undefined && f.missing.length > 0) r.missing = f.missing;
  if (f.unstated !== undefined && f.unstated.length > 0) r.unstated = f.unstated;
  if (f.message !== undefined) r.message = f.message;
  return r;
}

/** The same reason, about one category of a multi-category flow. */
export function withCategory(reason: Reason, category: string): Reason {
  return makeReason({ ...reason, category });
}

/** `file:line:column`, the form editors jump to. */
export function formatAt(location: { file: string; line: number; column: number }): string {
  return `${location.file}:${location.line}:${location.column}`;
}

const tick = (s: string) => `\`${s}\``;

/** "applies because the flow states no `source`": why an unstated dimension made a forbid or retain rule apply. */
export function unstatedMessage(unstated: readonly string[]): string {
  return `applies because the flow states no ${unstated.map(tick).join(' or ')}`;
}

/** Reason of a matching forbid rule. */
export function forbidReason(rule: string, says: string | undefined, at: string, unstated: readonly string[]): Reason {
  return makeReason({
    rule,
    effect: 'deny',
    says,
    at,
    unstated,
    message: unstated.length > 0 ? unstatedMessage(unstated) : undefined,
  });
}

/**
 * Reason of a retain rule whose cap the flow's retention exceeds. The message leaves out the flow's own retention
 * so that the reason depends only on which caps are exceeded.
 */
export function retainDenyReason(
  rule: string,
  says: string | undefined,
  at: string,
  unstated: readonly string[],
  cap: string,
): Reason {
  const message = `keeps this data at most ${cap}, less than the flow's retention`;
  return makeReason({
    rule,
    effect: 'deny',
    says,
    at,
    unstated,
    message: unstated.length > 0 ? `${message}; ${unstatedMessage(unstated)}` : message,
  });
}

/** Reason of an allow rule that allowed the flow. */
export function allowReason(rule: string, says: string | undefined, at: string): Reason {
  return makeReason({ rule, effect: 'allow', says, at });
}

/** Reason of an allow rule that matched every dimension the flow states but lacked a consent or a stated dimension. */
export function nearMissReason(
  rule: string,
  says: string | undefined,
  at: string,
  missing: readonly string[],
  unstated: readonly string[],
): Reason {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`requires ${missing.join(' and ')}`);
  if (unstated.length > 0) parts.push(`applies only to flows that state ${unstated.map(tick).join(' and ')}`);
  return makeReason({ rule, effect: 'allow', says, at, missing, unstated, message: parts.join('; ') });
}

/** Which half of a `collect` flow found no allowing rule. */
export type DefaultDenyCase = 'use' | 'share' | 'collect-both' | 'collect-rule' | 'collect-purpose';

const DEFAULT_DENY_MESSAGES: Record<DefaultDenyCase, string> = {
  use: 'no use rule allows this flow',
  share: 'no share rule allows this flow',
  'collect-both': 'no collect rule covers this collection and no use or share rule allows its purpose',
  'collect-rule': 'no collect rule covers this collection',
  'collect-purpose': 'no use or share rule allows the purpose of this collection',
};

/** The `default/deny` reason; `unstated` gathers the dimensions the near-miss rules needed stated. */
export function defaultDenyReason(which: DefaultDenyCase, unstated: readonly string[]): Reason {
  return makeReason({ rule: 'default/deny', effect: 'deny', unstated, message: DEFAULT_DENY_MESSAGES[which] });
}

/** The reason of the `children:` clause. */
export function childrenReason(
  children: { id?: string; under: number; unless_consent?: string; says?: string },
  at: string,
): Reason {
  const unless = children.unless_consent;
  return makeReason({
    rule: `children/${children.id ?? `under-${children.under}`}`,
    effect: 'deny',
    says: children.says,
    at,
    missing: unless === undefined ? undefined : [`consent ${unless}`],
    message:
      `the subject is under ${children.under}` +
      (unless === undefined ? '' : ` and the flow has no ${tick(unless)} consent`),
  });
}

/** An obligation a rule declares, as the decision carries it. */
export function ruleObligation(o: string | { kind: string; duration?: string }, rule: string): DecisionObligation {
  if (typeof o === 'string') return { kind: o, rule };
  return o.duration === undefined ? { kind: o.kind, rule } : { kind: o.kind, duration: o.duration, rule };
}

/** The obligation a matching retain rule adds to an allow. */
export function retainObligation(atMost: string, rule: string): DecisionObligation {
  return atMost === 'purpose'
    ? { kind: 'delete_when_purpose_fulfilled', rule }
    : { kind: 'retain_at_most', duration: atMost, rule };
}

/** Drops repeated obligations (same kind, duration and rule), keeping the first. Returns `list` when it has none. */
export function dedupeObligations(list: readonly DecisionObligation[]): readonly DecisionObligation[] {
  if (list.length > 16) {
    const seen = new Set<string>();
    return list.filter((o) => {
      const key = `${o.kind}\u0000${o.duration ?? ''}\u0000${o.rule}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  // Lists are short: compare pairwise rather than build keys, so the common case allocates nothing.
  let out: DecisionObligation[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const o = list[i]!;
    let repeated = false;
    for (let j = 0; j < i && !repeated; j++) {
      const p = list[j]!;
      repeated = p.kind === o.kind && p.duration === o.duration && p.rule === o.rule;
    }
    if (repeated) out ??= list.slice(0, i);
    else out?.push(o);
  }
  return out ?? list;
}

/**
 * The conjunction of per-category outcomes: allowed only when no children reason and every category is allowed.
 * `categories` are the flow's distinct categories; reasons name them when there are several.
 */
export function combineOutcomes(
  stamp: PolicyStamp,
  children: Reason | undefined,
  categories: readonly string[],
  outcomes: readonly CategoryOutcome[],
): Decision {
  const multi = categories.length > 1;
  const tag = (reasons: readonly Reason[], i: number) =>
    multi ? reasons.map((r) => withCategory(r, categories[i]!)) : reasons;
  if (children === undefined && outcomes.every((o) => o.allowed)) {
    return {
      decision: 'allow',
      reasons: outcomes.flatMap((o, i) => tag(o.reasons, i)),
      obligations: dedupeObligations(outcomes.flatMap((o) => o.obligations)),
      policy: stamp,
    };
  }
  const reasons: Reason[] = children === undefined ? [] : [children];
  outcomes.forEach((o, i) => {
    if (!o.allowed) reasons.push(...tag(o.reasons, i));
  });
  return { decision: 'deny', reasons, obligations: [], policy: stamp };
}

/** Cuts user values down to a readable length before they go into a message. */
function show(value: string): string {
  return tick(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/**
 * What an unknown term was meant to be, for `error/unknown-term` messages, and the taxonomy kinds whose terms it
 * could have been (the did-you-mean candidates).
 */
const TERM_NOUN_KINDS = {
  category: ['categories'],
  purpose: ['purposes'],
  recipient: ['recipients'],
  'identifiability level': ['identifiability'],
  source: ['sources'],
  'consent or purpose': ['consents', 'purposes'],
  'subject kind': ['subjects'],
  jurisdiction: ['jurisdictions'],
} as const satisfies Record<string, readonly TermKind[]>;
export type TermNoun = keyof typeof TERM_NOUN_KINDS;

/**
 * The terms a flow's unknown term of `noun` is compared with for a suggestion: every term of its kinds (the standard
 * taxonomy and the policy's own), in taxonomy order, each once. Both deciders call this, so they suggest alike.
 */
export function termCandidates(taxonomy: Taxonomy, noun: TermNoun): readonly string[] {
  const kinds: readonly TermKind[] = TERM_NOUN_KINDS[noun];
  return [...new Set(kinds.flatMap((kind) => taxonomy.terms(kind).map((t) => t.id)))];
}

/**
 * Longest unknown term that gets a suggestion. Real terms are far shorter (the standard taxonomy's longest has 44
 * characters); the cap bounds the work a hostile flow (a megabyte-long category) can cause.
 */
const MAX_SUGGESTED_LENGTH = 100;

/** What each flow field must be, for `error/bad-type` messages. */
const EXPECTED_TYPES = {
  action: 'a string',
  category: 'a category id or an array of them',
  purpose: 'a purpose id',
  recipient: 'a recipient id',
  identifiability: 'an identifiability id',
  source: 'a source id',
  retention: 'an ISO 8601 duration string',
  consent: 'an array of consent or purpose ids',
  subject: 'an object',
  'subject.kind': 'a subject id',
  'subject.age': 'a number',
  'subject.jurisdiction': 'a jurisdiction id',
} as const;

/** A flow error: the reason and the message, worded once for both deciders. */
export const flowErrors = {
  invalidFlow: () => flowError('invalid-flow', 'a flow is a JSON object such as `{ "category": …, "purpose": … }`'),
  unknownKey: (key: string) => flowError('unknown-key', `unknown key ${show(key)}`),
  missingCategory: () => flowError('missing-category', 'the flow names no `category`'),
  missingPurpose: () => flowError('missing-purpose', 'the flow names no `purpose`'),
  badType: (field: keyof typeof EXPECTED_TYPES) =>
    flowError('bad-type', `\`${field}\` must be ${EXPECTED_TYPES[field]}`),
  badAction: (value: string) =>
    flowError('bad-value', `\`action\` must be collect, use, share or retain, not ${show(value)}`),
  badAge: () => flowError('bad-value', '`subject.age` must be a finite number of years, 0 or more'),
  /** `candidates`: {@link termCandidates} of `noun`; the closest one, if plausible, is suggested. */
  unknownTerm: (noun: TermNoun, term: string, candidates: readonly string[]) => {
    const guess = suggest(term, candidates, MAX_SUGGESTED_LENGTH);
    const help = guess === undefined ? '' : ` — did you mean ${show(guess)}?`;
    return flowError('unknown-term', `unknown ${noun} ${show(term)}${help}`);
  },
  badDuration: (value: string) =>
    flowError(
      'bad-duration',
      `\`retention\` must be an ISO 8601 duration such as P30D, P6M or P1Y, not ${show(value)}`,
    ),
  recipientActionMismatch: (action: FlowAction, recipient: string) =>
    flowError(
      'recipient-action-mismatch',
      action === 'share'
        ? `a share flow names its recipient; ${show(recipient)} is first party (that is \`use\`)`
        : `a ${action} flow stays with \`first_party\`; giving data to ${show(recipient)} is \`share\``,
    ),
  internal: () => flowError('internal', 'the engine failed while deciding; the flow is denied'),
};

function flowError(code: ErrorCode, message: string): Reason {
  return { rule: `error/${code}`, effect: 'deny', message };
}

/** A deny carrying one error reason. */
export function errorDecision(reason: Reason, stamp: PolicyStamp): Decision {
  return { decision: 'deny', reasons: [reason], obligations: [], policy: stamp };
}
