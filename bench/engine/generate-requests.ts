import type { Flow, FlowAction } from '@pledge/engine';
import type { LoadedPolicy, TermKind } from '@pledge/policy-spec';
import { createRandom } from './create-random.js';

/** How a benchmark request was built; the decision it gets is the engine's business. */
export type RequestShape = 'inside-rule' | 'consent-gated' | 'forbidden' | 'random' | 'child' | 'unknown-term';

/** A benchmark request: the flow and how it was built. */
export interface BenchRequest {
  flow: Flow;
  shape: RequestShape;
}

/** The share of each shape in a request mix (they add up to 1). */
export const REQUEST_MIX: Readonly<Record<RequestShape, number>> = {
  'inside-rule': 0.35,
  'consent-gated': 0.15,
  forbidden: 0.1,
  random: 0.2,
  child: 0.1,
  'unknown-term': 0.1,
};

type Dim = 'categories' | 'purposes' | 'recipients' | 'sources' | 'subjects' | 'jurisdictions' | 'identifiability';
type Rule = Partial<Record<Dim, string[]>> & { id: string; requires?: { consent: 'purpose' | string[] }; actions?: string[] };
type Section = 'collect' | 'use' | 'share' | 'forbid' | 'retain';

const RETENTIONS = ['P7D', 'P30D', 'P3M', 'P6M', 'P1Y', 'P2Y', 'P10Y'];

/**
 * Builds `count` flows from the policy's own rules with a fixed seed, in the proportions of {@link REQUEST_MIX}:
 * - `inside-rule`: a flow that lies inside an allow rule (a `use`, `share` or `collect` rule), with what the rule
 *   requires granted; often allowed, unless a forbid or retain rule also covers it;
 * - `consent-gated`: the same from a rule that requires a consent, granted half the time;
 * - `forbidden`: a flow that a forbid rule covers (sometimes leaving the rule's `source` unstated);
 * - `random`: category, purpose and recipient picked independently among the policy's terms, mostly denied;
 * - `child`: an `inside-rule` flow about a subject under the policy's children age (or any age when it has none);
 * - `unknown-term`: one of the above with one term misspelt, which the engine must deny.
 * Flows name a child term instead of the rule's term now and then, and state the optional fields (source,
 * subject, identifiability, retention) some of the time, as callers do. The same arguments give the same flows.
 */
