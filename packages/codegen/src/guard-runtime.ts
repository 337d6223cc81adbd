// The decision procedure every generated guard module carries. `generateGuards` copies the region below, verbatim,
// into each `<policy-id>.guard.ts` after that policy's data, so a guard needs nothing else at runtime. The code is
// type-checked and tested here; the same semantics as @pledge/engine's Decider, over tables the generator
// precomputed from the policy and its taxonomy (which terms each rule matches), so deciding is set lookups.
// Keep it free of imports and of anything a strict TypeScript project would reject.

// #region guard-runtime
/** What a flow does with the data. */
export type FlowAction = 'collect' | 'use' | 'share' | 'retain';

/** One rule (or built-in reason) behind a decision. */
export interface Reason {
  /** `section/id` of a rule, `children/…`, `default/deny`, or `error/<code>` for a bad flow. */
  readonly rule: string;
  readonly effect: 'allow' | 'deny';
  /** The category this reason is about, when the flow names several. */
  readonly category?: string;
  /** The rule's plain-language sentence. */
  readonly says?: string;
  /** Where the rule is written: `policies/x.yaml:12:5`. */
  readonly at?: string;
  /** Unmet requirements, e.g. `consent marketing.communications.email`. */
  readonly missing?: readonly string[];
  /** Flow fields whose absence made this reason apply. */
  readonly unstated?: readonly string[];
  readonly message?: string;
}

/** Something the caller must do because the flow was allowed. */
export interface DecisionObligation {
  readonly kind: string;
  readonly duration?: string;
  readonly rule: string;
}

/** Which policy made a decision. */
export interface PolicyStamp {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
}

/** The answer to a flow: the same object the Pledge engine returns. */
export interface Decision {
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly Reason[];
  readonly obligations: readonly DecisionObligation[];
  readonly policy: PolicyStamp;
}

/** The rule dimensions, in the order reasons list them. */
type GuardDimension = 'categories' | 'purposes' | 'recipients' | 'sources' | 'subjects' | 'jurisdictions' | 'identifiability';

/**
 * One rule, precomputed: for each dimension it names, the terms of the flow that satisfy it (for allow rules the
 * terms inside the rule's own; for forbid and retain rules the terms overlapping them), or `'*'` for all of them.
 */
interface GuardRule {
  readonly ref: string;
  readonly at: string;
  readonly says?: string;
  readonly match: { readonly [D in GuardDimension]?: readonly string[] | '*' };
  readonly actions?: readonly FlowAction[];
  readonly requires?: 'purpose' | readonly string[];
  readonly obligations?: readonly DecisionObligation[];
  /** Retain rules: the cap (`purpose` or a duration) and, for a duration, its length in days. */
  readonly atMost?: string;
  readonly atMostDays?: number;
}

/** Everything a guard knows about its policy. */
interface GuardData {
  readonly policy: PolicyStamp;
  /** Every term of the policy's taxonomy, by kind (taxonomy order). */
  readonly terms: { readonly [K in GuardDimension | 'consents']: readonly string[] };
  /** Recipients that are `first_party` or inside it. */
  readonly firstParty: readonly string[];
  readonly rules: { readonly [S in 'collect' | 'use' | 'share' | 'forbid' | 'retain']: readonly GuardRule[] };
  readonly children?: {
    readonly under: number;
    readonly unlessConsent?: string;
    /** Purposes inside one of the exempt purposes. */
    readonly exempt: readonly string[];
    readonly rule: string;
    readonly at: string;
    readonly says?: string;
  };
}

interface CheckedFlow {
  action: FlowAction;
  categories: string[];
  purpose: string;
  recipient: string;
  identifiability: string;
  source?: string;
  kind?: string;
  jurisdiction?: string;
  age?: number;
  consent: readonly string[];
  retention?: { text: string; days: number };
}

interface CategoryOutcome {
  allowed: boolean;
  reasons: Reason[];
  obligations: DecisionObligation[];
}

interface Tables {
  readonly data: GuardData;
  readonly has: { readonly [K in GuardDimension | 'consents']: ReadonlySet<string> };
  /** The terms an unknown term of each kind is compared with for a did-you-mean, in taxonomy order. */
  readonly candidates: { readonly [N in TermNoun]: readonly string[] };
  readonly firstParty: ReadonlySet<string>;
  readonly exempt: ReadonlySet<string>;
  readonly match: Map<GuardRule, { readonly [D in GuardDimension]?: ReadonlySet<string> | '*' }>;
}

