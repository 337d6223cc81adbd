// Internal: the conditions of a flow beyond its four terms, as a diff enumerates them: age and retention bands, and
// which consents a consent list covers.
import type { LoadedPolicy } from '@pledge/policy-spec';
import { isInsideEither } from './diff-terms.js';

/** The consent atom standing for "the flow's consent covers its own purpose". */
export const PURPOSE_ATOM = '\u0000purpose';

/**
 * The consent and purpose ids both policies define, grouped by which consent atoms they cover. A flow's consent
 * list matters only through the atoms it covers and whether it covers the flow's purpose, so one id per group and
 * per "contains the purpose or not" reaches every possibility.
 */
export function groupConsents(atomIds: readonly string[], policies: readonly [LoadedPolicy, LoadedPolicy]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const taxonomies = policies.map((p) => p.taxonomy);
  for (const kind of ['consents', 'purposes'] as const) {
    for (const { id } of policies[0].taxonomy.terms(kind)) {
      if (!policies[1].taxonomy.has(kind, id)) continue;
      const covered = atomIds.map((x) => (covers(taxonomies, id, x) ? '1' : '0')).join('');
      const list = groups.get(covered) ?? [];
      list.push(id);
      groups.set(covered, list);
    }
  }
  return groups;
}

// The engine's consent test: consent `given` covers `needed` when it is `needed` or contains it.
function covers(taxonomies: readonly LoadedPolicy['taxonomy'][], given: string, needed: string): boolean {
  return (
    given === needed ||
    isInsideEither(taxonomies, 'purposes', needed, given) ||
    isInsideEither(taxonomies, 'consents', needed, given)
  );
}

/** A band of ages or retentions that the rules of a cell treat alike. */
export interface Band {
  /** Age: the age to give; retention: the days to ask for. Undefined: leave the field out. */
  rep: number | undefined;
  /** The global bands this one stands for. */
  globals: number[];
}

/**
 * Ages cut at the children clauses' limits: global band i holds ages from bounds[i - 1] (0 for the first) up to
 * bounds[i]; the last also holds flows that give no age. A cell tells apart only the bands its own `local` limits
 * separate (an age is a child's for a limit above it). The band holding "no age" is represented by giving none.
 */
export function ageBands(bounds: readonly number[], local: readonly number[]): Band[] {
  const out = new Map<number, Band>();
  for (let i = 0; i <= bounds.length; i++) {
    const from = i === 0 ? 0 : bounds[i - 1]!;
    const group = local.filter((limit) => limit <= from).length;
    const band = out.get(group);
    if (band) band.globals.push(i);
    else out.set(group, { rep: from, globals: [i] });
  }
  const last = out.get(local.length);
  if (last) last.rep = undefined;
  return [...out.values()];
}

/**
 * Retention cut at the retain rules' caps (days): global band 0 is "at most bounds[0]" (or no retention stated),
 * band i is "more than bounds[i - 1], at most bounds[i]". A cell tells apart only the bands its own caps separate.
 */
export function retentionBands(bounds: readonly number[], local: readonly number[]): Band[] {
  const out = new Map<number, Band>();
  for (let i = 0; i <= bounds.length; i++) {
    const group = i === 0 ? 0 : local.filter((cap) => cap <= bounds[i - 1]!).length;
    const band = out.get(group);
    if (band) band.globals.push(i);
    else out.set(group, { rep: i === 0 ? undefined : bounds[i - 1]! + 1, globals: [i] });
  }
  return [...out.values()];
}

/** The distinct numbers of `values`, ascending. */
export function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** One combination of covered consents, and a consent list that covers exactly it. */
export interface ConsentChoice {
  /** Atom → covered, for the cell's atoms (the flow's purpose as PURPOSE_ATOM). */
  vector: [string, boolean][];
  /** The consent list to give. */
  ids: string[];
}

/**
 * Every combination of the cell's atoms a consent list of terms both policies define can cover, each with a list
 * that covers exactly it: unions of one representative id per consent group (and per "contains the purpose").
 */
export function consentVectors(
  localAtoms: readonly string[],
  needsPurpose: boolean,
  atomIds: readonly string[],
  groups: Map<string, string[]>,
  purpose: string,
  taxonomies: readonly LoadedPolicy['taxonomy'][],
): ConsentChoice[] {
  const atoms = needsPurpose ? [...localAtoms, PURPOSE_ATOM] : [...localAtoms];
  if (atoms.length > 30) throw new Error(`internal error: ${atoms.length} consents decide one kind of flow, at most 30 are supported`);
  const positions = localAtoms.map((x) => atomIds.indexOf(x));
  const containers = new Set(taxonomies.flatMap((t) => t.ancestors('purposes', purpose)));
  const generators = new Map<number, string>();
  for (const [covered, ids] of groups) {
    let mask = 0;
    positions.forEach((p, i) => {
      if (covered[p] === '1') mask |= 1 << i;
    });
    // Without a rule needing consent to the purpose, any id of the group will do.
    const inside = needsPurpose ? ids.find((g) => containers.has(g)) : undefined;
    const outside = needsPurpose ? ids.find((g) => !containers.has(g)) : ids[0];
    const withPurpose = needsPurpose ? mask | (1 << localAtoms.length) : mask;
    if (inside !== undefined && withPurpose !== 0 && !generators.has(withPurpose)) generators.set(withPurpose, inside);
    if (outside !== undefined && mask !== 0 && !generators.has(mask)) generators.set(mask, outside);
  }
  const reached = new Map<number, string[]>([[0, []]]);
  for (const [mask, id] of generators) {
    for (const [have, ids] of [...reached]) {
      const next = have | mask;
      if (!reached.has(next)) reached.set(next, [...ids, id]);
    }
  }
  return [...reached].map(([mask, ids]) => ({
    vector: atoms.map((atom, i) => [atom, (mask & (1 << i)) !== 0] as [string, boolean]),
    ids,
  }));
}
