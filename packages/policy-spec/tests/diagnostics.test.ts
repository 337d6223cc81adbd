import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../src/diagnostics.js';

const d = (over: Partial<Diagnostic>): Diagnostic => ({ code: 'PLG003', severity: 'error', message: 'm', file: 'a.yaml', line: 1, column: 1, ...over });

describe('DIAGNOSTIC_CODES', () => {
  it('numbers the codes PLG001, PLG002, … without gaps', () => {
    const codes = Object.keys(DIAGNOSTIC_CODES);
    expect(codes).toEqual(codes.map((_, i) => `PLG${String(i + 1).padStart(3, '0')}`));
  });

  it('has one row per code in docs/diagnostics.md, with a meaning, an example and a fix', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'diagnostics.md'), 'utf8');
    const rows = doc.split('\n').filter((line) => /^\| *`?PLG\d{3}/.test(line));
    const documented = rows.map((row) => /PLG\d{3}/.exec(row)![0]);
    expect(documented).toEqual(Object.keys(DIAGNOSTIC_CODES));
    for (const row of rows) {
      // | code | severity | meaning | example | fix |: every cell filled.
      const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      expect(cells, row).toHaveLength(5);
      for (const cell of cells) expect(cell.length, row).toBeGreaterThan(0);
    }
  });
});

describe('formatDiagnostic', () => {
  it('writes file:line:col: severity CODE: message, and the help after a dash', () => {
    expect(formatDiagnostic(d({ file: 'policies/x.yaml', line: 12, column: 5, message: 'unknown category `user.contct`', help: 'did you mean `user.contact`?' }))).toBe(
      'policies/x.yaml:12:5: error PLG003: unknown category `user.contct` — did you mean `user.contact`?',
    );
    expect(formatDiagnostic(d({ severity: 'warning', code: 'PLG009', message: 'no children' }))).toBe('a.yaml:1:1: warning PLG009: no children');
  });
});

describe('sortDiagnostics', () => {
  it('orders by file, line, column, then code, without changing its input', () => {
    const input = [d({ file: 'b.yaml' }), d({ line: 3 }), d({ line: 2, column: 9 }), d({ line: 2, column: 1, code: 'PLG004' }), d({ line: 2, column: 1, code: 'PLG002' })];
    const copy = [...input];
    expect(sortDiagnostics(input).map((x) => `${x.file}:${x.line}:${x.column}:${x.code}`)).toEqual([
      'a.yaml:2:1:PLG002',
      'a.yaml:2:1:PLG004',
      'a.yaml:2:9:PLG003',
      'a.yaml:3:1:PLG003',
      'b.yaml:1:1:PLG003',
    ]);
    expect(input).toEqual(copy);
  });
});

describe('hasErrors', () => {
  it('is true only when some diagnostic is an error', () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([d({ severity: 'warning' })])).toBe(false);
    expect(hasErrors([d({ severity: 'warning' }), d({})])).toBe(true);
  });
});
