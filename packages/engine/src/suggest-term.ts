// Internal: the did-you-mean of `error/unknown-term` decisions. It gives exactly the answer of policy-spec's
// `suggest` (the one the policy loader uses; a test holds the two together), but allocates nothing per candidate and
// stops a comparison as soon as it is too far off, so a flood of distinct misspelt flows costs a fraction (a fifth
// to a half, measured on the standard categories and jurisdictions) of what `suggest` would.

/**
 * Longest unknown term that gets a suggestion. Real terms are far shorter (the standard taxonomy's longest has 44
 * characters); the cap bounds the work a hostile flow (a megabyte-long category) can cause.
 */
export const MAX_SUGGESTED_LENGTH = 100;

// One row of the edit-distance table, reused by every comparison (the engine is single-threaded).
let buffer = new Int32Array(MAX_SUGGESTED_LENGTH + 1);

/**
 * The candidate `term` was most likely meant to be, or undefined: the closest candidate within a third of the term's
 * length (at least 2 edits; 1 for terms of up to 3 characters, and only when one candidate is that close), else the
 * shortest candidate that completes the term at a word boundary. Candidates are read in order; the first of equally
 * close ones wins. Terms longer than {@link MAX_SUGGESTED_LENGTH} get none.
 */
export function suggestTerm(term: string, candidates: readonly string[]): string | undefined {
  const length = term.length;
  if (length === 0 || length > MAX_SUGGESTED_LENGTH) return undefined;
  const isShort = length <= 3;
  let best: string | undefined;
  let bestDistance = (isShort ? 1 : Math.max(2, Math.floor(length / 3))) + 1;
  let ties = 0;
  let completion: string | undefined;
  for (let c = 0; c < candidates.length; c++) {
    const candidate = candidates[c]!;
    if (
      candidate.length > length &&
      (completion === undefined || candidate.length < completion.length) &&
      isBoundary(candidate.charCodeAt(length)) &&
      candidate.startsWith(term)
    ) {
      completion = candidate;
    }
    if (Math.abs(candidate.length - length) > bestDistance) continue;
    const distance = boundedDistance(term, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      ties = 0;
    } else if (distance === bestDistance && best !== undefined) ties++;
  }
  // A short term one edit from several candidates (`FX`: `FR`, `FI`, `MX`, …) has no likely meaning.
  if (isShort && ties > 0) best = undefined;
  // A close typo wins; a distant one loses to a completion (`user.contact.phone` means `…phone_number`).
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
  if (buffer.length <= n) buffer = new Int32Array(n + 1);
  const row = buffer;
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
