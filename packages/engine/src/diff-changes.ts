// Internal: a box of flows the two policies decide differently, turned into the change a reviewer reads: the class
// of flows in taxonomy terms, how each side decides it, and whether it protects less or more.
import { parseDurationDays } from '@pledge/policy-spec';
import type { Box } from './diff-boxes.js';
import { PURPOSE_ATOM } from './diff-conditions.js';
import { ACTIONS, AGE, CAT, IDN, JUR, PUR, REC, RET, SRC, SUB } from './diff-rules.js';
import type { DiffSpace } from './diff-space.js';
import { describeTerms } from './diff-terms.js';
import type { AgeRange, ConsentCondition, FlowClass, OptionalTermSet, RetentionRange, TermSet } from './flow-class.js';
import type { ChangeSide, FlowChange, ObligationTerm } from './diff-policies.js';
import type { Decision, DecisionObligation } from './types.js';

/** What a box of changed flows stands for: both sides' decisions, and one flow of the box in two parts. */
export interface ChangedFlows {
  readonly decisions: readonly [Decision, Decision];
  /** The flow's action, category, purpose and recipient. */
  readonly cell: Readonly<Record<string, unknown>>;
  /** The flow's other fields. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Decisions differ when one allows and the other denies, or both allow with other obligations (kind and duration). */
export function decisionsDiffer(a: Decision, b: Decision): boolean {
  if (a.decision !== b.decision) return true;
  if (a.decision === 'deny') return false;
  const set = (d: Decision) => [...new Set(d.obligations.map(obligationKey))].sort().join('\n');
  return set(a) !== set(b);
}

/**
 * The changes the boxes of flows stand for, each class named by the highest terms whose whole inside it holds,
 * sorted: less protective first, then newly allowed, other obligations, newly denied; then by action and terms.
 */
export function describeChanges(boxes: readonly Box<ChangedFlows>[], space: DiffSpace): FlowChange[] {
  // Boxes share many value lists (the same classes of a dimension): each list is described once.
  const described = space.partitions.map(() => new Map<string, TermSet>());
  const termSet = (d: number, values: readonly number[]): TermSet => {
    const text = values.join(',');
    let set = described[d]!.get(text);
    if (set === undefined) {
      const p = space.partitions[d]!;
      const members = new Set(values.filter((c) => c !== p.unstated).flatMap((c) => p.classes[c]!));
      described[d]!.set(text, (set = describeTerms(p.union, members, true)));
    }
    return set;
  };
  return boxes.map((box) => describeChange(box, space, termSet)).sort(compareChanges);
}

// The change one box stands for; `termSet` names a dimension's value list.
function describeChange(box: Box<ChangedFlows>, space: DiffSpace, termSet: (d: number, values: readonly number[]) => TermSet): FlowChange {
  const { partitions, ageBounds, capBounds } = space;
  const condition = (d: number): OptionalTermSet | undefined => {
    const p = partitions[d]!;
    const values = box.dims[d + 1]!;
    if (values.length === p.classes.length + (p.unstated === undefined ? 0 : 1)) return undefined;
    const set = termSet(d, values);
    return values.includes(p.unstated ?? -1) ? { ...set, unstated: true } : set;
  };
  const flows: Record<string, unknown> = {
    actions: box.dims[0]!.map((a) => ACTIONS[a]!),
    categories: termSet(CAT, box.dims[1 + CAT]!),
    purposes: termSet(PUR, box.dims[1 + PUR]!),
    recipients: termSet(REC, box.dims[1 + REC]!),
  };
  const conditions: [string, number][] = [
    ['source', SRC],
    ['subjectKind', SUB],
    ['jurisdiction', JUR],
    ['identifiability', IDN],
  ];
  for (const [name, d] of conditions) {
    const c = condition(d);
    if (c) flows[name] = c;
  }
  const ages = box.dims[AGE]!;
  if (ages.length <= ageBounds.length) {
    flows['age'] = ranges(ages).map(([from, to]): AgeRange => {
      const r: { from?: number; under?: number } = {};
      if (from > 0) r.from = ageBounds[from - 1]!;
      if (to < ageBounds.length) r.under = ageBounds[to]!;
      return r;
    });
  }
  const kept = box.dims[RET]!;
  if (kept.length <= capBounds.length) {
    flows['retention'] = ranges(kept).map(([from, to]): RetentionRange => {
      const r: { moreThan?: string; atMost?: string } = {};
      if (from > 0) r.moreThan = `P${capBounds[from - 1]!}D`;
      if (to < capBounds.length) r.atMost = `P${capBounds[to]!}D`;
      return r;
    });
  }
  if (box.consent.size > 0) {
    const entries = [...box.consent];
    const consent: { given: string[]; notGiven: string[]; purpose?: boolean } = {
      given: entries.filter(([a, v]) => v && a !== PURPOSE_ATOM).map(([a]) => a).sort(),
      notGiven: entries.filter(([a, v]) => !v && a !== PURPOSE_ATOM).map(([a]) => a).sort(),
    };
    if (box.consent.has(PURPOSE_ATOM)) consent.purpose = box.consent.get(PURPOSE_ATOM)!;
    flows['consent'] = consent satisfies ConsentCondition;
  }

  const [before, after] = box.payload.decisions;
  const removed = subtract(before.obligations, after.obligations);
  const added = subtract(after.obligations, before.obligations);
  let change: FlowChange['change'];
  let protection: FlowChange['protection'];
  if (before.decision !== after.decision) {
    change = after.decision === 'allow' ? 'allowed' : 'denied';
    protection = change === 'allowed' ? 'less' : 'more';
  } else {
    change = 'obligations';
    protection = removed.some((r) => !added.some((a) => isAsStrict(a, r))) ? 'less' : 'more';
  }
  return {
    protection,
    change,
    flows: flows as unknown as FlowClass,
    example: { ...box.payload.cell, ...box.payload.fields },
    old: side(before),
    new: side(after),
    obligationsRemoved: removed,
    obligationsAdded: added,
  };
}

const CHANGE_ORDER = { allowed: 0, obligations: 1, denied: 2 } as const;
// The same order as `localeCompare` without arguments, with one collator made once.
const COLLATOR = new Intl.Collator();

// The order of `describeChanges`.
function compareChanges(a: FlowChange, b: FlowChange): number {
  const first = (s: TermSet) => s.inside[0] ?? s.exactly?.[0] ?? '';
  return (
    (a.protection === b.protection ? 0 : a.protection === 'less' ? -1 : 1) ||
    CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] ||
    ACTIONS.indexOf(a.flows.actions[0]!) - ACTIONS.indexOf(b.flows.actions[0]!) ||
    COLLATOR.compare(first(a.flows.categories), first(b.flows.categories)) ||
    COLLATOR.compare(first(a.flows.purposes), first(b.flows.purposes)) ||
    COLLATOR.compare(first(a.flows.recipients), first(b.flows.recipients))
  );
}

