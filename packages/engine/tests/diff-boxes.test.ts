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

// A box's content, to check that merging leaves it alone.
function snapshot(box: Box<unknown>): unknown {
  return { key: box.key, dims: box.dims.map((v) => [...v]), consent: [...box.consent] };
}

test('merging keeps exactly the same points, in disjoint boxes, never joins two keys, and changes no box given', () => {
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
      const given = boxes.map(snapshot);
      const merged = mergeBoxes(boxes, [0, 1, 2]);
      const before = boxes.flatMap(pointsOf).sort();
      const after = merged.flatMap(pointsOf).sort();
      expect(after).toEqual(before); // same points, none twice
      expect(merged.length).toBeLessThanOrEqual(boxes.length);
      expect(boxes.map(snapshot)).toEqual(given); // the boxes given are left as they were
      // A box alone with its key cannot merge: it comes back as it was given.
      const alone = boxes.filter((box) => boxes.filter((other) => other.key === box.key).length === 1);
      for (const box of alone) expect(merged).toContain(box);
    }),
    { numRuns: 300 },
  );
});

test('boxes of other keys never merge, whatever their values', () => {
  const boxes: Box<undefined>[] = [0, 1, 2].map((a) => ({ key: `k${a}`, dims: [[a], [0]], consent: new Map(), payload: undefined }));
  expect(mergeBoxes(boxes, [0, 1])).toEqual(boxes);
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