const DIMENSIONS: readonly GuardDimension[] = ['categories', 'purposes', 'recipients', 'sources', 'subjects', 'jurisdictions', 'identifiability'];
const ACTIONS: readonly FlowAction[] = ['collect', 'use', 'share', 'retain'];
const UNSTATED: { readonly [D in GuardDimension]?: string } = { sources: 'source', subjects: 'subject.kind', jurisdictions: 'subject.jurisdiction' };
const DEFAULT_DENY = {
  use: 'no use rule allows this flow',
  share: 'no share rule allows this flow',
  'collect-both': 'no collect rule covers this collection and no use or share rule allows its purpose',
  'collect-rule': 'no collect rule covers this collection',
  'collect-purpose': 'no use or share rule allows the purpose of this collection',
} as const;
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;
/** What an unknown term was meant to be, as messages name it, and the kinds whose terms it could have been. */
const TERM_NOUN_KINDS = {
  category: ['categories'],
  purpose: ['purposes'],
  recipient: ['recipients'],
  'identifiability level': ['identifiability'],
  source: ['sources'],
  'consent or purpose': ['consents', 'purposes'],
  'subject kind': ['subjects'],
  jurisdiction: ['jurisdictions'],
} as const;
type TermNoun = keyof typeof TERM_NOUN_KINDS;
/** Longest unknown term that gets a suggestion: the cap bounds the work a hostile flow can cause. */
const MAX_SUGGESTED_LENGTH = 100;

/** Builds the lookup sets of a guard once, when its module loads. */
function prepareGuard(data: GuardData): Tables {
  const set = (list: readonly string[]) => new Set(list);
  const match = new Map<GuardRule, { [D in GuardDimension]?: ReadonlySet<string> | '*' }>();
  for (const section of ['collect', 'use', 'share', 'forbid', 'retain'] as const) {
    for (const rule of data.rules[section]) {
      const m: { [D in GuardDimension]?: ReadonlySet<string> | '*' } = {};
      for (const d of DIMENSIONS) {
        const terms = rule.match[d];
        if (terms !== undefined) m[d] = terms === '*' ? '*' : set(terms);
      }
      match.set(rule, m);
    }
  }
  const candidates = {} as { [N in TermNoun]: readonly string[] };
  for (const noun of Object.keys(TERM_NOUN_KINDS) as TermNoun[]) {
    const kinds: readonly (GuardDimension | 'consents')[] = TERM_NOUN_KINDS[noun];
    candidates[noun] = [...new Set(kinds.flatMap((kind) => data.terms[kind]))];
  }
  return {
    data,
    candidates,
    has: {
      categories: set(data.terms.categories),
      purposes: set(data.terms.purposes),
      recipients: set(data.terms.recipients),
      sources: set(data.terms.sources),
      subjects: set(data.terms.subjects),
      jurisdictions: set(data.terms.jurisdictions),
      identifiability: set(data.terms.identifiability),
      consents: set(data.terms.consents),
    },
    firstParty: set(data.firstParty),
    exempt: set(data.children?.exempt ?? []),
    match,
  };
}

/** Decides any value as a flow, exactly as the Pledge engine does. Never throws; the decision is frozen. */
function decideGuardFlow(t: Tables, input: unknown): Decision {
  const stamp = t.data.policy;
  try {
    const checked = checkFlow(t, input);
    if ('error' in checked) return freezeDecision(errorDecision(checked.error, stamp));
    const flow = checked.flow;
    const children = checkChildren(t, flow);
    const outcomes = flow.categories.map((category) => decideCategory(t, flow, category));
    return freezeDecision(combineOutcomes(stamp, children, flow.categories, outcomes));
  } catch {
    return freezeDecision(errorDecision(flowError('internal', 'the engine failed while deciding; the flow is denied'), stamp));
  }
}

// Decisions are immutable, as the engine's are: a caller that wants to change one copies it.
function freezeDecision(decision: Decision): Decision {
  for (const reason of decision.reasons) {
    if (reason.missing) Object.freeze(reason.missing);
    if (reason.unstated) Object.freeze(reason.unstated);
    Object.freeze(reason);
  }
  decision.obligations.forEach((o) => Object.freeze(o));
  Object.freeze(decision.reasons);
  Object.freeze(decision.obligations);
  Object.freeze(decision.policy);
  return Object.freeze(decision);
}

