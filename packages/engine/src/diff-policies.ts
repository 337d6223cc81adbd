// Compares two policies flow by flow. The work is split in steps, each in its own module: prepare both policies'
// terms and rules (diff-space.ts), decide the cells of flows either could allow (diff-cells.ts), merge the flows
// decided differently into as few boxes as exactness allows (diff-boxes.ts), and describe each box as a change a
// reviewer reads (diff-changes.ts).
import { TERM_KINDS, type LoadedPolicy, type TermKind } from '@pledge/policy-spec';
import { compile } from './compile.js';
import { formatAt } from './decision-parts.js';
import { decideCells } from './diff-cells.js';
import { describeChanges } from './diff-changes.js';
import { mergeBoxes } from './diff-boxes.js';
import { AGE, CAT, IDN, JUR, PUR, REC, RET, SRC, SUB } from './diff-rules.js';
import { createDiffSpace } from './diff-space.js';
import type { FlowClass } from './flow-class.js';
import type { Decider, DecisionObligation, PolicyStamp, Reason } from './types.js';

/** How one side (the old or the new policy) decides every flow of a change's class. */
export interface ChangeSide {
  readonly decision: 'allow' | 'deny';
  /** The decision's reasons, as the engine gives them for any flow of the class (error reasons without their message). */
  readonly reasons: readonly Reason[];
  readonly obligations: readonly DecisionObligation[];
}

/** An obligation without the rule that imposes it: what the caller must do. */
export interface ObligationTerm {
  readonly kind: string;
  readonly duration?: string;
}

/** A class of flows the two policies decide differently, and how. */
export interface FlowChange {
  /**
   * `less`: the new policy allows flows the old one denied, or allows them with fewer obligations or a longer
   * retention limit; `more`: the converse. An allow that both loses and gains obligations counts as `less`.
   */
  readonly protection: 'less' | 'more';
  /** `allowed`: now allowed; `denied`: now denied; `obligations`: allowed by both, with other obligations. */
  readonly change: 'allowed' | 'denied' | 'obligations';
  readonly flows: FlowClass;
  /** One flow of the class, as a caller would send it. */
  readonly example: Readonly<Record<string, unknown>>;
  readonly old: ChangeSide;
  readonly new: ChangeSide;
  /** Obligations the old decision carried and the new one does not (by kind and duration). */
  readonly obligationsRemoved: readonly ObligationTerm[];
  /** Obligations the new decision carries and the old one did not. */
  readonly obligationsAdded: readonly ObligationTerm[];
}

/** A term one policy's taxonomy defines and the other's does not: flows naming it are errors in the other. */
export interface TaxonomyChange {
  readonly kind: TermKind;
  readonly term: string;
  readonly definedIn: 'old' | 'new';
}

/** The new policy's promise about changes, when it asks for something before this change applies. */
export interface ChangeNotice {
  readonly rule: string;
  readonly notify: string;
  readonly says?: string;
  readonly at: string;
}

/** Which flows a policy change newly allows or newly denies: see {@link diffPolicies}. */
export interface PolicyDiff {
  readonly old: PolicyStamp & { readonly file: string };
  readonly new: PolicyStamp & { readonly file: string };
  /** Less protective changes first. */
  readonly changes: readonly FlowChange[];
  readonly lessProtective: number;
  readonly moreProtective: number;
  /**
   * Present when the new policy's `changes:` clause asks for notice or a choice before this change applies:
   * `before_less_protective` or `choice_before_material_change` with a less protective change, `before` with any.
   */
  readonly notice?: ChangeNotice;
  readonly taxonomy: readonly TaxonomyChange[];
}

/**
 * Compares two loaded policies flow by flow and returns every class of flows they decide differently (allow
 * versus deny, or other obligations), each marked less or more protective, with the rules behind each side.
 *
 * Exact over the flows both policies can read: for every flow whose decisions differ, some class holds it (a flow
 * of several categories through one of its categories), and every flow of a class is decided as the class says.
 * The flows compared name any term either policy defines (a term only one defines is an error, so a deny, in the
 * other); their `consent` lists name terms both define. Classes are merged as far as exactness allows and name
 * the highest taxonomy terms whose whole inside changed alike.
 */
export function diffPolicies(oldPolicy: LoadedPolicy, newPolicy: LoadedPolicy): PolicyDiff {
  const space = createDiffSpace(oldPolicy, newPolicy);
  const deciders: readonly [Decider, Decider] = [compile(oldPolicy), compile(newPolicy)];
  // Along the terms first, where most boxes merge, then the action and the conditions.
  const merged = mergeBoxes(decideCells(space, deciders), [1 + CAT, 1 + PUR, 1 + REC, 0, RET, AGE, 1 + IDN, 1 + JUR, 1 + SUB, 1 + SRC]);
  const changes = describeChanges(merged, space);
  const lessProtective = changes.filter((c) => c.protection === 'less').length;
  const notice = changeNotice(newPolicy, lessProtective, changes.length);
  return {
    old: { ...deciders[0].policy, file: oldPolicy.file },
    new: { ...deciders[1].policy, file: newPolicy.file },
    changes,
    lessProtective,
    moreProtective: changes.length - lessProtective,
    ...(notice ? { notice } : {}),
    taxonomy: taxonomyChanges(space.policies),
  };
}

// The new policy's `changes:` clause, when what it promises applies to a diff with `less` less protective changes of `total`.
function changeNotice(policy: LoadedPolicy, less: number, total: number): ChangeNotice | undefined {
  const clause = policy.document.changes;
  if (!clause) return undefined;
  const applies = clause.notify === 'before' ? total > 0 : clause.notify === 'on_posting' ? false : less > 0;
  if (!applies) return undefined;
  const notice: { rule: string; notify: string; says?: string; at: string } = {
    rule: clause.id === undefined ? 'changes' : `changes/${clause.id}`,
    notify: clause.notify,
    at: formatAt(policy.locate(['changes'])),
  };
  if (clause.says !== undefined) notice.says = clause.says;
  return notice;
}

// The terms one policy defines and the other does not, kind by kind.
function taxonomyChanges(policies: readonly [LoadedPolicy, LoadedPolicy]): TaxonomyChange[] {
  const out: TaxonomyChange[] = [];
  for (const kind of TERM_KINDS) {
    for (const [from, to, definedIn] of [
      [0, 1, 'old'],
      [1, 0, 'new'],
    ] as const) {
      for (const { id } of policies[from].taxonomy.terms(kind)) {
        if (!policies[to].taxonomy.has(kind, id)) out.push({ kind, term: id, definedIn });
      }
    }
  }
  return out;
}
