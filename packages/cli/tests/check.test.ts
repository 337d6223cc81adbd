import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY });
const card = { action: 'share', category: 'user.financial.credit_card', purpose: 'essential.service.payment_processing', recipient: 'processor.payment' };
const sale = { ...card, purpose: 'sale_of_data', recipient: 'third_party.data_broker' };

describe('pledge check', () => {
  it('prints one allow decision for one allowed flow and exits 0', async () => {
    const r = await runCli(['check', '--policy', 'tiny.yaml', '-'], { cwd: dir, stdin: JSON.stringify(card) });
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.stdout);
    expect(decision.decision).toBe('allow');
    expect(decision.reasons.map((x: { rule: string }) => x.rule)).toEqual(['share/payments']);
    expect(decision.policy.id).toBe('tiny');
  });

  it('reads JSON Lines, answers each line in order, and exits 1 when one is denied', async () => {
    const stdin = [card, sale].map((f) => JSON.stringify(f)).join('\n');
    const r = await runCli(['check', '--policy', 'tiny.yaml'], { cwd: dir, stdin });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((d) => d.decision)).toEqual(['allow', 'deny']);
    expect(lines[1].reasons.map((x: { rule: string }) => x.rule)).toContain('forbid/no_sale');
  });

  it('denies a line that is not JSON with an error reason instead of skipping it', async () => {
    const r = await runCli(['check', '--policy', 'tiny.yaml'], { cwd: dir, stdin: `${JSON.stringify(card)}\n{oops\n` });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1].reasons[0].rule).toBe('error/invalid-json');
  });

  it('explains a decision in English with --explain', async () => {
    const r = await runCli(['check', '--explain', '--policy', 'tiny.yaml'], { cwd: dir, stdin: JSON.stringify(sale) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/never sell/i);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it('is a usage error without --policy, with an invalid policy, or with an unreadable input', async () => {
    expect((await runCli(['check'], { cwd: dir, stdin: '{}' })).code).toBe(2);
    const bad = writeTempFiles({ 'bad.yaml': TINY_POLICY.replace('user.contact.email]', 'user.contact.emial]') });
    const r = await runCli(['check', '--policy', 'bad.yaml'], { cwd: bad, stdin: JSON.stringify(card) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bad\.yaml:6:36: error PLG003: unknown category `user\.contact\.emial` — did you mean `user\.contact\.email`\?$/m);
    expect((await runCli(['check', '--policy', 'tiny.yaml', 'missing.json'], { cwd: dir })).code).toBe(2);
  });
});
