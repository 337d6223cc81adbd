// Internal: where a diff decides flows. Only the cells (action × category class × purpose class × recipient class)
// that some allow rule of either policy names can be allowed; elsewhere both policies deny every flow. Each such
// cell is decided condition by condition by both compiled deciders, and the flows decided differently come back
// as boxes.
import { comboFields, comboGlobals, createConditionCombos, type Combo } from './condition-combos.js';
import { mergeBoxes, type Box } from './diff-boxes.js';
import { ACTIONS, CAT, fingerprintRule, IDN, isAllow, JUR, PUR, REC, SRC, SUB, type DiffRule, type Section } from './diff-rules.js';
import { isFirstParty, representative, type DiffSpace, type Partition } from './diff-space.js';
import { decisionsDiffer, type ChangedFlows } from './describe-changes.js';
import { createRelevantRules } from './relevant-rules.js';
import type { LoadedPolicy } from '@pledge/policy-spec';
import type { Decider, Decision, FlowAction } from './types.js';

/** The consent cube of boxes that say nothing about consent. */
const NO_CONSENT: ReadonlyMap<string, boolean> = new Map();

/** One cell: an action and a class of each of categories, purposes and recipients. */
interface Cell {
  readonly action: FlowAction;
  readonly cat: number;
  readonly pur: number;
  readonly rec: number;
}

/** Changed flows of a cell before they have its action and terms: boxes over the condition dimensions only. */
type ConditionBox = Box<Omit<ChangedFlows, 'cell'>>;

/**
 * Decides every flow either policy could allow with both `deciders` (compiled from `space.policies`) and returns
 * the flows they decide differently, as boxes over every dimension (merged within each group of alike cells).
 */
