import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../src/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['user.contct', 'user.contact', 1],
    ['earsure', 'erasure', 2],
  ])('%j → %j is %i', (a, b, n) => {
    expect(editDistance(a, b)).toBe(n);
  });

  it('is a metric: symmetric, zero only for equal strings, and obeys the triangle inequality', () => {
    const word = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
    );
  });
});

describe('suggest', () => {
  const categories = ['user.contact', 'user.contact.email', 'user.contact.phone_number', 'user.name'];

  it('offers the closest candidate for a typo', () => {
    expect(suggest('user.contact.emial', categories)).toBe('user.contact.email');
    expect(suggest('user.nme', categories)).toBe('user.name');
    expect(suggest('colect', ['collect', 'use', 'share'])).toBe('collect');
  });

  it('guesses a short code only when one candidate is a single edit away', () => {
    expect(suggest('EAA', ['EEA', 'EU', 'UK', 'FR'])).toBe('EEA');
    expect(suggest('FX', ['FR', 'FI', 'MX', 'EEA'])).toBeUndefined();
    expect(suggest('FX', ['FR', 'EEA'])).toBe('FR');
    expect(suggest('XY', ['FR', 'EEA'])).toBeUndefined();
  });

  it('offers nothing for a word unlike every candidate', () => {
    expect(suggest('marketing', categories)).toBeUndefined();
    expect(suggest('x', ['abc'])).toBeUndefined();
    expect(suggest('', categories)).toBeUndefined();
  });

  it('completes a word cut short at a boundary when no typo fits', () => {
    expect(suggest('unsubscribe', ['unsubscribe_link', 'notify_user'])).toBe('unsubscribe_link');
    expect(suggest('user.contact.phone', categories)).toBe('user.contact.phone_number');
    // Not a completion inside a word.
    expect(suggest('user.cont', ['user.contract_terms'])).toBeUndefined();
  });

  it('stays cheap on very long input', () => {
    expect(suggest('a'.repeat(100_000), categories)).toBeUndefined();
  });
});
