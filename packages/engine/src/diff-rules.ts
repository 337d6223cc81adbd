// Internal: the rules of two policies as a diff reads them, each rule's terms resolved over the terms either policy
// defines, so that rules of both sides can be compared and grouped by what they decide.
import { parseDurationDays, type LoadedPolicy } from '@pledge/policy-spec';
import { createAcceptor, type UnionTerms } from './diff-terms.js';
import type { FlowAction } from './types.js';

/** The term dimensions a rule can name, in the order the diff numbers them. */
export const DIMS = ['categories', 'purposes', 'recipients', 'sources', 'subjects', 'jurisdictions', 'identifiability'] as const;
export const CAT = 0;
export const PUR = 1;
export const REC = 2;
export const SRC = 3;
export const SUB = 4;
export const JUR = 5;
export const IDN = 6;
/** The actions, numbered as box dimension 0 numbers them. */
export const ACTIONS: readonly FlowAction[] = ['collect', 'use', 'share', 'retain'];
// Box dimensions (see diff-boxes.ts): 0 the action, 1 + d the classes of term dimension d, then the age bands and the
// retention bands.
export const AGE = 8;
export const RET = 9;

/** The policy sections that hold rules. */
export type Section = 'collect' | 'use' | 'share' | 'forbid' | 'retain';

/** A rule of either policy, its terms resolved to flags over the union numbering of each dimension. */
export interface DiffRule {
  /** Position in the list of both policies' rules. */
  readonly index: number;
  readonly side: 0 | 1;
  readonly section: Section;
  /** Per dimension: flags over the union terms the rule accepts, undefined when the rule does not name it. */
  readonly accept: readonly (Uint8Array | undefined)[];
  readonly actions: readonly string[] | undefined;
  readonly requires: 'purpose' | readonly string[] | undefined;
  readonly capDays: number | undefined;
  readonly atMost: string | undefined;
  readonly obligations: readonly unknown[] | undefined;
  /**
   * Per dimension: for each class of that dimension, whether the rule accepts it (all 1 when it does not name it).
   * Filled in once the dimensions are partitioned into classes.
   */
  byClass: Uint8Array[];
}

/** True for the sections whose rules allow flows. */
export function isAllow(section: Section): boolean {
  return section === 'collect' || section === 'use' || section === 'share';
}

/** The rules of both policies, the old policy's first, each resolved with its own policy's taxonomy. */
export function diffRules(policies: readonly [LoadedPolicy, LoadedPolicy], unions: readonly UnionTerms[]): DiffRule[] {
  const out: DiffRule[] = [];
  policies.forEach((policy, side) => {
    const acceptors = unions.map((u) => createAcceptor(u, policy.taxonomy));
    for (const section of ['collect', 'use', 'share', 'forbid', 'retain'] as const) {
      const mode = isAllow(section) ? 'within' : 'overlap';
      for (const rule of (policy.document[section] ?? []) as unknown as Record<string, unknown>[]) {
        const atMost = rule['at_most'] as string | undefined;
        out.push({
          index: out.length,
          side: side as 0 | 1,
          section,
          accept: DIMS.map((dim, d) => (Array.isArray(rule[dim]) ? acceptors[d]!(rule[dim] as string[], mode) : undefined)),
          actions: rule['actions'] as string[] | undefined,
          requires: (rule['requires'] as { consent: 'purpose' | string[] } | undefined)?.consent,
          capDays: atMost === undefined || atMost === 'purpose' ? undefined : parseDurationDays(atMost),
          atMost,
          obligations: rule['obligations'] as unknown[] | undefined,
          byClass: [],
        });
      }
    }
  });
  return out;
}

/** What decides how a rule acts on flows, without its id and wording: two rules with equal fingerprints decide alike. */
export function fingerprintRule(rule: DiffRule): string {
  const requires = rule.requires === undefined || rule.requires === 'purpose' ? String(rule.requires) : [...rule.requires].sort().join(',');
  const obligations = (rule.obligations ?? []).map((o) => JSON.stringify(o)).sort().join(',');
  const actions = rule.actions ? [...rule.actions].sort().join(',') : '';
  return [rule.section, rule.byClass.map((flags) => flags.join('')).join('/'), actions, requires, obligations, rule.atMost ?? ''].join('|');
}
