import { describe, expect, it } from 'vitest';
import { sarifValidator } from '../../analyzer/tests/fixtures/sarif-validator.js';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

// examples/support-desk marks 13 deliberate violations: 9 errors and 4 warnings (one of them inferred from a name).
describe('pledge lint', () => {
  it('prints findings compiler-style on stderr, a summary on stdout, and exits 1 on errors', async () => {
    const r = await runCli(['lint', 'examples/support-desk']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines.every((l) => /^examples\/support-desk\/src\/[\w/-]+\.ts:\d+:\d+: (error|warning) PLL00\d: /.test(l))).toBe(true);
    expect(r.stdout).toMatch(/^✗ \d+ files \([\d,]+ lines\), \d+ sink calls, \d+ flows checked against accounting-def 2024-01-01: 9 errors, 4 warnings\n$/);
  });

  it('writes one JSON document with --format json, and --fail-on none exits 0', async () => {
    const r = await runCli(['lint', 'examples/support-desk', '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, config: 'examples/support-desk/pledge.config.yaml', policy: { id: 'accounting-def' }, errors: 9, warnings: 4, notes: 0 });
    expect(doc.findings).toHaveLength(13);
    expect(doc.findings.find((f: { code: string }) => f.code === 'PLL003').flows[0].flow).toMatchObject({ category: 'user.financial.credit_card', purpose: 'personalize' });
    expect(r.stderr).toBe('');
  });

  it('writes SARIF 2.1.0 that the official schema accepts', async () => {
    const r = await runCli(['lint', '--config', 'examples/support-desk/pledge.config.yaml', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(13);
  });

  it('writes GitHub annotations, and --no-infer drops what only a name suggested', async () => {
    const r = await runCli(['lint', 'examples/support-desk', '--format', 'github', '--no-infer', '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines.filter((l) => l.startsWith('::error file=examples/support-desk/src/')).length).toBe(9);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(3);
  });

  it('exits 2 on a missing or invalid configuration, an invalid policy or a bad option', async () => {
    const dir = writeTempFiles({
      'tiny.yaml': TINY_POLICY,
      'pledge.config.yaml': 'policy: tiny.yaml\nsinks:\n  - { call: track, recipient: processor.analytic }\n',
    });
    const missing = await runCli(['lint'], { cwd: writeTempFiles({}) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pledge.config.yaml not found');

    const terms = await runCli(['lint', '.'], { cwd: dir });
    expect(terms.code).toBe(2);
    expect(terms.stderr).toBe('pledge.config.yaml:3:31: error PLL103: unknown recipient `processor.analytic` — did you mean `processor.analytics`?\n');

    const broken = await runCli(['lint', '--config', 'bad.yaml', '--format', 'json'], { cwd: writeTempFiles({ 'bad.yaml': 'policy: x.yaml\nsinks: [{ cal: f }]\n' }) });
    expect(broken.code).toBe(2);
    expect(JSON.parse(broken.stdout).findings).toContainEqual(
      expect.objectContaining({ code: 'PLL102', line: 2, column: 11, message: 'unknown key `cal` in `sinks.0`', help: 'did you mean `call`?' }),
    );

    const policy = await runCli(['lint', '--policy', 'nope.yaml'], { cwd: dir });
    expect(policy.code).toBe(2);
    expect(policy.stderr).toContain('PLL105');

    const option = await runCli(['lint', '--format', 'xml'], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('--format must be one of text, json, sarif, github');
  });
});
