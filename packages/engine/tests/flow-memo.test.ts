import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FlowMemo } from '../src/flow-memo.js';

const keyOf = (k: readonly [number, number, number]) => k.join(',');

describe('FlowMemo', () => {
  test('finds what was inserted, through growth, and nothing else', () => {
    const memo = new FlowMemo(1 << 15);
    const keys: [number, number, number][] = [];
    for (let i = 0; i < 5000; i++) keys.push([i % 37, Math.floor(i / 37), (i * 7919) % 101]);
    keys.forEach(([a, b, c], i) => memo.insert(a, b, c, i));
    expect(memo.size).toBe(5000);
    keys.forEach(([a, b, c], i) => expect(memo.find(a, b, c)).toBe(i));
    expect(memo.find(37, 0, 0)).toBe(-1);
    expect(memo.find(0, 0, 1)).toBe(-1);
  });

  test('keys that differ in one place are different keys', () => {
    const memo = new FlowMemo(100);
    memo.insert(1, 2, 3, 0);
    memo.insert(3, 2, 1, 1);
    memo.insert(1, 3, 2, 2);
    memo.insert(0, 0, 0, 3);
    expect([memo.find(1, 2, 3), memo.find(3, 2, 1), memo.find(1, 3, 2), memo.find(0, 0, 0)]).toStrictEqual([0, 1, 2, 3]);
    expect(memo.find(2, 1, 3)).toBe(-1);
  });

  test('takes any int32 keys', () => {
    const memo = new FlowMemo(100);
    const extremes = [0, -1, 2 ** 31 - 1, -(2 ** 31), 123456789];
    let value = 0;
    for (const a of extremes) for (const b of extremes) memo.insert(a, b, a ^ b, value++);
    value = 0;
    for (const a of extremes) for (const b of extremes) expect(memo.find(a, b, a ^ b)).toBe(value++);
  });

  test('holding maxEntries entries, it starts over with the next insert', () => {
    const memo = new FlowMemo(64);
    for (let i = 0; i < 64; i++) memo.insert(i, 0, 0, i);
    expect(memo.size).toBe(64);
    expect(memo.find(63, 0, 0)).toBe(63);
    memo.insert(64, 0, 0, 64);
    expect(memo.size).toBe(1);
    expect(memo.find(64, 0, 0)).toBe(64);
    for (let i = 0; i < 64; i++) expect(memo.find(i, 0, 0)).toBe(-1);
  });

  test('clear forgets everything; maxEntries 0 stores nothing', () => {
    const memo = new FlowMemo(10);
    memo.insert(1, 1, 1, 5);
    memo.clear();
    expect(memo.size).toBe(0);
    expect(memo.find(1, 1, 1)).toBe(-1);
    const off = new FlowMemo(0);
    off.insert(1, 1, 1, 5);
    expect(off.size).toBe(0);
    expect(off.find(1, 1, 1)).toBe(-1);
  });

  test('agrees with a Map on random inserts and lookups', () => {
    const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    const small = fc.integer({ min: 0, max: 40 });
    const key = fc.tuple(fc.oneof(small, int), fc.oneof(small, int), fc.oneof(small, int));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), key), { maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (ops, max) => {
        const memo = new FlowMemo(max);
        let model = new Map<string, number>();
        ops.forEach(([isInsert, k], i) => {
          const found = memo.find(k[0], k[1], k[2]);
          expect(found).toBe(model.get(keyOf(k)) ?? -1);
          if (isInsert && found < 0) {
            if (model.size >= max) model = new Map();
            memo.insert(k[0], k[1], k[2], i);
            model.set(keyOf(k), i);
          }
          expect(memo.size).toBe(model.size);
        });
      }),
      { numRuns: 300 },
    );
  });
});
