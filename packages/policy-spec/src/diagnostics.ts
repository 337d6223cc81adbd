/**
 * Diagnostic codes. Stable: tests, docs/diagnostics.md and users' scripts refer to them.
 * To add one: add it here, add a row to docs/diagnostics.md, and test its code and position.
 */
export const DIAGNOSTIC_CODES = {
  PLG001: 'YAML syntax error',
  PLG002: 'document does not match the policy schema',
  PLG003: 'unknown taxonomy term',
  PLG004: 'duplicate rule id',
  PLG005: 'malformed ISO 8601 duration',
  PLG006: 'use or share rule on a category no collect rule collects',
  PLG007: 'collected category with no retain rule',
  PLG008: 'rule without a `says:` sentence',
  PLG009: 'no `children:` section',
  PLG010: 'rule can never allow anything: a forbid rule covers it entirely',
  PLG011: 'file too large, too deep or too many aliases',
  PLG012: 'file cannot be read or is not UTF-8',
  PLG013: 'duplicate key',
  PLG014: 'taxonomy addition conflicts with an existing term or has no parent',
  PLG015: 'policy id does not match the file name',
  PLG016: 'too many diagnostics: the rest are not shown',
} as const;

/** A stable diagnostic code such as `PLG003`. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A finding about a policy file, positioned like a compiler error. Line and column are 1-based. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  /** Lowercase, no final period, user values in `backticks`. */
  message: string;
  file: string;
  line: number;
  column: number;
  /** How to fix it, e.g. "did you mean `user.contact.email`?". */
  help?: string;
}

/** `file:line:col: severity CODE: message — help`, the form editors and CI logs understand. */
export function formatDiagnostic(d: Diagnostic): string {
  const help = d.help ? ` — ${d.help}` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${help}`;
}

/** Orders diagnostics by file, then position, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/** True when any diagnostic is an error (warnings do not block loading). */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
