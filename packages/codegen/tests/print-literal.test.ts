import { describe, expect, test } from 'vitest';
import { printLiteral, quote, RawCode } from '../src/print-literal.js';

describe('quote', () => {
  test('escapes quotes, backslashes, line breaks and control characters', () => {
    expect(quote(`it's "x" \\ y`)).toBe(`'it\\'s "x" \\\\ y'`);
    expect(quote('a\nb\u2028c\u0000')).toBe(`'a\\nb\\u2028c\\u0000'`);
    // Whatever the text, the literal evaluates back to it.
    for (const text of [`'; process.exit(1); '`, '*/ alert(1) /*', '${x}`', '\u2029\t\r']) expect(new Function(`return ${quote(text)};`)()).toBe(text);
  });
});

describe('printLiteral', () => {
  test('prints short values on one line and long ones one item per line, Prettier style', () => {
    expect(printLiteral({ id: 'x', 'a.b': [1, true, null], raw: new RawCode('C0') }, 0)).toBe(`{ id: 'x', 'a.b': [1, true, null], raw: C0 }`);
    const long = Array.from({ length: 12 }, (_, i) => `term.number_${i}`);
    expect(printLiteral({ list: long }, 0)).toBe(`{\n  list: [\n${long.map((t) => `    '${t}',`).join('\n')}\n  ],\n}`);
    expect(printLiteral([], 0)).toBe('[]');
    expect(printLiteral({ gone: undefined }, 0)).toBe('{}');
  });

  test('refuses what is not JSON-like', () => {
    expect(() => printLiteral(Number.NaN, 0)).toThrow(/internal error/);
    expect(() => printLiteral(() => 1, 0)).toThrow(/internal error/);
  });
});
