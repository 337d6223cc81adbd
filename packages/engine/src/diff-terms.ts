// Internal: the terms of one kind that either of two policies defines, numbered once, so that a diff can speak of
// terms only one policy knows and of containment in either taxonomy.
import type { Taxonomy, TermKind } from '@pledge/policy-spec';
import { indexTerms, overlapFlags, withinFlags } from './term-index.js';

/** The terms of one kind in either of two taxonomies (the old policy's first, then the new one's additions). */
export interface UnionTerms {
  readonly kind: TermKind;
  readonly terms: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  /** Per side (0 old, 1 new): 1 when that policy's taxonomy defines the term. */
  readonly known: readonly [Uint8Array, Uint8Array];
  /** For each term: the terms inside it (itself included) in either taxonomy. */
  readonly inside: readonly (readonly number[])[];
}

/** Numbers the terms of `kind` that either taxonomy defines and resolves containment in either of them. */
export function unionTerms(kind: TermKind, taxonomies: readonly [Taxonomy, Taxonomy]): UnionTerms {
  const terms: string[] = [];
  const ids = new Map<string, number>();
  for (const taxonomy of taxonomies) {
    for (const { id } of taxonomy.terms(kind)) {
      if (!ids.has(id)) {
        ids.set(id, terms.length);
        terms.push(id);
      }
    }
  }
  const known = taxonomies.map((taxonomy) => Uint8Array.from(terms, (t) => (taxonomy.has(kind, t) ? 1 : 0))) as [
    Uint8Array,
    Uint8Array,
  ];
  const inside: number[][] = terms.map(() => []);
  terms.forEach((t, i) => {
    const containers = new Set(taxonomies.flatMap((taxonomy) => taxonomy.ancestors(kind, t)));
    for (const c of containers) {
      const ci = ids.get(c);
      if (ci !== undefined) inside[ci]!.push(i);
    }
  });
  return { kind, terms, ids, known, inside };
}

/**
 * For one side's taxonomy: flags over the union numbering of the terms a rule naming `ruleTerms` accepts, with
 * the engine's own matching (`within` for allow rules, `overlap` for forbid and retain rules).
 */
export function createAcceptor(
  union: UnionTerms,
  taxonomy: Taxonomy,
): (ruleTerms: readonly string[], mode: 'within' | 'overlap') => Uint8Array {
  const index = indexTerms(taxonomy, union.kind);
  const toUnion = index.terms.map((t) => union.ids.get(t)!);
  return (ruleTerms, mode) => {
    const flags = mode === 'within' ? withinFlags(index, ruleTerms) : overlapFlags(index, ruleTerms);
    const out = new Uint8Array(union.terms.length);
    flags.forEach((f, i) => {
      if (f === 1) out[toUnion[i]!] = 1;
    });
    return out;
  };
}

/** True when `term` is `container` or lies inside it in either taxonomy. */
export function isInsideEither(taxonomies: readonly Taxonomy[], kind: TermKind, term: string, container: string): boolean {
  return taxonomies.some((t) => t.isWithin(kind, term, container));
}

/**
 * Describes a set of terms (union numbers) as briefly as it can: terms whose whole inside lies in the set stand
 * for everything inside them (`inside`); members that are not such a term are listed alone (`exactly`).
 * With `allowExcept`, the complement is described instead when that is shorter (`except: true`).
 */
export function describeTerms(
  union: UnionTerms,
  members: ReadonlySet<number>,
  allowExcept = false,
): { inside: string[]; exactly?: string[]; except?: true } {
  const direct = coverTerms(union, members);
  if (!allowExcept || direct.inside.length + (direct.exactly?.length ?? 0) <= 2) return direct;
  const rest = new Set<number>();
  for (let t = 0; t < union.terms.length; t++) if (!members.has(t)) rest.add(t);
  const complement = coverTerms(union, rest);
  const size = (d: { inside: string[]; exactly?: string[] }) => d.inside.length + (d.exactly?.length ?? 0);
  return size(complement) < size(direct) ? { ...complement, except: true } : direct;
}

function coverTerms(union: UnionTerms, members: ReadonlySet<number>): { inside: string[]; exactly?: string[] } {
  // Biggest first, so that a region or a parent term is chosen before the terms inside it.
  const full = [...members]
    .filter((t) => union.inside[t]!.every((i) => members.has(i)))
    .sort((a, b) => union.inside[b]!.length - union.inside[a]!.length || a - b);
  const covered = new Set<number>();
  const roots: number[] = [];
  for (const t of full) {
    if (covered.has(t)) continue;
    roots.push(t);
    for (const i of union.inside[t]!) covered.add(i);
  }
  const alone = [...members].filter((t) => !covered.has(t)).sort((a, b) => a - b);
  const inside = roots.sort((a, b) => a - b).map((t) => union.terms[t]!);
  return alone.length === 0 ? { inside } : { inside, exactly: alone.map((t) => union.terms[t]!) };
}