function obligationKey(o: ObligationTerm): string {
  return `${o.kind}\u0000${o.duration ?? ''}`;
}

// Runs of consecutive band numbers, as [first, last] pairs.
function ranges(values: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

// The obligations of `from` that `other` lacks, by kind and duration, each once.
function subtract(from: readonly DecisionObligation[], other: readonly DecisionObligation[]): ObligationTerm[] {
  const have = new Set(other.map(obligationKey));
  const seen = new Set<string>();
  const out: ObligationTerm[] = [];
  for (const o of from) {
    const k = obligationKey(o);
    if (have.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(o.duration === undefined ? { kind: o.kind } : { kind: o.kind, duration: o.duration });
  }
  return out;
}

// `a` replaces `b` at least as strictly: the same kind with a duration no longer than b's.
function isAsStrict(a: ObligationTerm, b: ObligationTerm): boolean {
  if (a.kind !== b.kind || a.duration === undefined || b.duration === undefined) return false;
  return parseDurationDays(a.duration)! <= parseDurationDays(b.duration)!;
}

// A side as the change shows it: error reasons lose their message, which names the one flow they were given.
function side(d: Decision): ChangeSide {
  return {
    decision: d.decision,
    reasons: d.reasons.map((r) => {
      if (!r.rule.startsWith('error/') || r.message === undefined) return r;
      const { message: _message, ...rest } = r;
      return rest;
    }),
    obligations: d.obligations,
  };
}
