import { createRandom, type Random } from './create-random.js';

/** The size of a generated policy. */
export interface GeneratedPolicyOptions {
  /** Rules across collect, use, share, forbid and retain (in the proportions of the seeds: mostly use and share). */
  rules: number;
  /** Terms the policy adds to the standard taxonomy: half categories, 35% purposes, 15% recipients. */
  terms: number;
  seed: number;
}

/** A generated policy's YAML text and the file name it goes by. */
export interface GeneratedPolicy {
  text: string;
  file: string;
  /** Rules per section, as generated. */
  counts: Record<'collect' | 'use' | 'share' | 'forbid' | 'retain', number>;
  /** Terms added per taxonomy kind. */
  added: Record<'categories' | 'purposes' | 'recipients', number>;
}

/** Leaves under each group term; the groups are the parents that rules on a whole family name. */
const LEAVES_PER_GROUP = 24;

/**
 * Generates a large policy over its own taxonomy: `terms` new categories, purposes and recipients in two-level
 * families (a group term and its leaves), and `rules` rules naming them, a few standard terms mixed in. Rules name
 * leaves mostly and whole groups sometimes, carry consent requirements, sources and identifiability like the seeds
 * do, and the forbid rules are narrow, so that the policy allows a fair share of the flows built from it. The same
 * options always give the same text.
 */
export function generatePolicy(options: GeneratedPolicyOptions): GeneratedPolicy {
  const random = createRandom(options.seed);
  const id = `generated-${options.rules}`;

  const categoryCount = Math.round(options.terms * 0.5);
  const purposeCount = Math.round(options.terms * 0.35);
  const recipientCount = options.terms - categoryCount - purposeCount;
  // Group prefixes sit below existing standard terms (or are new roots, for purposes) so every term has a parent.
  const categories = family(categoryCount, (g) => `user.g${g}`, 'c');
  const purposes = family(purposeCount, (g) => `gp${g}`, 'p');
  const recipientParents = ['processor', 'third_party', 'affiliate'];
  const recipients = family(recipientCount, (g) => `${recipientParents[g % recipientParents.length]!}.g${g}`, 'r');

  const standardCategories = ['user.name', 'user.contact.email', 'user.contact', 'user.device.ip_address', 'user.location'];
  const standardPurposes = ['essential.service.support', 'analytics', 'marketing.communications.email', 'legal'];
  const sources = ['user_provided', 'automatic', 'third_party_source', 'derived'];

  const pickTerms = (fam: Family, standard: readonly string[], max: number): string[] => {
    const n = 1 + random.int(max);
    const out = new Set<string>();
    for (let i = 0; i < n; i++) {
      const roll = random.next();
      if (roll < 0.08) out.add(random.pick(standard));
      else if (roll < 0.2) out.add(random.pick(fam.groups));
      else out.add(random.pick(fam.leaves));
    }
    return [...out];
  };

  const counts = {
    collect: Math.round(options.rules * 0.06),
    use: Math.round(options.rules * 0.48),
    share: Math.round(options.rules * 0.36),
    forbid: Math.round(options.rules * 0.06),
    retain: 0,
  };
  counts.retain = options.rules - counts.collect - counts.use - counts.share - counts.forbid;

  const collect = range(counts.collect).map((i) => ({
    id: `c${i}`,
    categories: pickTerms(categories, standardCategories, 5),
    ...(random.chance(0.7) ? { sources: random.sample(sources, 1 + random.int(2)) } : {}),
    ...(random.chance(0.1) ? { requires: { consent: 'purpose' } } : {}),
  }));
  const allowExtras = (r: Random): Record<string, unknown> => {
    const extra: Record<string, unknown> = {};
    const roll = r.next();
    if (roll < 0.1) extra['requires'] = { consent: 'purpose' };
    else if (roll < 0.2) extra['requires'] = { consent: [r.pick(purposes.leaves)] };
    else if (roll < 0.23) extra['requires'] = { consent: ['parental'] };
    if (r.chance(0.12)) extra['sources'] = r.sample(sources, 1 + r.int(2));
    if (r.chance(0.08)) extra['identifiability'] = r.pick([['pseudonymized', 'deidentified', 'aggregated'], ['aggregated']]);
    if (r.chance(0.05)) extra['subjects'] = r.sample(['customer', 'visitor', 'prospect', 'employee'], 2);
    if (r.chance(0.05)) extra['jurisdictions'] = [r.pick(['EEA', 'US', 'UK', 'US-CA'])];
    if (r.chance(0.15)) extra['obligations'] = [r.pick(['encrypt', 'limit_access', 'notify_user', 'unsubscribe_link'])];
    return extra;
  };
  const use = range(counts.use).map((i) => ({
    id: `u${i}`,
    categories: pickTerms(categories, standardCategories, 3),
    purposes: pickTerms(purposes, standardPurposes, 3),
    ...allowExtras(random),
  }));
  const share = range(counts.share).map((i) => ({
    id: `s${i}`,
    categories: pickTerms(categories, standardCategories, 3),
    purposes: pickTerms(purposes, standardPurposes, 2),
    recipients: pickTerms(recipients, ['processor.hosting', 'third_party.partner'], 2),
    ...allowExtras(random),
  }));
  // Narrow prohibitions: a leaf category with a leaf purpose, or a leaf recipient for identified data, sometimes
  // scoped to a source (so flows that leave `source` unstated meet them).
  const forbid = range(counts.forbid).map((i) => {
    const rule: Record<string, unknown> = { id: `f${i}` };
    if (random.chance(0.5)) {
      rule['categories'] = [random.pick(categories.leaves)];
      rule['purposes'] = [random.pick(purposes.leaves)];
    } else {
      rule['recipients'] = [random.pick(recipients.leaves)];
      rule['identifiability'] = ['identified'];
    }
    if (random.chance(0.3)) rule['sources'] = [random.pick(sources)];
    if (random.chance(0.2)) rule['actions'] = [random.pick(['collect', 'use', 'share'])];
    return rule;
  });
  const retain = range(counts.retain).map((i) => ({
    id: `r${i}`,
    categories: [random.chance(0.6) ? random.pick(categories.groups) : random.pick(categories.leaves)],
    at_most: random.pick(['purpose', 'P30D', 'P90D', 'P6M', 'P1Y', 'P2Y', 'P7Y']),
  }));

  const lines = [
    `# A generated policy: ${options.rules} rules over ${options.terms} added terms (seed ${options.seed}). Written by`,
    '# bench/engine/generate-policy.ts; one rule per line, so that it fits the loader\'s size limit.',
    'pledge: 1',
    `policy: {id: ${id}, title: Generated policy with ${options.rules} rules, organization: Benchmark, version: "2024-01-01"}`,
    'taxonomy:',
    ...termLines('categories', categories),
    ...termLines('purposes', purposes),
    ...termLines('recipients', recipients),
    ...ruleLines('collect', collect),
    ...ruleLines('use', use),
    ...ruleLines('share', share),
    ...ruleLines('forbid', forbid),
    ...ruleLines('retain', retain),
    `children: {id: under_16, under: 16, unless_consent: parental, exempt_purposes: [legal], says: ${SAYS}}`,
  ];
  return {
    text: `${lines.join('\n')}\n`,
    file: `${id}.yaml`,
    counts,
    added: { categories: categories.all.length, purposes: purposes.all.length, recipients: recipients.all.length },
  };
}

