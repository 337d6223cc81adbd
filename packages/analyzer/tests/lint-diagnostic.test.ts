import { describe, expect, it } from 'vitest';
import { formatLintDiagnostic, isAtLeast, LINT_CODES, sortLintDiagnostics, type LintDiagnostic } from '../src/lint-diagnostic.js';

const d = (file: string, line: number, code: LintDiagnostic['code'] = 'PLL001'): LintDiagnostic => ({ code, severity: 'error', file, line, column: 2, message: 'm' });

describe('lint diagnostics', () => {
  it('format like a compiler, with the help after a dash', () => {
    expect(formatLintDiagnostic({ ...d('src/a.ts', 3), help: 'do this' })).toBe('src/a.ts:3:2: error PLL001: m — do this');
  });

  it('sort by file, position and code', () => {
    const sorted = sortLintDiagnostics([d('b.ts', 1), d('a.ts', 9, 'PLL002'), d('a.ts', 9), d('a.ts', 2)]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.code}`)).toEqual(['a.ts:2:PLL001', 'a.ts:9:PLL001', 'a.ts:9:PLL002', 'b.ts:1:PLL001']);
  });

  it('compare severities against a threshold', () => {
    expect(isAtLeast('error', 'warning')).toBe(true);
    expect(isAtLeast('note', 'warning')).toBe(false);
    expect(isAtLeast('warning', 'warning')).toBe(true);
  });

  it('give every code a default severity and a title', () => {
    for (const [code, info] of Object.entries(LINT_CODES)) {
      expect(code).toMatch(/^PLL[01]\d\d$/);
      expect(info.title).not.toBe('');
    }
  });
});