export function decideCells(space: DiffSpace, deciders: readonly [Decider, Decider]): Box<ChangedFlows>[] {
  const { policies, partitions, rules, unions } = space;
  const relevantRules = createRelevantRules(rules, partitions);
  const fingerprints = rules.map(fingerprintRule);
  const keyOfDecision = memoizeDecisionKey();
  // Per side: decisions by context as that side sees it, then by what its rules see of the conditions (see
  // `Combo.sides`). Contexts that differ only in the other side's rules share them.
  const decided = [new Map<string, Map<string, Decision>>(), new Map<string, Map<string, Decision>>()] as const;
  const conditionCombos = createConditionCombos(space);
  // Cells whose rules are the same on both sides decide alike, when nothing in them is a term one side lacks.
  const sameVocabulary = [SRC, SUB, JUR, IDN].every((d) => unions[d]!.known.every((k) => k.every((x) => x === 1)));
  const sameChildren = JSON.stringify(childrenShape(policies[0])) === JSON.stringify(childrenShape(policies[1]));
  // Per context key: the condition boxes of its changed flows (null when nothing can change), and its cells.
  const contexts = new Map<string, ConditionBox[] | null>();
  const cellsByContext = new Map<string, Box<undefined>[]>();
  const childrenByPurpose = new Map<number, boolean[]>();

  // `retain` flows are decided as `use` ones unless a forbid rule names `retain` without `use`.
  const retainAlike = !rules.some((r) => r.actions?.includes('retain') && !r.actions.includes('use'));
  for (const { action, cat, pur, rec } of enumerateCells(rules, partitions, retainAlike)) {
    const relevant = relevantRules(action, cat, pur, rec);
    if (!relevant.canAllow[0] && !relevant.canAllow[1]) continue; // denied by both
    let childrenApplies = childrenByPurpose.get(pur);
    if (!childrenApplies) childrenByPurpose.set(pur, (childrenApplies = childrenClauseApplies(space, representative(partitions[PUR]!, pur))));
    const known = `${partitions[CAT]!.known[cat]}${partitions[PUR]!.known[pur]}${partitions[REC]!.known[rec]}`;
    // Cells with the same rules, children exemption, known terms (and purpose, when a rule needs consent to it)
    // decide each combination of conditions alike: decide them once.
    const contextKey = `${action}|${known}|${relevant.key}|${childrenApplies.join(',')}|${relevant.needsPurpose ? pur : ''}`;
    let context = contexts.get(contextKey);
    if (context === undefined) {
      const all = relevant.rules();
      const unchanged =
        sameVocabulary &&
        sameChildren &&
        known === '111111' &&
        sameMultiset(
          all.filter((r) => r.side === 0).map((r) => fingerprints[r.index]!),
          all.filter((r) => r.side === 1).map((r) => fingerprints[r.index]!),
        );
      if (unchanged) context = null;
      else {
        const purpose = representative(partitions[PUR]!, pur);
        const base = { action, category: representative(partitions[CAT]!, cat), purpose, recipient: representative(partitions[REC]!, rec) };
        // All a side's decision reads of the flow, but for its conditions.
        const sideDecided = ([0, 1] as const).map((side) => {
          const own = all.filter((r) => r.side === side);
          const needsPurpose = own.some((r) => isAllow(r.section) && r.requires === 'purpose');
          const known = `${partitions[CAT]!.known[cat]![side]}${partitions[PUR]!.known[pur]![side]}${partitions[REC]!.known[rec]![side]}`;
          const key = `${action}|${known}|${own.map((r) => r.index).join(',')}|${childrenApplies[side]}|${needsPurpose ? pur : ''}`;
          return decided[side].get(key) ?? decided[side].set(key, new Map()).get(key)!;
        });
        const decide = (side: 0 | 1, combo: Combo) => {
          let decision = sideDecided[side]!.get(combo.sides[side]);
          if (decision === undefined) {
            decision = deciders[side].decide(Object.assign({}, base, comboFields(combo)));
            sideDecided[side]!.set(combo.sides[side], decision);
          }
          return decision;
        };
        const combos = conditionCombos({ relevant: all, childrenApplies, needsPurpose: relevant.needsPurpose, purpose });
        context = decideCombos(combos, decide, keyOfDecision);
      }
      contexts.set(contextKey, context);
    }
    if (context === null) continue;
    const actions = action === 'use' && retainAlike ? [1, 3] : [ACTIONS.indexOf(action)];
    let cells = cellsByContext.get(contextKey);
    if (!cells) cellsByContext.set(contextKey, (cells = []));
    cells.push({ key: '', dims: [actions, [cat], [pur], [rec]], consent: NO_CONSENT, payload: undefined });
  }

  // Each context's cells are merged among themselves, then crossed with the context's condition boxes.
  const boxes: Box<ChangedFlows>[] = [];
  for (const [contextKey, cells] of cellsByContext) {
    const conditionBoxes = contexts.get(contextKey)!;
    for (const cell of mergeBoxes(cells, [1, 2, 3, 0])) {
      const [actions, cats, purs, recs] = cell.dims as [number[], number[], number[], number[]];
      const base = {
        action: ACTIONS[actions[0]!]!,
        category: representative(partitions[CAT]!, cats[0]!),
        purpose: representative(partitions[PUR]!, purs[0]!),
        recipient: representative(partitions[REC]!, recs[0]!),
      };
      for (const box of conditionBoxes) {
        boxes.push({
          key: box.key,
          dims: [actions, cats, purs, recs, ...box.dims],
          consent: box.consent,
          payload: { decisions: box.payload.decisions, cell: base, fields: box.payload.fields },
        });
      }
    }
  }
  return boxes;
}

// Decides each combination of conditions on both sides and returns those the policies decide differently, as boxes
// over the condition dimensions (merged).
function decideCombos(
  combos: readonly Combo[],
  decide: (side: 0 | 1, combo: Combo) => Decision,
  keyOfDecision: (d: Decision) => number,
): ConditionBox[] {
  const found: ConditionBox[] = [];
  // Combos share their consent choices: one map each, so that merging can tell equal cubes by identity.
  const cubes = new Map<Combo['consent'], ReadonlyMap<string, boolean>>();
  for (const combo of combos) {
    const decisions = [decide(0, combo), decide(1, combo)] as const;
    if (!decisionsDiffer(decisions[0], decisions[1])) continue;
    let cube = cubes.get(combo.consent);
    if (!cube) cubes.set(combo.consent, (cube = new Map(combo.consent.vector)));
    found.push({
      key: `${keyOfDecision(decisions[0])},${keyOfDecision(decisions[1])}`,
      dims: comboGlobals(combo),
      consent: cube,
      payload: { decisions, fields: comboFields(combo) },
    });
  }
  return found.length > 1 ? mergeBoxes(found, [0, 1, 2, 3, 4, 5]) : found;
}