export function generateRequests(policy: LoadedPolicy, count: number, seed: number): BenchRequest[] {
  const random = createRandom(seed);
  const taxonomy = policy.taxonomy;
  const doc = policy.document;
  const section = (name: Section): Rule[] => (doc[name] ?? []) as Rule[];
  const allowRules = [
    ...section('use').map((rule) => ({ rule, section: 'use' as const })),
    ...section('share').map((rule) => ({ rule, section: 'share' as const })),
    ...section('collect').map((rule) => ({ rule, section: 'collect' as const })),
  ];
  const gated = allowRules.filter((r) => r.rule.requires !== undefined);
  const purposeRules = [...section('use'), ...section('share')];
  const forbids = section('forbid');

  // The terms the policy talks about, and every term of the smaller kinds.
  const mentioned = (dim: Dim): string[] => {
    const set = new Set<string>();
    for (const name of ['collect', 'use', 'share', 'forbid', 'retain'] as const) {
      for (const rule of section(name)) for (const t of rule[dim] ?? []) set.add(t);
    }
    return [...set];
  };
  const termsOf = (kind: TermKind) => taxonomy.terms(kind).map((t) => t.id);
  const pools = {
    categories: [...new Set([...mentioned('categories'), ...termsOf('categories')])],
    purposes: [...new Set([...mentioned('purposes'), ...termsOf('purposes')])],
    recipients: [...new Set([...mentioned('recipients'), ...termsOf('recipients')])],
    sources: termsOf('sources'),
    subjects: termsOf('subjects'),
    jurisdictions: [...new Set([...mentioned('jurisdictions'), 'FR', 'DE', 'US-CA', 'US-NY', 'GB', 'JP', 'BR'])].filter((j) =>
      taxonomy.has('jurisdictions', j),
    ),
    identifiability: termsOf('identifiability'),
    consents: termsOf('consents'),
  };
  const children = doc.children;

  // A term inside `term`: itself mostly, one of its children now and then.
  const inside = (kind: TermKind, term: string): string => {
    if (!random.chance(0.25)) return term;
    const below = taxonomy.terms(kind).filter((t) => t.id.startsWith(`${term}.`));
    return below.length > 0 ? random.pick(below).id : term;
  };

  // The optional fields a caller states some of the time, within what the rule names when it names them.
  const addOptional = (flow: Flow & Record<string, unknown>, rule: Rule | undefined): void => {
    if (rule?.sources) flow.source = random.pick(rule.sources);
    else if (random.chance(0.5)) flow.source = random.pick(pools.sources);
    if (rule?.identifiability) flow.identifiability = random.pick(rule.identifiability);
    else if (random.chance(0.15)) flow.identifiability = random.pick(pools.identifiability);
    if (rule?.subjects || rule?.jurisdictions || random.chance(0.4)) {
      const subject: NonNullable<Flow['subject']> = {};
      if (rule?.subjects) subject.kind = random.pick(rule.subjects);
      else if (random.chance(0.7)) subject.kind = random.pick(pools.subjects);
      if (rule?.jurisdictions) subject.jurisdiction = randomMember(rule.jurisdictions);
      else if (random.chance(0.6)) subject.jurisdiction = random.pick(pools.jurisdictions);
      if (random.chance(0.5)) subject.age = 18 + random.int(60);
      flow.subject = subject;
    }
    if (random.chance(0.3)) flow.retention = random.pick(RETENTIONS);
  };
  // A country inside one of the regions a rule names (or the region itself).
  const randomMember = (regions: string[]): string => {
    const region = random.pick(regions);
    const members = taxonomy.get('jurisdictions', region)?.members ?? [];
    return members.length > 0 && random.chance(0.7) ? random.pick(members) : region;
  };

  const consentsFor = (rule: Rule, purpose: string): string[] => {
    if (rule.requires === undefined) return [];
    if (rule.requires.consent === 'purpose') {
      // Consent to the purpose itself or to a purpose above it.
      const above = taxonomy.ancestors('purposes', purpose);
      return [random.pick(above)];
    }
    return [...rule.requires.consent];
  };

  const fromAllowRule = (picked: { rule: Rule; section: 'use' | 'share' | 'collect' }, grant: boolean): Flow => {
    const { rule } = picked;
    const category = inside('categories', random.pick(rule.categories!));
    let purpose: string;
    let purposeRule: Rule | undefined;
    if (picked.section === 'collect') {
      // Collection needs a purpose: take one from a use or share rule on the same data when there is one.
      const matching = purposeRules.filter((r) => r.categories!.some((c) => taxonomy.isWithin('categories', category, c)));
      purposeRule = matching.length > 0 ? random.pick(matching) : random.pick(purposeRules);
      purpose = inside('purposes', random.pick(purposeRule.purposes!));
    } else {
      purpose = inside('purposes', random.pick(rule.purposes!));
    }
    const flow: Flow & Record<string, unknown> = { category, purpose };
    if (picked.section === 'share') {
      flow.action = 'share';
      flow.recipient = inside('recipients', random.pick(rule.recipients!));
      if (random.chance(0.3)) delete flow.action; // the default for a third-party recipient
    } else if (picked.section === 'collect') {
      flow.action = 'collect';
    } else {
      const roll = random.next();
      if (roll < 0.2) flow.action = 'retain';
      else if (roll < 0.6) flow.action = 'use';
      if (random.chance(0.3)) flow.recipient = 'first_party';
    }
    addOptional(flow, rule);
    const consent = grant ? [...consentsFor(rule, purpose), ...(purposeRule ? consentsFor(purposeRule, purpose) : [])] : [];
    if (random.chance(0.2)) consent.push(random.pick(pools.consents));
    if (consent.length > 0) flow.consent = [...new Set(consent)];
    return flow;
  };

  const fromForbid = (rule: Rule): Flow => {
    const flow: Flow & Record<string, unknown> = {
      category: inside('categories', rule.categories ? random.pick(rule.categories) : random.pick(pools.categories)),
      purpose: inside('purposes', rule.purposes ? random.pick(rule.purposes) : random.pick(pools.purposes)),
    };
    const action = rule.actions ? random.pick(rule.actions) : undefined;
    if (rule.recipients || action === 'share' || (action === undefined && random.chance(0.3))) {
      flow.action = 'share';
      flow.recipient = inside('recipients', rule.recipients ? random.pick(rule.recipients) : random.pick(pools.recipients.filter((r) => r !== 'first_party')));
    } else if (action !== undefined) {
      flow.action = action as FlowAction;
    }
    // Leave the rule's source unstated a third of the time: an unknown source could be the forbidden one.
    const keepSource = rule.sources !== undefined && random.chance(0.67);
    addOptional(flow, { id: rule.id, ...(rule.identifiability ? { identifiability: rule.identifiability } : {}) });
    if (keepSource) flow.source = random.pick(rule.sources!);
    else if (rule.sources) delete flow.source;
    return flow;
  };

  const randomFlow = (): Flow => {
    const flow: Flow & Record<string, unknown> = {
      category: random.pick(pools.categories),
      purpose: random.pick(pools.purposes),
    };
    const recipient = random.chance(0.5) ? 'first_party' : random.pick(pools.recipients);
    if (recipient !== 'first_party') flow.recipient = recipient;
    if (taxonomy.isWithin('recipients', recipient, 'first_party')) {
      if (random.chance(0.3)) flow.action = random.pick(['use', 'collect', 'retain'] as const);
    } else if (random.chance(0.5)) {
      flow.action = 'share';
    }
    addOptional(flow, undefined);
    if (random.chance(0.3)) flow.consent = random.sample([...pools.consents, ...pools.purposes], 1 + random.int(2));
    return flow;
  };

  const misspell = (term: string, kind: TermKind | 'consents+purposes'): string => {
    const known = (t: string) =>
      kind === 'consents+purposes' ? taxonomy.has('consents', t) || taxonomy.has('purposes', t) : taxonomy.has(kind, t);
    for (;;) {
      const i = random.int(term.length);
      const roll = random.int(3);
      const typo =
        roll === 0
          ? term.slice(0, i) + term.slice(i + 1) // a letter dropped
          : roll === 1
            ? term.slice(0, i) + term[i] + term.slice(i) // a letter doubled
            : `${term.slice(0, i)}${term[i + 1] ?? ''}${term[i] ?? ''}${term.slice(i + 2)}`; // two letters swapped
      if (typo.length > 0 && !known(typo)) return typo;
    }
  };
  const withUnknownTerm = (flow: Flow & Record<string, unknown>): Flow => {
    const roll = random.next();
    if (roll < 0.35) flow.category = misspell(flow.category as string, 'categories');
    else if (roll < 0.65) flow.purpose = misspell(flow.purpose, 'purposes');
    else if (roll < 0.8 && flow.recipient !== undefined) flow.recipient = misspell(flow.recipient, 'recipients');
    else if (roll < 0.9) flow.consent = [...(flow.consent ?? []), misspell(random.pick(pools.consents), 'consents+purposes')];
    else flow.source = misspell(flow.source ?? random.pick(pools.sources), 'sources');
    return flow;
  };

  const shapes = Object.entries(REQUEST_MIX) as [RequestShape, number][];
  const requests: BenchRequest[] = [];
  for (let i = 0; i < count; i++) {
    let roll = random.next();
    let shape: RequestShape = 'random';
    for (const [s, weight] of shapes) {
      if (roll < weight) {
        shape = s;
        break;
      }
      roll -= weight;
    }
    let flow: Flow;
    switch (shape) {
      case 'inside-rule':
        flow = fromAllowRule(random.pick(allowRules), true);
        break;
      case 'consent-gated':
        flow = gated.length > 0 ? fromAllowRule(random.pick(gated), random.chance(0.5)) : fromAllowRule(random.pick(allowRules), false);
        break;
      case 'forbidden':
        flow = forbids.length > 0 ? fromForbid(random.pick(forbids)) : randomFlow();
        break;
      case 'random':
        flow = randomFlow();
        break;
      case 'child': {
        flow = fromAllowRule(random.pick(allowRules), true);
        const under = children?.under ?? 13;
        flow.subject = { ...flow.subject, age: random.int(under) };
        // Half the children come with the consent that lifts the age rule, when the policy has one.
        if (children?.unless_consent !== undefined && random.chance(0.5)) {
          flow.consent = [...(flow.consent ?? []), children.unless_consent];
        }
        break;
      }
      case 'unknown-term':
        flow = withUnknownTerm(fromAllowRule(random.pick(allowRules), true) as Flow & Record<string, unknown>);
        break;
    }
    requests.push({ flow: canonical(flow), shape });
  }
  return requests;
}

const FLOW_KEYS = ['action', 'category', 'purpose', 'recipient', 'subject', 'consent', 'identifiability', 'retention', 'source'] as const;
const SUBJECT_KEYS = ['kind', 'age', 'jurisdiction'] as const;

// A fresh object with the keys in the order DESIGN.md lists them, as a client that serializes a typed flow sends
// it: the flows differ in which fields they state, not in the order of their keys.
function canonical(flow: Flow): Flow {
  const source = flow as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of FLOW_KEYS) {
    const value = source[key];
    if (value === undefined) continue;
    if (key === 'subject') {
      const subject: Record<string, unknown> = {};
      for (const k of SUBJECT_KEYS) if ((value as Record<string, unknown>)[k] !== undefined) subject[k] = (value as Record<string, unknown>)[k];
      out[key] = subject;
    } else {
      out[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    }
  }
  return out as unknown as Flow;
}