function checkFlow(t: Tables, input: unknown): { flow: CheckedFlow } | { error: Reason } {
  if (!isRecord(input)) return { error: flowError('invalid-flow', 'a flow is a JSON object such as `{ "category": …, "purpose": … }`') };
  const badType = (field: string, expected: string) => ({ error: flowError('bad-type', `\`${field}\` must be ${expected}`) });
  const unknown = (noun: TermNoun, term: string) => {
    const guess = suggestTerm(term, t.candidates[noun]);
    return { error: flowError('unknown-term', `unknown ${noun} ${show(term)}${guess === undefined ? '' : ` — did you mean ${show(guess)}?`}`) };
  };
  let action: FlowAction | undefined;
  let categories: string[] | undefined;
  let purpose: string | undefined;
  let recipient: string | undefined;
  let identifiability: string | undefined;
  let source: string | undefined;
  let kind: string | undefined;
  let jurisdiction: string | undefined;
  let age: number | undefined;
  let consent: readonly string[] = [];
  let retention: { text: string; days: number } | undefined;

  for (const key in input) {
    const value = input[key];
    if (value === undefined) continue;
    switch (key) {
      case 'action':
        if (typeof value !== 'string') return badType('action', 'a string');
        if (!(ACTIONS as readonly string[]).includes(value)) {
          return { error: flowError('bad-value', `\`action\` must be collect, use, share or retain, not ${show(value)}`) };
        }
        action = value as FlowAction;
        break;
      case 'category': {
        const list: unknown[] | undefined = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
        if (list === undefined) return badType('category', 'a category id or an array of them');
        if (list.length === 0) return { error: flowError('missing-category', 'the flow names no `category`') };
        for (const c of list) {
          if (typeof c !== 'string') return badType('category', 'a category id or an array of them');
          if (!t.has.categories.has(c)) return unknown('category', c);
        }
        categories = [...new Set(list as string[])];
        break;
      }
      case 'purpose':
        if (typeof value !== 'string') return badType('purpose', 'a purpose id');
        if (!t.has.purposes.has(value)) return unknown('purpose', value);
        purpose = value;
        break;
      case 'recipient':
        if (typeof value !== 'string') return badType('recipient', 'a recipient id');
        if (!t.has.recipients.has(value)) return unknown('recipient', value);
        recipient = value;
        break;
      case 'identifiability':
        if (typeof value !== 'string') return badType('identifiability', 'an identifiability id');
        if (!t.has.identifiability.has(value)) return unknown('identifiability level', value);
        identifiability = value;
        break;
      case 'source':
        if (typeof value !== 'string') return badType('source', 'a source id');
        if (!t.has.sources.has(value)) return unknown('source', value);
        source = value;
        break;
      case 'retention': {
        if (typeof value !== 'string') return badType('retention', 'an ISO 8601 duration string');
        const days = durationDays(value);
        if (days === undefined) {
          return { error: flowError('bad-duration', `\`retention\` must be an ISO 8601 duration such as P30D, P6M or P1Y, not ${show(value)}`) };
        }
        retention = { text: value, days };
        break;
      }
      case 'consent':
        if (!Array.isArray(value)) return badType('consent', 'an array of consent or purpose ids');
        for (const c of value as unknown[]) {
          if (typeof c !== 'string') return badType('consent', 'an array of consent or purpose ids');
          if (!t.has.consents.has(c) && !t.has.purposes.has(c)) return unknown('consent or purpose', c);
        }
        consent = value as string[];
        break;
      case 'subject':
        if (!isRecord(value)) return badType('subject', 'an object');
        for (const subjectKey in value) {
          const v = value[subjectKey];
          if (v === undefined) continue;
          switch (subjectKey) {
            case 'kind':
              if (typeof v !== 'string') return badType('subject.kind', 'a subject id');
              if (!t.has.subjects.has(v)) return unknown('subject kind', v);
              kind = v;
              break;
            case 'age':
              if (typeof v !== 'number') return badType('subject.age', 'a number');
              if (!Number.isFinite(v) || v < 0) return { error: flowError('bad-value', '`subject.age` must be a finite number of years, 0 or more') };
              age = v;
              break;
            case 'jurisdiction':
              if (typeof v !== 'string') return badType('subject.jurisdiction', 'a jurisdiction id');
              if (!t.has.jurisdictions.has(v)) return unknown('jurisdiction', v);
              jurisdiction = v;
              break;
            default:
              return { error: flowError('unknown-key', `unknown key ${show(`subject.${subjectKey}`)}`) };
          }
        }
        break;
      default:
        return { error: flowError('unknown-key', `unknown key ${show(key)}`) };
    }
  }
  if (categories === undefined) return { error: flowError('missing-category', 'the flow names no `category`') };
  if (purpose === undefined) return { error: flowError('missing-purpose', 'the flow names no `purpose`') };

  recipient ??= 'first_party';
  const firstParty = t.firstParty.has(recipient);
  action ??= firstParty ? 'use' : 'share';
  identifiability ??= 'identified';
  if (firstParty === (action === 'share')) {
    const message =
      action === 'share'
        ? `a share flow names its recipient; ${show(recipient)} is first party (that is \`use\`)`
        : `a ${action} flow stays with \`first_party\`; giving data to ${show(recipient)} is \`share\``;
    return { error: flowError('recipient-action-mismatch', message) };
  }
  const flow: CheckedFlow = { action, categories, purpose, recipient, identifiability, consent };
  if (source !== undefined) flow.source = source;
  if (kind !== undefined) flow.kind = kind;
  if (jurisdiction !== undefined) flow.jurisdiction = jurisdiction;
  if (age !== undefined) flow.age = age;
  if (retention !== undefined) flow.retention = retention;
  return { flow };
}

