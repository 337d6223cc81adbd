// Internal: where a diff decides flows. Only the cells (action × category class × purpose class × recipient class)
// that some allow rule of either policy names can be allowed; elsewhere both policies deny every flow. Cells are
// grouped into contexts that decide alike (diff-contexts.ts), each context is decided once, and the flows decided
// differently come back as boxes over every dimension.
import { mergeBoxes, type Box } from './diff-boxes.js';
import type { ChangedFlows } from './diff-changes.js';
import { createContextDecider, type ConditionBox } from './diff-contexts.js';
import { ACTIONS, CAT, PUR, REC, type DiffRule, type Section } from './diff-rules.js';
import { isFirstParty, representative, type DiffSpace, type Partition } from './diff-space.js';
import { createRelevantRules } from './diff-relevance.js';
import type { Decider, FlowAction } from './types.js';

/** The consent cube of boxes that say nothing about consent. */
const NO_CONSENT: ReadonlyMap<string, boolean> = new Map();

/** One cell: an action and a class of each of categories, purposes and recipients. */
export interface Cell {
  readonly action: FlowAction;
  readonly cat: number;
  readonly pur: number;
  readonly rec: number;
}

/**
 * Decides every flow either policy could allow with both `deciders` (compiled from `space.policies`) and returns
 * the flows they decide differently, as boxes over every dimension (merged within each context).
 */
export function decideCells(space: DiffSpace, deciders: readonly [Decider, Decider]): Box<ChangedFlows>[] {
  const { partitions, rules } = space;
  const relevantRules = createRelevantRules(rules, partitions);
  const decideContext = createContextDecider(space, deciders);
  const childrenByPurpose = new Map<number, boolean[]>();
  // Per context key: its changed flows (null when nothing in it can change) and its cells.
  const contexts = new Map<string, { readonly changed: ConditionBox[]; readonly cells: Box<undefined>[] } | null>();
  // Cell boxes share their value lists, which makes them quicker to merge.
  const [cats, purs, recs] = [CAT, PUR, REC].map((d) => partitions[d]!.classes.map((_, c) => [c])) as [number[][], number[][], number[][]];
  // `retain` flows are decided as `use` ones unless a forbid rule names `retain` without `use`.
  const retainAlike = !rules.some((r) => r.actions?.includes('retain') && !r.actions.includes('use'));
  const actionLists = ACTIONS.map((action, i) => (action === 'use' && retainAlike ? [1, 3] : [i]));

  for (const { action, cat, pur, rec } of enumerateCells(rules, partitions, retainAlike)) {
    const relevant = relevantRules(action, cat, pur, rec);
    if (!relevant.canAllow[0] && !relevant.canAllow[1]) continue; // denied by both
    let childrenApplies = childrenByPurpose.get(pur);
    if (!childrenApplies) childrenByPurpose.set(pur, (childrenApplies = childrenClauseApplies(space, representative(partitions[PUR]!, pur))));
    const known = `${partitions[CAT]!.known[cat]}${partitions[PUR]!.known[pur]}${partitions[REC]!.known[rec]}`;
    // Cells with the same rules, children exemption, known terms (and purpose, when a rule needs consent to it)
    // decide each combination of conditions alike: decide them once.
    const key = `${action}|${known}|${relevant.key}|${childrenApplies.join(',')}|${relevant.needsPurpose ? pur : ''}`;
    let context = contexts.get(key);
    if (context === undefined) {
      const changed = decideContext({ action, cat, pur, rec, relevant: relevant.rules(), childrenApplies, needsPurpose: relevant.needsPurpose });
      contexts.set(key, (context = changed && { changed, cells: [] }));
    }
    context?.cells.push({ key: '', dims: [actionLists[ACTIONS.indexOf(action)]!, cats[cat]!, purs[pur]!, recs[rec]!], consent: NO_CONSENT, payload: undefined });
  }

  // Each context's cells are merged among themselves, then crossed with the context's changed flows.
  const boxes: Box<ChangedFlows>[] = [];
  for (const context of contexts.values()) {
    if (!context) continue;
    for (const cell of mergeBoxes(context.cells, [1, 2, 3, 0])) {
      const [actions, cellCats, cellPurs, cellRecs] = cell.dims as [number[], number[], number[], number[]];
      const base = {
        action: ACTIONS[actions[0]!]!,
        category: representative(partitions[CAT]!, cellCats[0]!),
        purpose: representative(partitions[PUR]!, cellPurs[0]!),
        recipient: representative(partitions[REC]!, cellRecs[0]!),
      };
      for (const box of context.changed) {
        boxes.push({
          key: box.key,
          dims: ([actions, cellCats, cellPurs, cellRecs] as (readonly number[])[]).concat(box.dims),
          consent: box.consent,
          payload: { decisions: box.payload.decisions, cell: base, fields: box.payload.fields },
        });
      }
    }
  }
  return boxes;
}

// Every (action, category, purpose, recipient) class combination that some allow rule of either policy names, each
// once. With `retainAlike`, `use` cells stand for `retain` ones too.
function* enumerateCells(rules: readonly DiffRule[], partitions: readonly Partition[], retainAlike: boolean): Generator<Cell> {
  const seen = new Set<number>();
  const [cats, purs, recs] = [CAT, PUR, REC].map((d) => partitions[d]!.classes.length) as [number, number, number];
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
          const key = ((ACTIONS.indexOf(action) * cats + cat) * purs + pur) * recs + rec;
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
