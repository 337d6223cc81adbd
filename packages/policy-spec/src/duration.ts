const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/**
 * Parses an ISO 8601 duration of whole years, months, weeks and days into days
 * (1 W = 7, 1 M = 30, 1 Y = 365, as the decision semantics fix). Time parts (`T…`) are not
 * meaningful for retention and are rejected. Returns `undefined` for anything malformed.
 */
export function parseDurationDays(text: string): number | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const m = DURATION.exec(text);
  if (!m || text === 'P') return undefined;
  const [, y, mo, w, d] = m;
  return Number(y ?? 0) * 365 + Number(mo ?? 0) * 30 + Number(w ?? 0) * 7 + Number(d ?? 0);
}