/** The `says:` of the children clause. Rules go without one (a warning, PLG008): the loader's size limit. */
const SAYS = 'A generated rule.';

// YAML flow style for the values generated here: plain scalars (terms, ids, durations, SAYS) need no quotes.
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${flow(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function ruleLines(section: string, rules: readonly object[]): string[] {
  return rules.length === 0 ? [] : [`${section}:`, ...rules.map((r) => `- ${flow(r)}`)];
}

function termLines(kind: string, fam: Family): string[] {
  return [` ${kind}:`, ...fam.all.map((t) => `  ${t}: {label: Term}`)];
}

interface Family {
  groups: string[];
  leaves: string[];
  all: string[];
}

// `count` terms: groups of one parent and up to LEAVES_PER_GROUP leaves, the last group possibly smaller.
function family(count: number, groupName: (g: number) => string, leafPrefix: string): Family {
  const groups: string[] = [];
  const leaves: string[] = [];
  const all: string[] = [];
  for (let g = 0; all.length < count; g++) {
    const group = groupName(g);
    groups.push(group);
    all.push(group);
    for (let l = 0; l < LEAVES_PER_GROUP && all.length < count; l++) {
      const leaf = `${group}.${leafPrefix}${l}`;
      leaves.push(leaf);
      all.push(leaf);
    }
  }
  return { groups, leaves, all };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
