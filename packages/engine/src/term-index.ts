// Internal: one taxonomy kind with its terms numbered, so the compiled decider works on small integers.
import type { Taxonomy, TermKind } from '@pledge/policy-spec';

/** The terms of one kind, numbered in taxonomy order, with containment resolved both ways. */
export interface TermIndex {
  readonly ids: ReadonlyMap<string, number>;
  /** The same numbering as a prototype-less object: the hot path reads `lookup[term]` (see {@link createLookup}). */
  readonly lookup: TermLookup;
  readonly terms: readonly string[];
  /** For each term: itself and every term containing it. */
  readonly ancestors: readonly (readonly number[])[];
  /** For each term: itself and every term inside it. */
  readonly descendants: readonly (readonly number[])[];
}

/** Numbers the terms of `kind` and resolves which contain which (regions contain their members). */
export function indexTerms(taxonomy: Taxonomy, kind: TermKind): TermIndex {
  const terms = taxonomy.terms(kind).map((t) => t.id);
  const ids = new Map(terms.map((t, i) => [t, i]));
  const ancestors = terms.map((t) =>
    taxonomy
      .ancestors(kind, t)
      .map((a) => ids.get(a))
      .filter((a): a is number => a !== undefined),
  );
  const descendants: number[][] = terms.map(() => []);
  ancestors.forEach((list, t) => {
    for (const a of list) descendants[a]!.push(t);
  });
  return { ids, lookup: createLookup(terms), terms, ancestors, descendants };
}

/** Term → number, as a prototype-less object: only the terms it was made from are in it. */
export type TermLookup = { readonly [term: string]: number | undefined };

/**
 * `terms` numbered in order, as a prototype-less object (a term listed twice keeps its first number). The compiled
 * decider looks flow strings up in these rather than in a `Map`: a property lookup makes V8 internalize the caller's
 * string (the string object then points at the one shared copy), after which every lookup of that same string
 * object compares pointers instead of characters. Callers that send the same string objects again (constants in
 * their code, a parsed configuration) get that on every call. `__proto__` and other `Object.prototype` names are
 * ordinary missing keys here.
 */
export function createLookup(terms: readonly string[]): TermLookup {
  const lookup = Object.create(null) as Record<string, number>;
  terms.forEach((term, i) => {
    if (!Object.hasOwn(lookup, term)) lookup[term] = i;
  });
  return lookup;
}

/** Flags (1 = yes) of the terms that lie inside one of `terms`: what an allow rule naming them accepts. */
export function withinFlags(index: TermIndex, terms: readonly string[]): Uint8Array {
  const flags = new Uint8Array(index.terms.length);
  for (const term of terms) {
    const t = index.ids.get(term);
    if (t !== undefined) for (const d of index.descendants[t]!) flags[d] = 1;
  }
  return flags;
}

/**
 * Flags of the terms that overlap one of `terms`, i.e. share a term inside both: what a forbid or retain rule
 * naming them accepts. For dotted terms this is "one contains the other"; two regions overlap when they share a member.
 */
export function overlapFlags(index: TermIndex, terms: readonly string[]): Uint8Array {
  const flags = new Uint8Array(index.terms.length);
  for (const term of terms) {
    const t = index.ids.get(term);
    if (t === undefined) continue;
    for (const d of index.descendants[t]!) for (const a of index.ancestors[d]!) flags[a] = 1;
  }
  return flags;
}
