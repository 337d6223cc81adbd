/** A piece of code printed as is inside a literal (a reference to a constant). */
export class RawCode {
  constructor(readonly code: string) {}
}

/** Lines longer than this break their arrays and objects over several lines. */
const WIDTH = 120;

/**
 * Prints a JSON-like value as a TypeScript literal, formatted the way Prettier would (single quotes, trailing
 * commas, keys quoted only when they must be, one element per line when a line would exceed 120 columns).
 * Every string goes through {@link quote}, so no value can break out of its literal. Keys keep their insertion
 * order, so the output is as deterministic as the value.
 */
export function printLiteral(value: unknown, indent: number): string {
  if (value instanceof RawCode) return value.code;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`internal error: cannot print ${value} as a literal`);
    return String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => printLiteral(v, indent + 1));
    const flat = `[${items.join(', ')}]`;
    if (!flat.includes('\n') && flat.length + indent * 2 <= WIDTH) return flat;
    return `[\n${items.map((i) => `${pad}${i},`).join('\n')}\n${end}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const items = entries.map(([k, v]) => `${key(k)}: ${printLiteral(v, indent + 1)}`);
    const flat = `{ ${items.join(', ')} }`;
    if (!flat.includes('\n') && flat.length + indent * 2 <= WIDTH) return flat;
    return `{\n${items.map((i) => `${pad}${i},`).join('\n')}\n${end}}`;
  }
  throw new Error(`internal error: cannot print a ${typeof value} as a literal`);
}

/** A single-quoted TypeScript string literal; escapes quotes, backslashes, line breaks and control characters. */
export function quote(text: string): string {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : quote(name);
}
