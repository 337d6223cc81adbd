import { describe, expect, it } from 'vitest';
import { formatSarif } from '../src/format-sarif.js';
import type { LintDiagnostic } from '../src/lint-diagnostic.js';
import { sarifValidator } from './fixtures/sarif-validator.js';

const findings: LintDiagnostic[] = [
  {
    code: 'PLL001',
    severity: 'error',
    file: 'src/services/a b.ts',
    line: 4,
    column: 3,
    endLine: 4,
    endColumn: 30,
    message: 'shares `user.contact.email`',
    help: 'do not',
    flows: [{ flow: { category: 'user.contact.email', purpose: 'analytics' }, decision: 'deny', reasons: [{ rule: 'default/deny', effect: 'deny' }] }],
  },
  { code: 'PLL104', severity: 'warning', file: 'pledge.config.yaml', line: 9, column: 11, message: 'unused sink' },
];

describe('formatSarif', () => {
  it('produces a log the official SARIF 2.1.0 schema accepts', () => {
    const log = formatSarif(findings, { root: '/work/repo', version: '0.1.0', policy: { id: 'shop', version: '2024-05-01' } });
    expect(sarifValidator()(log)).toEqual([]);
    expect(sarifValidator()({ version: '2.1.0', runs: [{ tool: {} }] }).length).toBeGreaterThan(0);
  });

  it('names rules, levels, relative locations and stable fingerprints as code scanning expects', () => {
    const log = formatSarif(findings, { root: '/work/repo', version: '0.1.0', lineText: () => '  analytics.track(x)' }) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[]; originalUriBaseIds: Record<string, { uri: string }> }[];
    };
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe('file:///work/repo/');
    expect(run.results[0]).toMatchObject({
      ruleId: 'PLL001',
      level: 'error',
      message: { text: 'shares `user.contact.email`\ndo not' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'src/services/a%20b.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 3, endColumn: 30 } } }],
    });
    expect(run.tool.driver.rules[run.results[0]!['ruleIndex'] as number]!.id).toBe('PLL001');
    const again = formatSarif([{ ...findings[0]!, line: 40, endLine: 40 }], { root: '/work/repo', version: '0.1.0', lineText: () => 'analytics.track(x)' }) as typeof log;
    expect(again.runs[0]!.results[0]!['partialFingerprints']).toEqual(run.results[0]!['partialFingerprints']);
  });
});