function checkChildren(t: Tables, flow: CheckedFlow): Reason | undefined {
  const children = t.data.children;
  if (children === undefined || flow.age === undefined || !(flow.age < children.under)) return undefined;
  const unless = children.unlessConsent;
  if (unless !== undefined && hasConsent(t, flow, unless)) return undefined;
  if (t.exempt.has(flow.purpose)) return undefined;
  return makeReason({
    rule: children.rule,
    effect: 'deny',
    says: children.says,
    at: children.at,
    missing: unless === undefined ? undefined : [`consent ${unless}`],
    message: `the subject is under ${children.under}` + (unless === undefined ? '' : ` and the flow has no \`${unless}\` consent`),
  });
}

function decideCategory(t: Tables, flow: CheckedFlow, category: string): CategoryOutcome {
  const values: { [D in GuardDimension]: string | undefined } = {
    categories: category,
    purposes: flow.purpose,
    recipients: flow.recipient,
    sources: flow.source,
    subjects: flow.kind,
    jurisdictions: flow.jurisdiction,
    identifiability: flow.identifiability,
  };
  const rules = t.data.rules;
  const denials: Reason[] = [];
  for (const rule of rules.forbid) {
    const unstated = matchLimit(t, rule, values, flow.action);
    if (unstated) {
      denials.push(makeReason({ rule: rule.ref, effect: 'deny', says: rule.says, at: rule.at, unstated, message: unstated.length > 0 ? unstatedMessage(unstated) : undefined }));
    }
  }
  const retention: DecisionObligation[] = [];
  for (const rule of rules.retain) {
    const unstated = matchLimit(t, rule, values, flow.action);
    if (!unstated) continue;
    const atMost = rule.atMost!;
    retention.push(atMost === 'purpose' ? { kind: 'delete_when_purpose_fulfilled', rule: rule.ref } : { kind: 'retain_at_most', duration: atMost, rule: rule.ref });
    if (atMost !== 'purpose' && flow.retention !== undefined && flow.retention.days > rule.atMostDays!) {
      const message = `keeps this data at most ${atMost}, less than the flow's retention`;
      denials.push(
        makeReason({ rule: rule.ref, effect: 'deny', says: rule.says, at: rule.at, unstated, message: unstated.length > 0 ? `${message}; ${unstatedMessage(unstated)}` : message }),
      );
    }
  }

  const halves: { rules: readonly GuardRule[]; skip?: GuardDimension }[] =
    flow.action === 'collect'
      ? [{ rules: rules.collect }, { rules: [...rules.use, ...rules.share], skip: 'recipients' }]
      : [{ rules: flow.action === 'share' ? rules.share : rules.use }];
  const results = halves.map(({ rules: list, skip }) => findAllowing(t, list, values, flow, skip));
  if (!results.every((r) => r.allowing.length > 0)) {
    let which: keyof typeof DEFAULT_DENY;
    if (flow.action !== 'collect') which = flow.action === 'share' ? 'share' : 'use';
    else if (results[0]!.allowing.length === 0) which = results[1]!.allowing.length === 0 ? 'collect-both' : 'collect-rule';
    else which = 'collect-purpose';
    const nearMisses = results.filter((r) => r.allowing.length === 0).flatMap((r) => r.nearMisses);
    const unstated = ['source', 'subject.kind', 'subject.jurisdiction'].filter((field) => nearMisses.some((r) => r.unstated?.includes(field)));
    denials.push(makeReason({ rule: 'default/deny', effect: 'deny', unstated, message: DEFAULT_DENY[which] }), ...nearMisses);
  }
  if (denials.length > 0) return { allowed: false, reasons: denials, obligations: [] };

  const allowing = results.flatMap((r) => r.allowing);
  return {
    allowed: true,
    reasons: allowing.map((rule) => makeReason({ rule: rule.ref, effect: 'allow', says: rule.says, at: rule.at })),
    obligations: [...allowing.flatMap((rule) => rule.obligations ?? []), ...retention],
  };
}

