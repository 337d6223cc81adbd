import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY });
const card = { category: 'user.financial.credit_card', purpose: 'essential.service.payment_processing', recipient: 'processor.payment' };
const newsletter = { category: 'user.contact.email', purpose: 'marketing.communications.email' };

describe('pledge explain', () => {
  it('explains an allowed flow given inline, naming the rule and the obligations, and exits 0', async () => {
    const r = await runCli(['explain', '--policy', 'tiny.yaml', JSON.stringify(card)], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Allowed: sharing your payment card details with payment processors for processing payments\.\n/);
    expect(r.stdout).toContain('share/payments (tiny.yaml:9:5) allows it.');
    expect(r.stdout).toContain('We keep the data for no longer than one year. (retain/all)');
  });

  it('explains a denied flow from stdin with what was missing, and exits 1', async () => {
    const r = await runCli(['explain', '--policy', 'tiny.yaml'], { cwd: dir, stdin: JSON.stringify(newsletter) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Denied: using your email address for marketing by email\./);
    expect(r.stdout).toContain('use/newsletter (tiny.yaml:6:5) would allow it, but it needs your consent to marketing by email.');
  });

  it('prints decisions and explanations in --format json', async () => {
    const stdin = [card, newsletter].map((f) => JSON.stringify(f)).join('\n');
    const r = await runCli(['explain', '--policy', 'tiny.yaml', '-', '--format', 'json'], { cwd: dir, stdin });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.explanations.map((e: { decision: { decision: string } }) => e.decision.decision)).toEqual(['allow', 'deny']);
    expect(doc.explanations[1].explanation).toMatch(/^Denied/);
  });

  it('is a usage error without --policy or with input that is not JSON', async () => {
    expect((await runCli(['explain', JSON.stringify(card)], { cwd: dir })).code).toBe(2);
    expect((await runCli(['explain', '--policy', 'tiny.yaml', '-'], { cwd: dir, stdin: '{nope' })).code).toBe(2);
  });
});
