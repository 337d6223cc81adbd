import fc from 'fast-check';
import { expect, test } from 'vitest';
import { loadPolicy } from '@pledge/policy-spec';
import { createRelevantRules } from '../src/diff-relevance.js';
import { ACTIONS, CAT, isAllow, PUR, REC, type DiffRule } from '../src/diff-rules.js';
import { createDiffSpace } from '../src/diff-space.js';
import type { FlowAction } from '../src/types.js';
import { policyArb } from '../../../tests/support/random-policy.js';

// The rules that can decide a cell's flows, found one rule at a time as the engine's semantics state it.
function naiveRelevant(rules: readonly DiffRule[], action: FlowAction, cat: number, pur: number, rec: number) {
  const matches = (r: DiffRule, skipRecipient = false) =>
    r.byClass[CAT]![cat] === 1 && r.byClass[PUR]![pur] === 1 && (skipRecipient || r.byClass[REC]![rec] === 1);
  const allowing = action === 'collect' ? 'collect' : action === 'share' ? 'share' : 'use';
  const relevant = rules.filter((r) => {
    if (r.section === 'forbid') return matches(r) && (r.actions === undefined || r.actions.some((a) => a === action || (a === 'use' && action === 'retain')));
    if (r.section === 'retain' || r.section === allowing) return matches(r);
    // A collect flow's use and share rules say what the data is for, whoever it is collected by.
    return action === 'collect' && matches(r, true);
  });
  const canAllow = ([0, 1] as const).map(
    (side) =>
      relevant.some((r) => r.side === side && r.section === allowing) &&
      (action !== 'collect' || relevant.some((r) => r.side === side && (r.section === 'use' || r.section === 'share'))),
  );
  const needsPurpose = relevant.some((r) => isAllow(r.section) && r.requires === 'purpose');
  return { relevant, canAllow, needsPurpose };
}

test('the rules relevant to each cell, as bit masks, are those the semantics name, and equal keys mean equal rules', () => {
  fc.assert(
    fc.property(policyArb, policyArb, (a, b) => {
      const load = (doc: unknown, file: string) => loadPolicy(JSON.stringify(doc), file).policy!;
      const space = createDiffSpace(load(a, 'policies/a.yaml'), load(b, 'policies/b.yaml'));
      const relevantRules = createRelevantRules(space.rules, space.partitions);
      const [cats, purs, recs] = [CAT, PUR, REC].map((d) => space.partitions[d]!.classes.length);
      const byKey = new Map<string, string>();
      const wrong: string[] = [];
      for (const action of ACTIONS)
        for (let cat = 0; cat < cats!; cat++)
          for (let pur = 0; pur < purs!; pur++)
            for (let rec = 0; rec < recs!; rec++) {
              const got = relevantRules(action, cat, pur, rec);
              const want = naiveRelevant(space.rules, action, cat, pur, rec);
              const rules = got.rules().map((r) => r.index).join(',');
              const answer = `${rules} ${got.canAllow.join()} ${got.needsPurpose}`;
              const expected = `${want.relevant.map((r) => r.index).join(',')} ${want.canAllow.join()} ${want.needsPurpose}`;
              const sameKey = byKey.get(`${action}|${got.key}`) ?? byKey.set(`${action}|${got.key}`, rules).get(`${action}|${got.key}`);
              if (answer !== expected || sameKey !== rules) wrong.push(`${action} ${cat} ${pur} ${rec}: ${answer}, want ${expected}`);
            }
      expect(wrong).toEqual([]);
    }),
    { numRuns: 25 },
  );
});
