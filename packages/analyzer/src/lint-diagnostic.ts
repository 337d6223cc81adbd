/**
 * Lint codes. Stable: `// expect-pledge:` markers, CI filters and SARIF rule ids refer to them.
 * PLL0xx are findings in the code being linted; PLL1xx are problems with the lint configuration.
 * To add one: add it here with its default severity, document it in the analyzer README, and test its position.
 */
export const LINT_CODES = {
  PLL001: { severity: 'error', title: 'personal data reaches a sink for a flow the policy does not allow' },
  PLL002: { severity: 'warning', title: 'flow allowed only under conditions the code cannot know, with no runtime check' },
  PLL003: { severity: 'error', title: 'a policy check with a literal flow can never allow it' },
  PLL004: { severity: 'error', title: 'sink call with no purpose' },
  PLL005: { severity: 'error', title: 'unknown taxonomy term in a `@pledge` annotation' },
  PLL101: { severity: 'error', title: 'configuration file cannot be read or parsed' },
  PLL102: { severity: 'error', title: 'configuration does not match its schema' },
  PLL103: { severity: 'error', title: 'unknown taxonomy term in the configuration' },
  PLL104: { severity: 'warning', title: 'sink matches no call in the linted files' },
  PLL105: { severity: 'error', title: 'the policy cannot be loaded' },
  PLL106: { severity: 'error', title: 'no TypeScript files match `include`' },
} as const satisfies Record<string, { severity: LintSeverity; title: string }>;

/** A stable lint code such as `PLL001`. */
export type LintCode = keyof typeof LINT_CODES;

/** How serious a finding is. `note` is informational and never fails a run by default. */
export type LintSeverity = 'error' | 'warning' | 'note';

/** Severities from most to least serious: a `--fail-on` threshold includes everything before it. */
export const SEVERITY_ORDER: readonly LintSeverity[] = ['error', 'warning', 'note'];

/** A position in a file, 1-based lines and columns (columns count UTF-16 code units, as editors do). */
export interface LintLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** One data flow behind a finding: what was asked of the policy and what it answered. */
export interface FindingFlow {
  /** The flow exactly as decided (DESIGN's flow JSON). */
  flow: Record<string, unknown>;
  decision: 'allow' | 'deny';
  /** The rules behind the decision, as the engine gave them. */
  reasons: readonly FindingReason[];
  /** `declared` (a `@pledge` tag), `configured` (the config's `data:` map) or `inferred` (from a name). */
  confidence?: 'declared' | 'configured' | 'inferred';
  /** Where the personal data was marked or inferred. */
  origin?: LintLocation & { name: string };
}

/** A rule the engine named in a decision. */
export interface FindingReason {
  rule: string;
  effect: string;
  says?: string;
  at?: string;
  category?: string;
  missing?: readonly string[];
  unstated?: readonly string[];
  message?: string;
}

/** A finding, positioned like a compiler error. */
export interface LintDiagnostic extends LintLocation {
  code: LintCode;
  severity: LintSeverity;
  /** Lowercase, no final period, user values in `backticks`. */
  message: string;
  /** How to fix it. */
  help?: string;
  /** The flows the engine decided for this finding (PLL001–PLL003). */
  flows?: readonly FindingFlow[];
}

/** `file:line:col: severity CODE: message — help`, the form editors and CI logs understand. */
export function formatLintDiagnostic(d: LintDiagnostic): string {
  const help = d.help ? ` — ${d.help}` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${help}`;
}

/** Orders diagnostics by file, then position, then code, so output is stable. */
export function sortLintDiagnostics(list: readonly LintDiagnostic[]): LintDiagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/** True when `severity` is at or above `threshold` (`error` is above `warning`, which is above `note`). */
export function isAtLeast(severity: LintSeverity, threshold: LintSeverity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(threshold);
}
