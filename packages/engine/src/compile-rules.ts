// Internal: a policy's rules as the compiled decider reads them, with their terms resolved to flags.
import { parseDurationDays, type LoadedPolicy } from '@pledge/policy-spec';
import {
  allowReason,
  DIMENSIONS,
  forbidReason,
  formatAt,
  retainObligation,
  ruleObligation,
  type Dimension,
} from './decision-parts.js';
import { freezeDeep } from './freeze-deep.js';
import { overlapFlags, withinFlags, type TermIndex } from './term-index.js';
import type { DecisionObligation, Reason } from './types.js';

/** Dimension numbers: positions in `DIMENSIONS` and in the rule's `accept` array. */
export const CAT = 0;
export const PUR = 1;
export const REC = 2;
export const SRC = 3;
export const SUB = 4;
export const JUR = 5;
export const IDN = 6;

export type Section = 'collect' | 'use' | 'share' | 'forbid' | 'retain';
type AnyRule = { id: string; says?: string; actions?: string[]; at_most?: string } & Partial<
  Record<Dimension, string[]>
> & {
    requires?: { consent: 'purpose' | string[] };
    obligations?: (string | { kind: string; duration?: string })[];
  };

/** A consent a rule needs, with every consent id that grants it. */
export interface Requirement {
  readonly label: string;
  /** Flags (1 = grants it) by the decider's numbering of the consent and purpose ids a flow's `consent` may name. */
  readonly accepts: Uint8Array;
}

/** One rule of any section, ready for matching. */
export interface CompiledRule {
  readonly index: number;
  readonly section: Section;
  readonly ref: string;
  readonly says: string | undefined;
  readonly at: string;
  /** Per dimension: the flow terms the rule accepts, or undefined when the rule does not name the dimension. */
  readonly accept: readonly (Uint8Array | undefined)[];
  /** Bits (1 << dimension) of the source, subject, jurisdiction and identifiability dimensions it names. */
  readonly extras: number;
  /** Forbid rules: the actions they name. */
  readonly actions: readonly string[] | undefined;
  readonly requires: 'purpose' | readonly Requirement[] | undefined;
  readonly obligations: readonly DecisionObligation[];
  /** Allow rules: the reason when the rule allows. Forbid rules: the reason when the flow states every dimension it names. */
  readonly reason: Reason;
  /** Retain rules. */
  readonly atMost: string | undefined;
  readonly capDays: number | undefined;
  readonly retainObligation: DecisionObligation | undefined;
}

const SECTIONS: readonly Section[] = ['collect', 'use', 'share', 'forbid', 'retain'];

// Every rule of the policy in one array, sections in README order (collect, use, share, forbid, retain) and rules in
// policy order within each, so that a rule's index is also its place in reason lists.
export function compileRules(
  policy: LoadedPolicy,
  index: readonly TermIndex[],
  requirement: (needed: string) => Requirement,
): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const section of SECTIONS) {
    const list = (policy.document[section] ?? []) as AnyRule[];
    list.forEach((rule, i) => {
      const isAllow = section === 'collect' || section === 'use' || section === 'share';
      const ref = `${section}/${rule.id}`;
      const at = formatAt(policy.locate([section, i]));
      const accept = DIMENSIONS.map((dimension, d) => {
        const terms = rule[dimension];
        if (terms === undefined) return undefined;
        return isAllow ? withinFlags(index[d]!, terms) : overlapFlags(index[d]!, terms);
      });
      let extras = 0;
      for (const d of [SRC, SUB, JUR, IDN]) if (accept[d] !== undefined) extras |= 1 << d;
      const consent = rule.requires?.consent;
      const requires =
        consent === undefined ? undefined : consent === 'purpose' ? ('purpose' as const) : consent.map(requirement);
      const atMost = section === 'retain' ? rule.at_most : undefined;
      // Retain rules' reasons depend on the cap and are made per fact cell; this one is unused for them.
      const reason = isAllow ? allowReason(ref, rule.says, at) : forbidReason(ref, rule.says, at, []);
      out.push({
        index: out.length,
        section,
        ref,
        says: rule.says,
        at,
        accept,
        extras,
        actions: rule.actions,
        requires,
        obligations: freezeDeep((rule.obligations ?? []).map((o) => ruleObligation(o, ref))),
        reason: freezeDeep(reason),
        atMost,
        capDays: atMost === undefined || atMost === 'purpose' ? undefined : parseDurationDays(atMost),
        retainObligation: atMost === undefined ? undefined : freezeDeep(retainObligation(atMost, ref)),
      });
    });
  }
  return out;
}

/** Sets bit `i` of a bitset. */
export function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5]! |= 1 << (i & 31);
}

// For one dimension: per term, the bitset of rules that accept the term (a rule that does not name the dimension
// accepts every term). Stored flat: term t's words start at t * words.
export function ruleBitsets(rules: readonly CompiledRule[], d: number, terms: number, words: number): Uint32Array {
  const bits = new Uint32Array(terms * words);
  for (const rule of rules) {
    const accept = rule.accept[d];
    for (let t = 0; t < terms; t++) {
      if (accept === undefined || accept[t] === 1) bits[t * words + (rule.index >>> 5)]! |= 1 << (rule.index & 31);
    }
  }
  return bits;
}