function findAllowing(
  t: Tables,
  rules: readonly GuardRule[],
  values: { [D in GuardDimension]: string | undefined },
  flow: CheckedFlow,
  skip: GuardDimension | undefined,
): { allowing: GuardRule[]; nearMisses: Reason[] } {
  const allowing: GuardRule[] = [];
  const nearMisses: Reason[] = [];
  for (const rule of rules) {
    const unstated = matchAllow(t, rule, values, skip);
    if (!unstated) continue;
    const needed = rule.requires === undefined ? [] : rule.requires === 'purpose' ? [flow.purpose] : rule.requires;
    const missing = needed.filter((c) => !hasConsent(t, flow, c)).map((c) => `consent ${c}`);
    if (unstated.length === 0 && missing.length === 0) {
      allowing.push(rule);
    } else {
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`requires ${missing.join(' and ')}`);
      if (unstated.length > 0) parts.push(`applies only to flows that state ${unstated.map((u) => `\`${u}\``).join(' and ')}`);
      nearMisses.push(makeReason({ rule: rule.ref, effect: 'allow', says: rule.says, at: rule.at, missing, unstated, message: parts.join('; ') }));
    }
  }
  return { allowing, nearMisses };
}

// An allow rule: every dimension it names must be stated and inside it; unstated ones make a near miss.
function matchAllow(t: Tables, rule: GuardRule, values: { [D in GuardDimension]: string | undefined }, skip: GuardDimension | undefined): string[] | undefined {
  const match = t.match.get(rule)!;
  const unstated: string[] = [];
  for (const d of DIMENSIONS) {
    const terms = match[d];
    if (terms === undefined || d === skip) continue;
    const value = values[d];
    if (value === undefined) unstated.push(UNSTATED[d]!);
    else if (terms !== '*' && !terms.has(value)) return undefined;
  }
  return unstated;
}

// A forbid or retain rule: a named dimension matches an overlapping term or an unstated one.
function matchLimit(t: Tables, rule: GuardRule, values: { [D in GuardDimension]: string | undefined }, action: FlowAction): string[] | undefined {
  if (rule.actions && !rule.actions.some((a) => a === action || (a === 'use' && action === 'retain'))) return undefined;
  const match = t.match.get(rule)!;
  const unstated: string[] = [];
  for (const d of DIMENSIONS) {
    const terms = match[d];
    if (terms === undefined) continue;
    const value = values[d];
    if (value === undefined) unstated.push(UNSTATED[d]!);
    else if (terms !== '*' && !terms.has(value)) return undefined;
  }
  return unstated;
}

// A consent covers what lies inside it: consent to `marketing` covers `marketing.communications.email`.
function hasConsent(t: Tables, flow: CheckedFlow, needed: string): boolean {
  return flow.consent.some(
    (given) =>
      given === needed ||
      (t.has.purposes.has(needed) && needed.startsWith(`${given}.`)) ||
      (t.has.consents.has(needed) && needed.startsWith(`${given}.`)),
  );
}

function combineOutcomes(stamp: PolicyStamp, children: Reason | undefined, categories: readonly string[], outcomes: readonly CategoryOutcome[]): Decision {
  const multi = categories.length > 1;
  const tag = (reasons: readonly Reason[], i: number) => (multi ? reasons.map((r) => makeReason({ ...r, category: categories[i]! })) : reasons);
  if (children === undefined && outcomes.every((o) => o.allowed)) {
    const seen = new Set<string>();
    const obligations: DecisionObligation[] = [];
    for (const o of outcomes.flatMap((x) => x.obligations)) {
      const key = `${o.kind}\u0000${o.duration ?? ''}\u0000${o.rule}`;
      if (!seen.has(key)) {
        seen.add(key);
        obligations.push(o);
      }
    }
    return { decision: 'allow', reasons: outcomes.flatMap((o, i) => tag(o.reasons, i)), obligations, policy: stamp };
  }
  const reasons: Reason[] = children === undefined ? [] : [children];
  outcomes.forEach((o, i) => {
    if (!o.allowed) reasons.push(...tag(o.reasons, i));
  });
  return { decision: 'deny', reasons, obligations: [], policy: stamp };
}

function makeReason(f: {
  rule: string;
  effect: 'allow' | 'deny';
  category?: string | undefined;
  says?: string | undefined;
  at?: string | undefined;
  missing?: readonly string[] | undefined;
  unstated?: readonly string[] | undefined;
  message?: string | undefined;
}): Reason {
  const r: { -readonly [K in keyof Reason]: Reason[K] } = { rule: f.rule, effect: f.effect };
  if (f.category !== undefined) r.category = f.category;
  if (f.says !== undefined) r.says = f.says;
  if (f.at !== undefined) r.at = f.at;
  if (f.missing !== undefined && f.missing.length > 0) r.missing = f.missing;
  if (f.unstated !== undefined && f.unstated.length > 0) r.unstated = f.unstated;
  if (f.message !== undefined) r.message = f.message;
  return r;
}

function unstatedMessage(unstated: readonly string[]): string {
  return `applies because the flow states no ${unstated.map((u) => `\`${u}\``).join(' or ')}`;
}

function flowError(code: string, message: string): Reason {
  return { rule: `error/${code}`, effect: 'deny', message };
}

function errorDecision(reason: Reason, stamp: PolicyStamp): Decision {
  return { decision: 'deny', reasons: [reason], obligations: [], policy: stamp };
}

function show(value: string): string {
  return `\`${value.length > 80 ? `${value.slice(0, 77)}...` : value}\``;
}

