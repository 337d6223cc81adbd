/** Edit distance between two strings (Levenshtein), for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
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

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo (edit distance at most a third
 * of the word's length, and at least 2 allowed; 1 for words of up to 3 characters, and only when one candidate
 * is that close). When the closest is more than 2 edits away and a candidate
 * completes `word` at a word boundary (`unsubscribe` → `unsubscribe_link`), the shortest such completion wins:
 * a reviewer who remembers only the start of a term.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 200 || word.length === 0) return undefined;
  // Two edits turn any short code into any other (`FX` → `AX`): short words get one.
  const isShort = word.length <= 3;
  let best: string | undefined;
  let bestDistance = (isShort ? 1 : Math.max(2, Math.floor(word.length / 3))) + 1;
  let ties = 0;
  let completion: string | undefined;
  for (const candidate of candidates) {
    if (candidate.startsWith(word) && /[._-]/.test(candidate.charAt(word.length))) {
      if (completion === undefined || candidate.length < completion.length) completion = candidate;
    }
    if (Math.abs(candidate.length - word.length) >= bestDistance + 1) continue;
    const distance = editDistance(word, candidate);
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
