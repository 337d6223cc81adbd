import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadStandardTaxonomy } from '../src/standard-taxonomy.js';
import { editDistance, suggest } from '../src/suggest.js';
import { buildTaxonomy, TERM_KINDS } from '../src/taxonomy.js';

// The reference: the textbook Levenshtein table, and the rule of `suggest` written as plainly as possible (every
// candidate compared in full). `suggest` must give exactly its answers.
function naiveDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

function naiveSuggest(word: string, candidates: readonly string[], maxLength = 200): string | undefined {
  if (word.length === 0 || word.length > maxLength) return undefined;
  const isShort = word.length <= 3;
  const allowed = isShort ? 1 : Math.max(2, Math.floor(word.length / 3));
  const distances = candidates.map((c) => naiveDistance(word, c));
  const closest = Math.min(...distances);
  const atClosest = candidates.filter((_, i) => distances[i] === closest);
  const isPlausible = closest <= allowed;
  const best = isPlausible && !(isShort && atClosest.length > 1) ? atClosest[0] : undefined;
  const completions = candidates.filter((c) => c.startsWith(word) && /^[._-]/.test(c.slice(word.length)));
  const completion = completions.reduce<string | undefined>((a, c) => (a === undefined || c.length < a.length ? c : a), undefined);
  // A completion is offered only when no candidate is within 2 edits (nor, for a short word, within its 1).
  const isClose = isPlausible ? closest <= 2 : allowed + 1 <= 2;
  return isClose ? best : (completion ?? best);
}

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

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
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

  it('equals the textbook table, on short strings and on strings longer than any term', () => {
    fc.assert(
      fc.property(alphabetArb, alphabetArb, (a, b) => {
        expect(editDistance(a, b)).toBe(naiveDistance(a, b));
      }),
    );
    const long = 'ab.'.repeat(300);
    const other = `${long.slice(0, 400)}x${long.slice(450)}q`;
    expect(editDistance(long, other)).toBe(naiveDistance(long, other));
    expect(editDistance(other, long)).toBe(naiveDistance(other, long));
    // The shared row still gives right answers after a comparison too long for it.
    expect(editDistance('user.contct', 'user.contact')).toBe(1);
  });
});

describe('suggest', () => {
  const few = ['user.contact', 'user.contact.email', 'user.contact.phone_number', 'user.name'];

  it('offers the closest candidate for a typo', () => {
    expect(suggest('user.contact.emial', few)).toBe('user.contact.email');
    expect(suggest('user.nme', few)).toBe('user.name');
    expect(suggest('colect', ['collect', 'use', 'share'])).toBe('collect');
  });

  it('guesses a short code only when one candidate is a single edit away', () => {
    expect(suggest('EAA', ['EEA', 'EU', 'UK', 'FR'])).toBe('EEA');
    expect(suggest('FX', ['FR', 'FI', 'MX', 'EEA'])).toBeUndefined();
    expect(suggest('FX', ['FR', 'EEA'])).toBe('FR');
    expect(suggest('XY', ['FR', 'EEA'])).toBeUndefined();
    expect(suggest('FX', jurisdictions)).toBeUndefined();
    expect(suggest('FRA', ['FR', 'US'])).toBe('FR');
  });

  it('offers nothing for a word unlike every candidate', () => {
    expect(suggest('marketing', few)).toBeUndefined();
    expect(suggest('x', ['abc'])).toBeUndefined();
    expect(suggest('', few)).toBeUndefined();
  });

  it('completes a word cut short at a boundary when no typo fits', () => {
    expect(suggest('unsubscribe', ['unsubscribe_link', 'notify_user'])).toBe('unsubscribe_link');
    expect(suggest('user.contact.phone', few)).toBe('user.contact.phone_number');
    // Not a completion inside a word.
    expect(suggest('user.cont', ['user.contract_terms'])).toBeUndefined();
  });

  it('of completions at a word boundary, the shortest and then the first wins', () => {
    const candidates = ['unsubscribe.link.long', 'unsubscribe-link', 'unsubscribe_link', 'unsubscribing_x'];
    expect(suggest('unsubscribe', candidates)).toBe('unsubscribe-link');
  });

  it.each([
    ['user.contact.emial', 'user.contact.email'],
    ['user.contct', 'user.contact'],
    ['user.contact.phone', 'user.contact.phone_number'],
    ['usr.financial.credit_crd', 'user.financial.credit_card'],
  ])('on the standard categories: %s → %s', (word, want) => {
    expect(suggest(word, categories)).toBe(want);
  });

  it.each([['zzzz.qqqq'], ['payroll'], ['u'], ['']])('no suggestion for %j, far from every standard category', (word) => {
    expect(suggest(word, categories)).toBeUndefined();
  });

  it('reads any iterable of candidates', () => {
    expect(suggest('user.contct', new Set(few))).toBe('user.contact');
    expect(suggest('user.contct', new Map(few.map((c) => [c, 1])).keys())).toBe('user.contact');
  });

  it('gives the reference answer for every word', () => {
    fc.assert(
      fc.property(caseArb, ([candidates, word]) => {
        expect(suggest(word, candidates)).toBe(naiveSuggest(word, candidates));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the reference answer on every kind of the standard taxonomy, with each term misspelt', () => {
    for (const kind of TERM_KINDS) {
      const ids = standard.terms(kind).map((t) => t.id);
      for (const id of ids) {
        for (const word of [`${id}x`, id.slice(1), id.slice(0, -1), `${id.slice(0, 2)}Q${id.slice(3)}`]) {
          expect(suggest(word, ids), `${kind}: ${word}`).toBe(naiveSuggest(word, ids));
        }
      }
    }
  });

  it('gives none for words longer than the cap (200, or the one given), however close', () => {
    for (const cap of [200, 100]) {
      const long = `user.${'a'.repeat(cap - 5)}`;
      const given = cap === 200 ? undefined : cap;
      expect(suggest(`${long.slice(0, -1)}b`, [long], given)).toBe(long);
      expect(suggest(`${long}b`, [long], given)).toBeUndefined();
      expect(suggest(`${long}b`, [long], cap + 1)).toBe(long);
    }
    expect(suggest('x'.repeat(1 << 20), categories)).toBeUndefined();
  });

  it('compares candidates longer than a word at the cap exactly', () => {
    for (const cap of [200, 100]) {
      const word = 'a'.repeat(cap);
      const candidate = 'a'.repeat(cap + 2);
      expect(suggest(word, [candidate], cap)).toBe(candidate);
      expect(suggest(word, [candidate], cap)).toBe(naiveSuggest(word, [candidate], cap));
    }
    // A cap above the default: comparisons longer than the shared row still give the reference answer.
    const word = `user.${'ab'.repeat(400)}`;
    const candidates = [`${word.slice(0, 300)}${word.slice(320)}`, `${word}c`];
    expect(suggest(word, candidates, 1000)).toBe(`${word}c`);
    expect(suggest(word.slice(0, 600), candidates, 1000)).toBe(naiveSuggest(word.slice(0, 600), candidates, 1000));
  });
});
