import { describe, expect, it } from 'vitest';
import { formatLintText } from '../src/format-lint-text.js';
import type { LintDiagnostic } from '../src/lint-diagnostic.js';

const finding: LintDiagnostic = {
  code: 'PLL001',
  severity: 'error',
  file: 'src/a.ts',
  line: 12,
  column: 5,
  endLine: 12,
  endColumn: 20,
  message: '`analytics.track` shares `user.contact.email`',
  help: 'do not pass it',
};

describe('formatLintText', () => {
  it('prints one compiler-style line per finding', () => {
    expect(formatLintText([finding])).toBe('src/a.ts:12:5: error PLL001: `analytics.track` shares `user.contact.email` — do not pass it\n');
    expect(formatLintText([])).toBe('');
  });

  it('adds a code frame with a caret under the call when source lines are given', () => {
    const text = formatLintText([finding], { lineText: (file, line) => (file === 'src/a.ts' && line === 12 ? "    analytics.track('x', c);" : undefined) });
    expect(text.split('\n').slice(1, 3)).toEqual(["  12 |     analytics.track('x', c);", '     |     ^^^^^^^^^^^^^^^']);
  });

  it('colors only when asked', () => {
    expect(formatLintText([finding], { color: true })).toContain('\u001b[31merror\u001b[0m');
    expect(formatLintText([finding])).not.toContain('\u001b[');
  });
});
