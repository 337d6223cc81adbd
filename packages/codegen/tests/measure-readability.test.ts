import { describe, expect, test } from 'vitest';
import { countSyllables, measureReadability } from '../src/measure-readability.js';

describe('countSyllables', () => {
  test.each([
    ['we', 1], ['the', 1], ['data', 2], ['privacy', 3], ['people', 2], ['table', 2], ['while', 1], ['use', 1],
    ['used', 1], ['shared', 1], ['needed', 2], ['wanted', 2], ['makes', 1], ['services', 3], ['uses', 2],
    ['unsubscribe', 3], ['your', 1], ['year', 1], ['information', 4], ['period', 3], ['media', 3], ['social', 2],
    ['agreed', 2], ['before', 2], ['delete', 2], ['13', 2], ['2024', 4],
  ])('%s has %i', (word, n) => {
    expect(countSyllables(word)).toBe(n);
  });
});

describe('measureReadability', () => {
  test('applies the Flesch formulas to words, sentences and syllables', () => {
    // 2 sentences, 8 words (we, keep, your, data, we, delete, it, later), 11 syllables.
    const r = measureReadability(['We keep your data. We delete it later.']);
    expect([r.sentences, r.words, r.syllables]).toEqual([2, 8, 11]);
    expect(r.fleschReadingEase).toBe(Math.round((206.835 - 1.015 * 4 - 84.6 * 1.375) * 10) / 10);
    expect(r.fleschKincaidGrade).toBe(Math.round((0.39 * 4 + 11.8 * 1.375 - 15.59) * 10) / 10);
  });

  test('ends a sentence at the end of every block', () => {
    expect(measureReadability(['Name', 'Email address', 'We use it; we keep it']).sentences).toBe(4);
  });

  test('scores plain words above long, many-syllabled ones', () => {
    const plain = measureReadability(['We ask for your name. You can say no. We do not sell it.']);
    const dense = measureReadability(['Notwithstanding the aforementioned considerations, organizational information processing necessitates comprehensive authorization.']);
    expect(plain.fleschReadingEase).toBeGreaterThan(80);
    expect(dense.fleschReadingEase).toBeLessThan(0);
  });

  test('is zero for text without words', () => {
    expect(measureReadability(['', '...'])).toEqual({ fleschReadingEase: 0, fleschKincaidGrade: 0, words: 0, sentences: 0, syllables: 0 });
  });
});
