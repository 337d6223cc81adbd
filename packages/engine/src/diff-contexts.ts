// Internal: deciding a context, a group of cells whose flows both policies decide alike condition by condition (the
// same rules of both sides can apply, with the same children clauses and the same known terms). Each side's
// decisions are shared with every other context in which that side sees the same: contexts mostly differ in one
// side's rules only.
import type { LoadedPolicy } from '@pledge/policy-spec';
import { mergeBoxes, type Box } from './diff-boxes.js';
import type { Cell } from './diff-cells.js';
import { decisionsDiffer, type ChangedFlows } from './diff-changes.js';
import { comboFields, comboGlobals, createConditionCombos, type Combo } from './diff-combos.js';
import { CAT, fingerprintRule, IDN, isAllow, JUR, PUR, REC, SRC, SUB, type DiffRule } from './diff-rules.js';
import { representative, type DiffSpace } from './diff-space.js';
import type { Decider, Decision } from './types.js';

/** Changed flows of a context before they have its cells' actions and terms: boxes over the condition dimensions. */
export type ConditionBox = Box<Omit<ChangedFlows, 'cell'>>;

/** A context, as one of its cells and what decides its flows. */
export interface Context extends Cell {
  /** The rules of both policies that can decide its flows, in the order of the rule list. */
  readonly relevant: readonly DiffRule[];
  /** Per side: whether that policy's children clause can deny its flows. */
  readonly childrenApplies: readonly boolean[];
  /** Whether an allow rule among `relevant` needs consent to the flow's own purpose. */
  readonly needsPurpose: boolean;
}

/**
 * Returns a function that decides a context's flows with both `deciders` and gives the flows they decide
 * differently as merged condition boxes, or null when the context's rules are the same on both sides up to ids and
 * wording (nothing in it can change).
 */
export function createContextDecider(space: DiffSpace, deciders: readonly [Decider, Decider]): (context: Context) => ConditionBox[] | null {
  const { partitions, policies, unions } = space;
  const conditionCombos = createConditionCombos(space);
  const fingerprints = space.rules.map(fingerprintRule);
  const idOf = numberDecisions();
  // Contexts whose rules are the same on both sides decide alike, when nothing in them is a term one side lacks.
  const sameVocabulary = [SRC, SUB, JUR, IDN].every((d) => unions[d]!.known.every((k) => k.every((x) => x === 1)));
  const sameChildren = JSON.stringify(childrenShape(policies[0])) === JSON.stringify(childrenShape(policies[1]));
  // Per side: decisions by what the side reads of a context, then by what it reads of the conditions (`Combo.sides`).
  // A side's decision on a flow reads nothing else: the rules that can apply (its own among the context's rules),
  // whether it knows the terms, its children clause, what those rules read of the conditions and, when a rule asks
  // for consent to the flow's purpose, that purpose (its reasons then name it). Other reasons name rules and their
  // own values, and error reasons lose their message in a change, so the decision is the same in full.
  const decided = [new Map<string, Map<string, Decision>>(), new Map<string, Map<string, Decision>>()] as const;

  return ({ action, cat, pur, rec, relevant, childrenApplies, needsPurpose }) => {
    const known = [CAT, PUR, REC].map((d, i) => partitions[d]!.known[[cat, pur, rec][i]!]!);
    const own = [0, 1].map((side) => relevant.filter((r) => r.side === side));
    const unchanged =
      sameVocabulary &&
      sameChildren &&
      known.every((k) => k === '11') &&
      sameMultiset(own[0]!.map((r) => fingerprints[r.index]!), own[1]!.map((r) => fingerprints[r.index]!));
    if (unchanged) return null;

    const purpose = representative(partitions[PUR]!, pur);
    const base = { action, category: representative(partitions[CAT]!, cat), purpose, recipient: representative(partitions[REC]!, rec) };
    // All a side's decision reads of the context's flows but their conditions.
    const memos = ([0, 1] as const).map((side) => {
      const needs = own[side]!.some((r) => isAllow(r.section) && r.requires === 'purpose');
      const key = `${action}|${known.map((k) => k[side]).join('')}|${own[side]!.map((r) => r.index).join(',')}|${childrenApplies[side]}|${needs ? pur : ''}`;
      return decided[side].get(key) ?? decided[side].set(key, new Map()).get(key)!;
    });
    const decide = (side: 0 | 1, combo: Combo): Decision => {
      let decision = memos[side]!.get(combo.sides[side]);
      if (!decision) memos[side]!.set(combo.sides[side], (decision = deciders[side].decide(Object.assign({}, base, comboFields(combo)))));
      return decision;
    };
    return decideCombos(conditionCombos({ relevant, childrenApplies, needsPurpose, purpose }), decide, idOf);
  };
}

// Decides each combination of conditions on both sides and returns those the policies decide differently, as boxes
// over the condition dimensions (merged).
function decideCombos(
  combos: readonly Combo[],
  decide: (side: 0 | 1, combo: Combo) => Decision,
  idOf: (decision: Decision) => number,
): ConditionBox[] {
  const found: ConditionBox[] = [];
  // Combos share their consent choices: one map each, so that merging can tell equal cubes by identity.
  const cubes = new Map<Combo['consent'], ReadonlyMap<string, boolean>>();
  for (const combo of combos) {
    const decisions = [decide(0, combo), decide(1, combo)] as const;
    if (!decisionsDiffer(...decisions)) continue;
    let cube = cubes.get(combo.consent);
    if (!cube) cubes.set(combo.consent, (cube = new Map(combo.consent.vector)));
    found.push({
      key: `${idOf(decisions[0])},${idOf(decisions[1])}`,
      dims: comboGlobals(combo),
      consent: cube,
      payload: { decisions, fields: comboFields(combo) },
    });
  }
  return found.length > 1 ? mergeBoxes(found, [0, 1, 2, 3, 4, 5]) : found;
}

// Numbers decisions by what a change reports of a side, the same number for decisions it reports alike: the
// decision, each reason (rule, what it missed, what was unstated), and the obligations with their rules. The same
// decision object often comes again (from the deciders' memo, or from a side's decisions above).
function numberDecisions(): (d: Decision) => number {
  const byObject = new WeakMap<Decision, number>();
  const byText = new Map<string, number>();
  return (d) => {
    let id = byObject.get(d);
    if (id === undefined) {
      const reasons = d.reasons.map((r) => `${r.rule}|${(r.missing ?? []).join(',')}|${(r.unstated ?? []).join(',')}`);
      const obligations = d.obligations.map((o) => `${o.kind}|${o.duration ?? ''}|${o.rule}`);
      const text = `${d.decision};${reasons.join(';')};${obligations.join(';')}`;
      byObject.set(d, (id = byText.get(text) ?? byText.set(text, byText.size).size - 1));
    }
    return id;
  };
}

function childrenShape(policy: LoadedPolicy): unknown {
  const c = policy.document.children;
  return c && { under: c.under, unless: c.unless_consent ?? null, exempt: [...(c.exempt_purposes ?? [])].sort() };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}
