/** How hard a text is to read, by the Flesch formulas. */
export interface Readability {
  /**
   * Flesch reading ease: 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words), rounded to one
   * decimal. Higher is easier: 60–70 is plain English, 30–50 is college level, below 30 is hard going.
   */
  fleschReadingEase: number;
  /** Flesch–Kincaid grade: 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59, one decimal. */
  fleschKincaidGrade: number;
  words: number;
  sentences: number;
  syllables: number;
}

// Words are runs of letters (with inner apostrophes or hyphens split into parts) or runs of digits.
const WORD = /[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ]+)*|\d+/g;

/**
 * Measures the Flesch reading ease of prose. `text` is a list of blocks (paragraphs, list items): each
 * block ends a sentence even without a final period, as a list item or heading does for a reader.
 * Inside a block, a sentence ends at `.`, `!`, `?` or `;` followed by a space or the end.
 */
export function measureReadability(blocks: readonly string[]): Readability {
  let words = 0;
  let sentences = 0;
  let syllables = 0;
  for (const block of blocks) {
    for (const part of block.split(/[.!?;]+(?=\s|$)/)) {
      const found = part.match(WORD) ?? [];
      if (found.length === 0) continue;
      sentences++;
      words += found.length;
      for (const word of found) syllables += countSyllables(word);
    }
  }
  if (words === 0) return { fleschReadingEase: 0, fleschKincaidGrade: 0, words, sentences, syllables };
  const perSentence = words / sentences;
  const perWord = syllables / words;
  return {
    fleschReadingEase: round(206.835 - 1.015 * perSentence - 84.6 * perWord),
    fleschKincaidGrade: round(0.39 * perSentence + 11.8 * perWord - 15.59),
    words,
    sentences,
    syllables,
  };
}

/**
 * Estimates the syllables of an English word. The heuristic, in order:
 * 1. a number counts one syllable per digit (a rough stand-in for how it is spoken), at least one;
 * 2. words of up to three letters have one syllable;
 * 3. a final silent `e` is dropped (but not the `le` of `table`), as are the `es` of `makes` (not of
 *    `places`, `uses`) and the `ed` of `shared` (not of `needed`, `wanted`); a leading `y` is a consonant;
 * 4. each run of vowels (`a e i o u y`) is a syllable;
 * 5. `ia` and `io` are two syllables (`media`, `period`) except after `c`, `s`, `t` (`social`, `-tion`).
 * It agrees with a dictionary on most everyday words, which is all the reading-ease formula needs.
 */
export function countSyllables(word: string): number {
  if (/^\d+$/.test(word)) return Math.max(1, word.length);
  let w = word.toLowerCase().replace(/[^a-zà-öø-ÿ]/g, '');
  if (w.length <= 3) return 1;
  w = w
    .replace(/(?<=[^aeiouy])le$/, 'l_')
    .replace(/(?<=[^aeiouy])e$/, '')
    .replace(/(?<=[^aeiouycgsxz])es$/, '')
    .replace(/(?<=[^aeiouytd])ed$/, '')
    .replace(/^y/, '')
    .replace(/l_$/, 'le');
  const groups = w.match(/[aeiouyà-öø-ÿ]+/g)?.length ?? 0;
  const splits = w.match(/(?<![cst])i[ao]/g)?.length ?? 0;
  return Math.max(1, groups + splits);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
