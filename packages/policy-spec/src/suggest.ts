// The did-you-mean of the policy loader, the linter and the engine's `error/unknown-term`: one implementation, so
// they all suggest alike. It allocates nothing per candidate and stops a comparison as soon as it is too far off, so
// a flood of distinct misspelt flows stays cheap.

/** Longest word that {@link suggest} answers unless given another cap. */
const DEFAULT_MAX_LENGTH = 200;

// One row of the edit-distance table, reused by every comparison (only one runs at a time). It covers every
// comparison `suggest` makes under the default cap; a longer one gets a row of its own, not kept.
const buffer = new Int32Array(2 * DEFAULT_MAX_LENGTH);

/** Edit distance between two strings (Levenshtein), for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  return boundedDistance(a, b, Math.max(a.length, b.length));
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo (edit distance at most a third
 * of the word's length, and at least 2 allowed; 1 for words of up to 3 characters, and only when one candidate
 * is that close). When the closest is more than 2 edits away and a candidate
 * completes `word` at a word boundary (`unsubscribe` → `unsubscribe_link`), the shortest such completion wins:
 * a reviewer who remembers only the start of a term. Candidates are read in order; the first of equally close
 * ones wins. Words longer than `maxLength` characters (default 200) get none: the cap bounds the work a hostile
 * input can cause.
 */
export function suggest(word: string, candidates: Iterable<string>, maxLength = DEFAULT_MAX_LENGTH): string | undefined {
  const length = word.length;
  if (length === 0 || length > maxLength) return undefined;
  // Two edits turn any short code into any other (`FX` → `AX`): short words get one.
  const isShort = length <= 3;
  let best: string | undefined;
  let bestDistance = (isShort ? 1 : Math.max(2, Math.floor(length / 3))) + 1;
  let ties = 0;
  let completion: string | undefined;
  for (const candidate of candidates) {
    if (
      candidate.length > length &&
      (completion === undefined || candidate.length < completion.length) &&
      isBoundary(candidate.charCodeAt(length)) &&
      candidate.startsWith(word)
    ) {
      completion = candidate;
    }
    if (Math.abs(candidate.length - length) > bestDistance) continue;
    const distance = boundedDistance(word, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance && best !== undefined) ties++;
  }
  // A short word one edit from several candidates (`FX`: `FR`, `FI`, `MX`, …) has no likely meaning.
  if (isShort && ties > 0) best = undefined;
  // A close typo wins; a distant one loses to a completion (`user.contact.phone` means `…phone_number`, not `…email`).
  return bestDistance <= 2 ? best : (completion ?? best);
}

// `.`, `_` or `-`: where a dotted term's words meet.
function isBoundary(code: number): boolean {
  return code === 46 || code === 95 || code === 45;
}

/**
 * The edit distance (Levenshtein) between `a` and `b` when it is at most `limit`, else `limit + 1`. A row's smallest
 * entry never decreases from one row to the next, so once it passes `limit` the answer is known.
 */
function boundedDistance(a: string, b: string, limit: number): number {
  const n = b.length;
  const row = n < buffer.length ? buffer : new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    let diagonal = row[0]!;
    let left = i;
    row[0] = i;
    let smallest = i;
    for (let j = 1; j <= n; j++) {
      const above = row[j]!;
      let d = ca === b.charCodeAt(j - 1) ? diagonal : diagonal + 1;
      if (above + 1 < d) d = above + 1;
      if (left + 1 < d) d = left + 1;
      row[j] = d;
      diagonal = above;
      left = d;
      if (d < smallest) smallest = d;
    }
    if (smallest > limit) return limit + 1;
  }
  const distance = row[n]!;
  return distance > limit ? limit + 1 : distance;
}
