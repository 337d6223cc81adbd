import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

const passing = `cases:
  - note: the card goes to the processor
    flow: { action: share, category: user.financial.credit_card, purpose: essential.service.payment_processing, recipient: processor.payment }
    want: allow
    want_rules: [share/payments]
  - note: no newsletter without consent
    flow: { category: user.contact.email, purpose: marketing.communications.email }
    want: deny
    want_rules: [default/deny]
`;

describe('pledge test', () => {
  it('passes when every case matches and reports the count', async () => {
    const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY, 'tiny.test.yaml': passing });
    const r = await runCli(['test', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 passed, 0 failed');
  });

  it('reports a failing case with file:line:col and exits 1', async () => {
    const failing = passing.replace('want: deny', 'want: allow');
    const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY, 'tiny.test.yaml': failing });
    const r = await runCli(['test', 'tiny.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tiny\.test\.yaml:6:5: case "no newsletter without consent": want allow, got deny/m);
  });

  it('fails on a wrong expected rule and on a malformed case', async () => {
    const wrongRule = passing.replace('[share/payments]', '[share/nope]') + '  - note: broken\n    want: maybe\n    flow: {}\n';
    const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY, 'tiny.test.yaml': wrongRule });
    const r = await runCli(['test', 'tiny.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.failed).toBe(2);
    expect(report.policies[0].failures.map((f: { at: string }) => f.at)).toEqual(['tiny.test.yaml:2:5', 'tiny.test.yaml:10:5']);
  });

  it('fails when no policy has a test file', async () => {
    const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY });
    const r = await runCli(['test', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no test file');
  });

  it('every seed policy passes its own tests', async () => {
    const r = await runCli(['test', 'policies/']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('no test file');
  });
});