// ISO 8601 durations in whole years, months, weeks and days; 1 Y = 365, 1 M = 30, 1 W = 7 days.
function durationDays(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const m = DURATION.exec(text);
  if (!m || text === 'P') return undefined;
  return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The did-you-mean of unknown terms: the candidate closest to `term` within a third of its length (at least 2 edits;
// 1 for terms of up to 3 characters, and only when one candidate is that close), else the shortest candidate that
// completes it at a word boundary. The same answer as the engine's and the policy loader's.
function suggestTerm(term: string, candidates: readonly string[]): string | undefined {
  const length = term.length;
  if (length === 0 || length > MAX_SUGGESTED_LENGTH) return undefined;
  const isShort = length <= 3;
  let best: string | undefined;
  let bestDistance = (isShort ? 1 : Math.max(2, Math.floor(length / 3))) + 1;
  let ties = 0;
  let completion: string | undefined;
  for (const candidate of candidates) {
    const next = candidate.charCodeAt(length);
    if (candidate.length > length && (completion === undefined || candidate.length < completion.length) && (next === 46 || next === 95 || next === 45) && candidate.startsWith(term)) {
      completion = candidate;
    }
    if (Math.abs(candidate.length - length) > bestDistance) continue;
    const distance = boundedDistance(term, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance && best !== undefined) ties++;
  }
  if (isShort && ties > 0) best = undefined;
  return bestDistance <= 2 ? best : (completion ?? best);
}

// Edit distance (Levenshtein) when at most `limit`, else `limit + 1`: a row's smallest entry never decreases.
function boundedDistance(a: string, b: string, limit: number): number {
  const row: number[] = [];
  for (let j = 0; j <= b.length; j++) row.push(j);
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    let diagonal = row[0]!;
    let left = i;
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const d = Math.min(ca === b.charCodeAt(j - 1) ? diagonal : diagonal + 1, above + 1, left + 1);
      row[j] = d;
      diagonal = above;
      left = d;
      if (d < smallest) smallest = d;
    }
    if (smallest > limit) return limit + 1;
  }
  return Math.min(row[b.length]!, limit + 1);
}
// #endregion guard-runtime

export { decideGuardFlow, prepareGuard, suggestTerm };
export type { GuardData, GuardRule, Tables as GuardTables };
