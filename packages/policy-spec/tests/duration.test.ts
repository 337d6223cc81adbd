import { describe, expect, it } from 'vitest';
import { parseDurationDays } from '../src/duration.js';

describe('parseDurationDays', () => {
  it.each([
    ['P30D', 30],
    ['P2W', 14],
    ['P6M', 180],
    ['P1Y', 365],
    ['P1Y6M', 545],
    ['P7Y', 2555],
    ['P1Y2M3W4D', 365 + 60 + 21 + 4],
    ['P0D', 0],
  ])('%s is %i days (1 W = 7, 1 M = 30, 1 Y = 365)', (text, days) => {
    expect(parseDurationDays(text)).toBe(days);
  });

  it.each(['', 'P', '30D', 'P30', 'p30d', 'P1.5Y', 'P-1D', 'PT12H', 'P1DT1H', 'P1D ', ' P1D', 'P1M1Y', 'P1Y1Y', '30 days', `P${'9'.repeat(50)}D`])(
    'rejects %j',
    (text) => {
      expect(parseDurationDays(text)).toBeUndefined();
    },
  );

  it('rejects values that are not strings', () => {
    expect(parseDurationDays(365 as unknown as string)).toBeUndefined();
  });
});
