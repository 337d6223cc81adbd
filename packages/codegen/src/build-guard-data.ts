import { parseDurationDays, type LoadedPolicy, type Taxonomy, type TermKind } from '@pledge/policy-spec';
import type { DecisionObligation, GuardData, GuardRule, PolicyStamp } from './guard-runtime.js';

/** The rule dimensions, each also the taxonomy kind of its terms. */
export const GUARD_DIMENSIONS = ['categories', 'purposes', 'recipients', 'sources', 'subjects', 'jurisdictions', 'identifiability'] as const;
type Dimension = (typeof GUARD_DIMENSIONS)[number];

/** Any rule of any section, seen through the fields a decision reads. */
type AnyRule = Partial<Record<Dimension, string[]>> & {
  id: string;
  says?: string;
  actions?: ('collect' | 'use' | 'share' | 'retain')[];
  requires?: { consent: 'purpose' | string[] };
  obligations?: (string | { kind: string; duration?: string })[];
  at_most?: string;
};

/**
 * Precomputes what a guard needs to decide flows without the taxonomy: every term by kind, and for each rule and
 * each dimension it names, the exact set of flow terms that satisfy it (inside the rule's terms for allow rules,
 * overlapping them for forbid and retain rules), so that the runtime only looks terms up.
 */
export function buildGuardData(policy: LoadedPolicy, stamp: PolicyStamp): GuardData {
  const { document: doc, taxonomy } = policy;
  const at = (path: (string | number)[]) => {
    const loc = policy.locate(path);
    return `${loc.file}:${loc.line}:${loc.column}`;
  };
  const ids = (kind: TermKind) => taxonomy.terms(kind).map((t) => t.id);
  const place = (section: 'collect' | 'use' | 'share' | 'forbid' | 'retain'): GuardRule[] =>
    ((doc[section] ?? []) as AnyRule[]).map((rule, index) => guardRule(taxonomy, section, rule, at([section, index])));

  const data: {
    -readonly [K in keyof GuardData]: GuardData[K];
  } = {
    policy: { id: stamp.id, version: stamp.version, digest: stamp.digest },
    terms: {
      categories: ids('categories'),
      purposes: ids('purposes'),
      recipients: ids('recipients'),
      sources: ids('sources'),
      subjects: ids('subjects'),
      jurisdictions: ids('jurisdictions'),
      identifiability: ids('identifiability'),
      consents: ids('consents'),
    },
    firstParty: ids('recipients').filter((r) => taxonomy.isWithin('recipients', r, 'first_party')),
    rules: { collect: place('collect'), use: place('use'), share: place('share'), forbid: place('forbid'), retain: place('retain') },
  };
  const children = doc.children;
  if (children) {
    const c: { -readonly [K in keyof NonNullable<GuardData['children']>]: NonNullable<GuardData['children']>[K] } = {
      under: children.under,
      exempt: ids('purposes').filter((p) => children.exempt_purposes?.some((e) => taxonomy.isWithin('purposes', p, e)) ?? false),
      rule: `children/${children.id ?? `under-${children.under}`}`,
      at: at(['children']),
    };
    if (children.unless_consent !== undefined) c.unlessConsent = children.unless_consent;
    if (children.says !== undefined) c.says = children.says;
    data.children = c;
  }
  return data;
}

function guardRule(taxonomy: Taxonomy, section: 'collect' | 'use' | 'share' | 'forbid' | 'retain', rule: AnyRule, at: string): GuardRule {
  const isLimit = section === 'forbid' || section === 'retain';
  const match: { [D in Dimension]?: readonly string[] | '*' } = {};
  for (const dimension of GUARD_DIMENSIONS) {
    const terms = rule[dimension];
    if (terms === undefined) continue;
    const all = taxonomy.terms(dimension).map((t) => t.id);
    // Allow rules accept the terms inside theirs; forbid and retain rules the terms that share something with theirs.
    const inside = new Set(all.filter((value) => terms.some((term) => taxonomy.isWithin(dimension, value, term))));
    const below = descendants(taxonomy, dimension);
    const matching = isLimit ? all.filter((value) => below.get(value)!.some((d) => inside.has(d))) : all.filter((value) => inside.has(value));
    match[dimension] = matching.length === all.length ? '*' : matching;
  }
  const ref = `${section}/${rule.id}`;
  const out: { -readonly [K in keyof GuardRule]: GuardRule[K] } = { ref, at, match };
  if (rule.says !== undefined) out.says = rule.says;
  if (rule.actions !== undefined) out.actions = rule.actions;
  if (rule.requires !== undefined) out.requires = rule.requires.consent;
  if (rule.obligations !== undefined && rule.obligations.length > 0) {
    out.obligations = rule.obligations.map((o): DecisionObligation => {
      if (typeof o === 'string') return { kind: o, rule: ref };
      return o.duration === undefined ? { kind: o.kind, rule: ref } : { kind: o.kind, duration: o.duration, rule: ref };
    });
  }
  if (rule.at_most !== undefined) {
    out.atMost = rule.at_most;
    if (rule.at_most !== 'purpose') out.atMostDays = parseDurationDays(rule.at_most)!;
  }
  return out;
}

const descendantCache = new WeakMap<Taxonomy, Map<TermKind, Map<string, string[]>>>();

/**
 * Each term of a kind with every term inside it (itself included). Two terms overlap when some term lies inside
 * both: for dotted terms one contains the other, and two regions overlap when they share a member.
 */
function descendants(taxonomy: Taxonomy, kind: TermKind): Map<string, string[]> {
  let byKind = descendantCache.get(taxonomy);
  if (!byKind) descendantCache.set(taxonomy, (byKind = new Map()));
  let map = byKind.get(kind);
  if (!map) {
    map = new Map(taxonomy.terms(kind).map((t) => [t.id, [] as string[]]));
    for (const { id } of taxonomy.terms(kind)) for (const a of taxonomy.ancestors(kind, id)) map.get(a)?.push(id);
    byKind.set(kind, map);
  }
  return map;
}
