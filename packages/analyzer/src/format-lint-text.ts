import { formatLintDiagnostic, type LintDiagnostic } from './lint-diagnostic.js';

/** Options of {@link formatLintText}. */
export interface TextFormatOptions {
  /** ANSI colors (only on a terminal). */
  color?: boolean;
  /** Source lines for code frames under each finding (only on a terminal); none when absent. */
  lineText?: (file: string, line: number) => string | undefined;
}

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', note: '\u001b[36m', dim: '\u001b[2m', reset: '\u001b[0m' } as const;

/**
 * Compiler-style text: one `file:line:col: severity CODE: message — help` line per finding, each followed by a
 * code frame when `lineText` is given.
 */
export function formatLintText(diagnostics: readonly LintDiagnostic[], options: TextFormatOptions = {}): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    let line = formatLintDiagnostic(d);
    if (options.color) {
      const at = `${d.file}:${d.line}:${d.column}:`;
      line = line.replace(`${at} ${d.severity}`, `${COLORS.dim}${at}${COLORS.reset} ${COLORS[d.severity]}${d.severity}${COLORS.reset}`);
    }
    out.push(line);
    const source = options.lineText?.(d.file, d.line);
    if (source !== undefined) out.push(...codeFrame(d, source, options.color === true));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function codeFrame(d: LintDiagnostic, source: string, color: boolean): string[] {
  const gutter = String(d.line).length;
  const text = source.replace(/\t/g, ' ');
  const endColumn = d.endLine === d.line && d.endColumn !== undefined ? d.endColumn : text.length + 1;
  const width = Math.max(1, Math.min(endColumn, text.length + 1) - d.column);
  const caret = `${' '.repeat(Math.max(0, d.column - 1))}${'^'.repeat(width)}`;
  const paint = (s: string): string => (color ? `${COLORS[d.severity]}${s}${COLORS.reset}` : s);
  return [`  ${String(d.line).padStart(gutter)} | ${text}`, `  ${' '.repeat(gutter)} | ${paint(caret)}`];
}
