// The public shape of a policy diff: see `diffPolicies` in diff-policies.ts, which computes it.
import type { TermKind } from '@pledge/policy-spec';
import type { FlowClass } from './flow-class.js';
import type { DecisionObligation, PolicyStamp, Reason } from './types.js';

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

/** Which flows a policy change newly allows or newly denies (what `diffPolicies` returns). */
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
