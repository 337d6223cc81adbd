// Internal: which rules of both policies can take part in deciding a cell of flows (an action, a category class, a
// purpose class, a recipient class). A diff asks this for thousands of cells, so the rules are indexed once as bit
// masks (bit i: rule i) per class and per action, and a cell's answer is a few ANDs.
import { ACTIONS, CAT, PUR, REC, isAllow, type DiffRule, type Section } from './diff-rules.js';
import type { Partition } from './diff-space.js';
import type { FlowAction } from './types.js';

/** The rules that can decide flows of one cell. */
export interface RelevantRules {
  /** Stands for the set of rules: equal keys (for the same action), equal sets. */
  readonly key: string;
  /** Per side: whether that policy has allow rules enough to allow some flow of the cell. */
  readonly canAllow: readonly [boolean, boolean];
  /** Whether an allow rule among them needs consent to the flow's own purpose. */
  readonly needsPurpose: boolean;
  /** The rules, in the order of the rule list. */
  rules(): DiffRule[];
}

/** Per action, the masks of the rules that take part in its cells. */
interface ActionMasks {
  /** Rules that take part when they accept the cell's category, purpose and recipient. */
  readonly full: Uint32Array;
  /** Rules that take part when they accept its category and purpose (a `collect` flow's use and share rules). */
  readonly purposeOnly: Uint32Array;
  /** Per side: the rules that allow flows of the action (for `collect`, the collect rules). */
  readonly allowing: readonly [Uint32Array, Uint32Array];
  /** Per side: for `collect`, the use and share rules that say what collected data is for. */
  readonly forPurpose: readonly [Uint32Array, Uint32Array] | undefined;
}

/** Indexes `rules` (with `byClass` filled in) for {@link RelevantRules} queries. */
export function createRelevantRules(
  rules: readonly DiffRule[],
  partitions: readonly Partition[],
): (action: FlowAction, cat: number, pur: number, rec: number) => RelevantRules {
  const words = Math.max(1, Math.ceil(rules.length / 32));
  const maskOf = (take: (r: DiffRule) => boolean) => {
    const m = new Uint32Array(words);
    for (const r of rules) if (take(r)) m[r.index >>> 5]! |= 1 << (r.index & 31);
    return m;
  };
  const byClass = [CAT, PUR, REC].map((d) => partitions[d]!.classes.map((_, c) => maskOf((r) => r.byClass[d]![c] === 1)));
  const sides = (take: (r: DiffRule) => boolean) =>
    [maskOf((r) => r.side === 0 && take(r)), maskOf((r) => r.side === 1 && take(r))] as const;
  const masks = new Map<FlowAction, ActionMasks>(
    ACTIONS.map((action) => {
      // `use` and `retain` flows are allowed by use rules; a forbid rule's `use` also covers `retain` flows.
      const section: Section = action === 'collect' ? 'collect' : action === 'share' ? 'share' : 'use';
      const forbids = (r: DiffRule) =>
        r.section === 'forbid' && (r.actions === undefined || r.actions.some((a) => a === action || (a === 'use' && action === 'retain')));
      const purposeRule = (r: DiffRule) => action === 'collect' && (r.section === 'use' || r.section === 'share');
      return [
        action,
        {
          full: maskOf((r) => forbids(r) || r.section === 'retain' || r.section === section),
          purposeOnly: maskOf(purposeRule),
          allowing: sides((r) => r.section === section),
          forPurpose: action === 'collect' ? sides(purposeRule) : undefined,
        },
      ];
    }),
  );
  const needsPurposeMask = maskOf((r) => isAllow(r.section) && r.requires === 'purpose');
  const meets = (a: Uint32Array, b: Uint32Array) => {
    for (let w = 0; w < words; w++) if ((a[w]! & b[w]!) !== 0) return true;
    return false;
  };
  const canAllow = (mask: Uint32Array, m: ActionMasks, side: 0 | 1) =>
    meets(mask, m.allowing[side]) && (m.forPurpose === undefined || meets(mask, m.forPurpose[side]));

  return (action, cat, pur, rec) => {
    const m = masks.get(action)!;
    const [cats, purs, recs] = [byClass[0]![cat]!, byClass[1]![pur]!, byClass[2]![rec]!];
    const mask = new Uint32Array(words);
    for (let w = 0; w < words; w++) {
      const both = cats[w]! & purs[w]!;
      mask[w] = (both & recs[w]! & m.full[w]!) | (both & m.purposeOnly[w]!);
    }
    return {
      key: mask.join(','),
      canAllow: [canAllow(mask, m, 0), canAllow(mask, m, 1)],
      needsPurpose: meets(mask, needsPurposeMask),
      rules: () => rules.filter((r) => (mask[r.index >>> 5]! & (1 << (r.index & 31))) !== 0),
    };
  };
}
