import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mergeBoxes, type Box } from '../src/diff-boxes.js';

// Points of a small grid (three dimensions of four values, two consent atoms), each with a key.
const pointArb = fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.boolean(), fc.boolean());
type Point = [number, number, number, boolean, boolean];

function pointsOf(box: Box<unknown>): string[] {
  const out: string[] = [];
  const either = [true, false];
  for (const a of box.dims[0]!)
    for (const b of box.dims[1]!)
      for (const c of box.dims[2]!)
        for (const x of box.consent.has('x') ? [box.consent.get('x')!] : either)
          for (const y of box.consent.has('y') ? [box.consent.get('y')!] : either) out.push(`${box.key}:${[a, b, c, x, y].join(',')}`);
  return out;
}

test('merging keeps exactly the same points, in disjoint boxes, and never joins two keys', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(pointArb, fc.constantFrom('k1', 'k2')), { selector: ([p]) => p.join(), maxLength: 120 }), (points) => {
      const boxes: Box<undefined>[] = points.map(([[a, b, c, x, y], key]: [Point, string]) => ({
        key,
        dims: [[a], [b], [c]],
        consent: new Map([
          ['x', x],
          ['y', y],
        ]),
        payload: undefined,
      }));
      const merged = mergeBoxes(boxes, [0, 1, 2]);
      const before = boxes.flatMap(pointsOf).sort();
      const after = merged.flatMap(pointsOf).sort();
      expect(after).toEqual(before); // same points, none twice
      expect(merged.length).toBeLessThanOrEqual(boxes.length);
    }),
    { numRuns: 300 },
  );
});

test('a full grid of one key merges into one box with every consent either way', () => {
  const boxes: Box<undefined>[] = [];
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 2; b++)
      for (const x of [true, false]) boxes.push({ key: 'k', dims: [[a], [b]], consent: new Map([['x', x]]), payload: undefined });
  const merged = mergeBoxes(boxes, [0, 1]);
  expect(merged).toHaveLength(1);
  expect(merged[0]!.dims).toEqual([[0, 1, 2], [0, 1]]);
  expect(merged[0]!.consent.size).toBe(0);
});
