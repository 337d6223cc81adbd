import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildTaxonomy, loadStandardTaxonomy, suggest, TERM_KINDS } from '@pledge/policy-spec';
import { MAX_SUGGESTED_LENGTH, suggestTerm } from '../src/suggest-term.js';

const standard = buildTaxonomy([{ data: loadStandardTaxonomy(), origin: 'standard' }]).taxonomy;
const categories = standard.terms('categories').map((t) => t.id);
const jurisdictions = standard.terms('jurisdictions').map((t) => t.id);

// Words near the candidates (one to four random edits of one of them) and words over a tiny alphabet, so that ties,
// completions and distant words all come up.
const alphabetArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', '_'), maxLength: 12 });
const listArb = fc.oneof(
  fc.uniqueArray(alphabetArb, { maxLength: 12 }),
  fc.shuffledSubarray(categories, { minLength: 1 }),
  fc.shuffledSubarray(jurisdictions, { minLength: 1, maxLength: 60 }),
);
const edit = (word: string, [kind, at, char]: [number, number, string]): string => {
  const i = at % (word.length + 1);
  if (kind === 0) return word.slice(0, i) + char + word.slice(i);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + char + word.slice(i + 1);
};
const editArb = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.constantFrom('a', 'e', '.', '_', 'X'));
const caseArb = listArb.chain((list) =>
  fc.tuple(
    fc.constant(list),
    fc.oneof(
      alphabetArb,
      fc.string({ maxLength: 8 }),
      list.length === 0
        ? alphabetArb
        : fc
            .tuple(fc.constantFrom(...list), fc.array(editArb, { minLength: 1, maxLength: 4 }))
            .map(([word, edits]) => edits.reduce(edit, word)),
    ),
  ),
);

describe('suggestTerm', () => {
  test('gives the policy loader’s suggestion (policy-spec `suggest`) for every word up to the cap', () => {
    fc.assert(
      fc.property(caseArb, ([candidates, word]) => {
        expect(suggestTerm(word, candidates)).toBe(suggest(word, candidates));
      }),
      { numRuns: 3000 },
    );
  });

  test('the same on every kind of the standard taxonomy, with each term misspelt', () => {
    for (const kind of TERM_KINDS) {
      const ids = standard.terms(kind).map((t) => t.id);
      for (const id of ids) {
        for (const word of [`${id}x`, id.slice(1), id.slice(0, -1), `${id.slice(0, 2)}Q${id.slice(3)}`]) {
          expect(suggestTerm(word, ids), `${kind}: ${word}`).toBe(suggest(word, ids));
        }
      }
    }
  });

  test.each([
    ['user.contact.emial', 'user.contact.email'],
    ['user.contct', 'user.contact'],
    ['user.contact.phone', 'user.contact.phone_number'],
    ['usr.financial.credit_crd', 'user.financial.credit_card'],
  ])('%s → %s', (word, want) => {
    expect(suggestTerm(word, categories)).toBe(want);
  });

  test.each([['zzzz.qqqq'], ['payroll'], ['u'], ['']])('no suggestion for %j, far from every category', (word) => {
    expect(suggestTerm(word, categories)).toBeUndefined();
  });

  test('of completions at a word boundary, the shortest and then the first wins', () => {
    const candidates = ['unsubscribe.link.long', 'unsubscribe-link', 'unsubscribe_link', 'unsubscribing_x'];
    expect(suggestTerm('unsubscribe', candidates)).toBe('unsubscribe-link');
    expect(suggestTerm('unsubscribe', candidates)).toBe(suggest('unsubscribe', candidates));
  });

  test('a short word one edit from several candidates gets none', () => {
    expect(suggestTerm('FX', jurisdictions)).toBeUndefined();
    expect(suggestTerm('FRA', ['FR', 'US'])).toBe('FR');
  });

  test('words longer than the cap get none, however close', () => {
    const long = `user.${'a'.repeat(MAX_SUGGESTED_LENGTH - 5)}`;
    expect(long).toHaveLength(MAX_SUGGESTED_LENGTH);
    expect(suggestTerm(`${long.slice(0, -1)}b`, [long])).toBe(long);
    expect(suggestTerm(`${long}b`, [long])).toBeUndefined();
    expect(suggestTerm('x'.repeat(1 << 20), categories)).toBeUndefined();
  });

  test('candidates longer than the word, as long as the word allows, are compared exactly', () => {
    const word = 'a'.repeat(MAX_SUGGESTED_LENGTH);
    const candidate = 'a'.repeat(MAX_SUGGESTED_LENGTH + 2);
    expect(suggestTerm(word, [candidate])).toBe(suggest(word, [candidate]));
    expect(suggestTerm(word, [candidate])).toBe(candidate);
  });
});
