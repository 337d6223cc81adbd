import { describe, expect, test } from 'vitest';
import { MAX_BATCH, measureDecisions, median, quantile } from '../engine/measure-decisions.js';

describe('quantile and median', () => {
  test('nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('measureDecisions', () => {
  const inputs = Array.from({ length: 64 }, (_, i) => i);

  test('times every subject, in batches sized to its speed, and counts allows over one pass', () => {
    const [fast, slow] = measureDecisions(
      [
        { name: 'fast', decide: (i: number) => (i % 4 === 0 ? 'allow' : 'deny'), inputs },
        {
          name: 'slow',
          decide: (i: number) => {
            const until = process.hrtime.bigint() + 20_000n; // about 20 µs each
            while (process.hrtime.bigint() < until);
            return i % 2 === 0 ? 'allow' : 'deny';
          },
          inputs,
        },
      ],
      { warmupMs: 30, timeMs: 60, rounds: 2 },
    );
    expect(fast!.name).toBe('fast');
    // Batch sizes follow timings, which a busy machine skews; only their bounds are certain.
    expect(fast!.batch).toBeLessThanOrEqual(MAX_BATCH);
    expect(fast!.allowedPerPass).toBe(16);
    expect(slow!.allowedPerPass).toBe(32);
    expect(slow!.batch).toBeLessThan(MAX_BATCH); // sized to about 1 ms of 20 µs decisions
    expect(slow!.p50).toBeGreaterThan(15_000); // a 20 µs busy wait on the clock cannot take less
    for (const m of [fast!, slow!]) {
      expect(m.samples).toBeGreaterThan(0);
      expect(m.p50).toBeLessThanOrEqual(m.p99);
      expect(m.decisionsPerSecond).toBeCloseTo(1e9 / m.p50, 3);
      expect(m.cpuP50).toBeGreaterThanOrEqual(0);
      expect(m.cpuP50).toBeLessThanOrEqual(m.cpuP99);
    }
    expect(fast!.p50).toBeLessThan(slow!.p50);
  });

  test('wants a power of two of inputs', () => {
    expect(() => measureDecisions([{ name: 'x', decide: () => 'deny', inputs: [1, 2, 3] }], { warmupMs: 1, timeMs: 1, rounds: 1 })).toThrow(
      /power of two/,
    );
  });
});
