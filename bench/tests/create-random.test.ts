import { describe, expect, test } from 'vitest';
import { createRandom } from '../engine/create-random.js';

describe('createRandom', () => {
  test('the same seed gives the same sequence, another seed another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  test('stays in range and covers it', () => {
    const r = createRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      seen.add(r.int(10));
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('samples distinct elements and refuses an empty pick', () => {
    const r = createRandom(9);
    const sample = r.sample(['a', 'b', 'c', 'd', 'e'], 3);
    expect(new Set(sample).size).toBe(3);
    expect(r.sample(['a', 'b'], 5).sort()).toEqual(['a', 'b']);
    expect(() => r.pick([])).toThrow();
  });
});
