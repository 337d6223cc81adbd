// Internal: everything a diff of two policies works over, built once: the terms either policy defines, the rules of
// both, each term dimension split into classes that all those rules treat alike, the consents they ask for and the
// age and retention limits they draw.
import type { LoadedPolicy, Taxonomy } from '@pledge/policy-spec';
import { groupConsents, sortedUnique } from './diff-conditions.js';
import { DIMS, diffRules, isAllow, PUR, REC, SRC, SUB, JUR, type DiffRule } from './diff-rules.js';
import { isInsideEither, unionTerms, type UnionTerms } from './diff-terms.js';

/** The terms of one dimension split into classes that every rule of both policies treats alike. */
export interface Partition {
  readonly union: UnionTerms;
  /** Per class: its terms (union numbers), ascending. */
  readonly classes: readonly (readonly number[])[];
  /** Per class: which policies define its terms, `'11'` when both do. */
  readonly known: readonly string[];
  /** Optional dimensions: the class number standing for "unstated" (one past the last class). */
  readonly unstated: number | undefined;
}

/** Two policies prepared for a diff. */
export interface DiffSpace {
  readonly policies: readonly [LoadedPolicy, LoadedPolicy];
  readonly taxonomies: readonly [Taxonomy, Taxonomy];
  /** Per dimension (see `DIMS`): the terms either policy defines. */
  readonly unions: readonly UnionTerms[];
  /** The rules of both policies, each with `byClass` filled in. */
  readonly rules: readonly DiffRule[];
  /** Per dimension: its classes. */
  readonly partitions: readonly Partition[];
  /** Every consent a rule or a children clause of either policy asks for. */
  readonly atomIds: readonly string[];
  /** The consent and purpose ids both policies define, grouped by which of `atomIds` they cover. */
  readonly consentGroups: Map<string, string[]>;
  /** The children clauses' age limits, ascending. */
  readonly ageBounds: readonly number[];
  /** The retain rules' caps in days, ascending. */
  readonly capBounds: readonly number[];
}

/** The dimensions a flow may leave unstated. */
const OPTIONAL = new Set<number>([SRC, SUB, JUR]);

/** Prepares `oldPolicy` and `newPolicy` for a diff. */
export function createDiffSpace(oldPolicy: LoadedPolicy, newPolicy: LoadedPolicy): DiffSpace {
  const policies = [oldPolicy, newPolicy] as const;
  const taxonomies = [oldPolicy.taxonomy, newPolicy.taxonomy] as const;
  const unions = DIMS.map((d) => unionTerms(d, taxonomies));
  const rules = diffRules(policies, unions);
  const atomIds = [
    ...new Set([
      ...rules.flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : [])),
      ...policies.flatMap((p) => (p.document.children?.unless_consent ? [p.document.children.unless_consent] : [])),
    ]),
  ];
  const consentGroups = groupConsents(atomIds, policies);
  const partitions = DIMS.map((_, d) => partitionDimension(d, unions[d]!, rules, policies, consentGroups));
  for (const rule of rules) {
    rule.byClass = partitions.map((p, d) => {
      const flags = rule.accept[d];
      const out = new Uint8Array(p.classes.length + (p.unstated === undefined ? 0 : 1)).fill(1);
      if (flags === undefined) return out;
      p.classes.forEach((terms, c) => (out[c] = flags[terms[0]!]!));
      // An allow rule naming the dimension needs it stated; a limiting rule takes "unstated" as "could be anything".
      if (p.unstated !== undefined) out[p.unstated] = isAllow(rule.section) ? 0 : 1;
      return out;
    });
  }
  const ageBounds = sortedUnique(policies.flatMap((p) => (p.document.children ? [p.document.children.under] : [])).filter((u) => u > 0));
  const capBounds = sortedUnique(rules.flatMap((r) => (r.capDays === undefined ? [] : [r.capDays])));
  return { policies, taxonomies, unions, rules, partitions, atomIds, consentGroups, ageBounds, capBounds };
}

/** The term that stands for class `c` in the flows the diff decides: the class's first term. */
export function representative(partition: Partition, c: number): string {
  return partition.union.terms[partition.classes[c]![0]!]!;
}

/** True for `first_party` and the recipients below it. */
export function isFirstParty(recipient: string): boolean {
  return recipient === 'first_party' || recipient.startsWith('first_party.');
}

// Splits a dimension's terms into classes with the same signature: which policies define the term, which rules
// accept it, and for purposes what else the decision reads of them (children exemptions, consent coverage).
function partitionDimension(
  d: number,
  union: UnionTerms,
  rules: readonly DiffRule[],
  policies: readonly [LoadedPolicy, LoadedPolicy],
  consentGroups: Map<string, string[]>,
): Partition {
  const taxonomies = policies.map((p) => p.taxonomy);
  const columns: Uint8Array[] = rules.flatMap((r) => (r.accept[d] ? [r.accept[d]!] : []));
  if (d === PUR) {
    policies.forEach((p, side) => {
      const exempt = p.document.children?.exempt_purposes;
      if (exempt) columns.push(Uint8Array.from(union.terms, (t) => (exempt.some((e) => taxonomies[side]!.isWithin('purposes', t, e)) ? 1 : 0)));
    });
    for (const ids of consentGroups.values()) {
      columns.push(Uint8Array.from(union.terms, (t) => (ids.some((g) => isInsideEither(taxonomies, 'purposes', t, g)) ? 1 : 0)));
      columns.push(Uint8Array.from(union.terms, (t) => (ids.some((g) => !isInsideEither(taxonomies, 'purposes', t, g)) ? 1 : 0)));
    }
  }
  if (d === REC) columns.push(Uint8Array.from(union.terms, (t) => (isFirstParty(t) ? 1 : 0)));
  const bySignature = new Map<string, number[]>();
  union.terms.forEach((_, t) => {
    let sig = `${union.known[0][t]}${union.known[1][t]}`;
    for (const column of columns) sig += column[t];
    const list = bySignature.get(sig) ?? [];
    list.push(t);
    bySignature.set(sig, list);
  });
  const classes = [...bySignature.values()];
  const known = classes.map((terms) => `${union.known[0][terms[0]!]}${union.known[1][terms[0]!]}`);
  return { union, classes, known, unstated: OPTIONAL.has(d) ? classes.length : undefined };
}
