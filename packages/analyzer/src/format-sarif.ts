import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { LINT_CODES, type LintCode, type LintDiagnostic } from './lint-diagnostic.js';

/** Options of {@link formatSarif}. */
export interface SarifOptions {
  /** The directory locations are relative to (becomes `%SRCROOT%`), absolute. */
  root: string;
  /** The Pledge version, for `tool.driver.semanticVersion`. */
  version: string;
  policy?: { id: string; version: string };
  /** Source lines, for stable fingerprints; the message and position are used when absent. */
  lineText?: (file: string, line: number) => string | undefined;
}

const LEVEL = { error: 'error', warning: 'warning', note: 'note' } as const;
const NAMES: Record<LintCode, string> = {
  PLL001: 'DeniedFlow',
  PLL002: 'ConditionalFlowWithoutCheck',
  PLL003: 'CheckNeverAllows',
  PLL004: 'SinkCallWithoutPurpose',
  PLL005: 'UnknownAnnotationTerm',
  PLL101: 'UnreadableConfig',
  PLL102: 'InvalidConfig',
  PLL103: 'UnknownConfigTerm',
  PLL104: 'UnusedSink',
  PLL105: 'UnloadablePolicy',
  PLL106: 'NoFiles',
};

/** A SARIF 2.1.0 log with one run, for GitHub code scanning and other SARIF viewers. */
export function formatSarif(diagnostics: readonly LintDiagnostic[], options: SarifOptions): Record<string, unknown> {
  const codes = Object.keys(LINT_CODES) as LintCode[];
  const rules = codes.map((id) => ({
    id,
    name: NAMES[id],
    shortDescription: { text: LINT_CODES[id].title },
    defaultConfiguration: { level: LEVEL[LINT_CODES[id].severity] },
  }));
  const results = diagnostics.map((d) => {
    const region: Record<string, number> = { startLine: d.line, startColumn: d.column };
    if (d.endLine !== undefined) region['endLine'] = d.endLine;
    if (d.endColumn !== undefined) region['endColumn'] = d.endColumn;
    const source = options.lineText?.(d.file, d.line)?.trim() ?? `${d.line}:${d.column}:${d.message}`;
    const result: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level: LEVEL[d.severity],
      message: { text: d.help ? `${d.message}\n${d.help}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(d.file),
            region,
          },
        },
      ],
      partialFingerprints: {
        'pledgeFinding/v1': createHash('sha256').update(`${d.code}\u0000${d.file}\u0000${source}`).digest('hex').slice(0, 32),
      },
    };
    if (d.flows) result['properties'] = { flows: d.flows };
    return result;
  });
  const run: Record<string, unknown> = {
    tool: { driver: { name: 'pledge', semanticVersion: options.version, rules } },
    originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(options.root).href.replace(/\/?$/, '/')}` } },
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (options.policy) run['properties'] = { policy: options.policy };
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}

function artifact(file: string): Record<string, string> {
  if (file.startsWith('/')) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