// Every (action, category, purpose, recipient) class combination that some allow rule of either policy names, each
// once. With `retainAlike`, `use` cells stand for `retain` ones too.
function* enumerateCells(rules: readonly DiffRule[], partitions: readonly Partition[], retainAlike: boolean): Generator<Cell> {
  const seen = new Set<number>();
  const [cats, purs, recs] = [CAT, PUR, REC].map((d) => partitions[d]!.classes.length);
  const accepted = new Map<DiffRule, number[][]>();
  const acceptedBy = (rule: DiffRule, d: number): number[] => {
    let lists = accepted.get(rule);
    if (!lists) {
      lists = [CAT, PUR, REC].map((dim) => partitions[dim]!.classes.map((_, c) => c).filter((c) => rule.byClass[dim]![c] === 1));
      accepted.set(rule, lists);
    }
    return lists[d]!;
  };
  const isFirst = partitions[REC]!.classes.map((_, c) => isFirstParty(representative(partitions[REC]!, c)));
  const firstParty = isFirst.flatMap((first, c) => (first ? [c] : []));
  const emit = function* (action: FlowAction, catList: readonly number[], purList: readonly number[], recList: readonly number[]) {
    for (const cat of catList)
      for (const pur of purList)
        for (const rec of recList) {
          const key = ((ACTIONS.indexOf(action) * cats! + cat) * purs! + pur) * recs! + rec;
          if (seen.has(key)) continue;
          seen.add(key);
          yield { action, cat, pur, rec };
        }
  };
  for (const side of [0, 1] as const) {
    const of = (section: Section) => rules.filter((r) => r.side === side && r.section === section);
    for (const rule of of('use')) {
      for (const action of retainAlike ? (['use'] as const) : (['use', 'retain'] as const)) {
        yield* emit(action, acceptedBy(rule, CAT), acceptedBy(rule, PUR), firstParty);
      }
    }
    for (const rule of of('share')) {
      yield* emit('share', acceptedBy(rule, CAT), acceptedBy(rule, PUR), acceptedBy(rule, REC).filter((c) => !isFirst[c]));
    }
    const purposeRules = [...of('use'), ...of('share')];
    for (const rule of of('collect')) {
      const catsOfRule = acceptedBy(rule, CAT);
      for (const p of purposeRules) {
        const both = acceptedBy(p, CAT).filter((c) => catsOfRule.includes(c));
        const purposes = acceptedBy(p, PUR).filter((c) => rule.byClass[PUR]![c] === 1);
        yield* emit('collect', both, purposes, firstParty.filter((c) => rule.byClass[REC]![c] === 1));
      }
    }
  }
}

// Per side: whether that policy's children clause can deny flows of `purpose` (it has one, and `purpose` is not exempt).
function childrenClauseApplies(space: DiffSpace, purpose: string): boolean[] {
  return space.policies.map((p, side) => {
    const children = p.document.children;
    if (!children || children.under <= 0) return false;
    return !(children.exempt_purposes ?? []).some((e) => space.taxonomies[side]!.isWithin('purposes', purpose, e));
  });
}

// Numbers decisions by what a class claims about a side: the decision, each reason (rule, what it missed, what was
// unstated), and the obligations with their rules. Decisions are often the very same object again (the deciders
// memoize them), so the number is kept per object too.
function memoizeDecisionKey(): (d: Decision) => number {
  const byObject = new WeakMap<Decision, number>();
  const byText = new Map<string, number>();
  return (d) => {
    let id = byObject.get(d);
    if (id === undefined) {
      const reasons = d.reasons.map((r) => `${r.rule}|${(r.missing ?? []).join(',')}|${(r.unstated ?? []).join(',')}`);
      const obligations = d.obligations.map((o) => `${o.kind}|${o.duration ?? ''}|${o.rule}`);
      const text = `${d.decision};${reasons.join(';')};${obligations.join(';')}`;
      id = byText.get(text) ?? byText.set(text, byText.size).size - 1;
      byObject.set(d, id);
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
