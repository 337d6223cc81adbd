/** One input item of `pledge check`: a parsed flow, or why its line could not be parsed. */
export type FlowInput = { line: number; flow: unknown } | { line: number; error: string };

/**
 * Reads one flow JSON document, a JSON array of flows, or JSON Lines (one flow per non-blank line).
 * A line that is not JSON becomes an error item, so every input line still gets one decision.
 */
export function readFlows(text: string): FlowInput[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const whole: unknown = JSON.parse(trimmed);
    if (Array.isArray(whole) && trimmed.startsWith('[')) return whole.map((flow, i) => ({ line: i + 1, flow }));
    return [{ line: 1, flow: whole }];
  } catch {
    // Not a single document: JSON Lines.
  }
  const out: FlowInput[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: index + 1, flow: JSON.parse(raw) });
    } catch (error) {
      out.push({ line: index + 1, error: (error as Error).message });
    }
  });
  return out;
}
