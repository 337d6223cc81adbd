import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY, 'other.yaml': TINY_POLICY.replace('id: tiny', 'id: other') });

describe('pledge render', () => {
  it('prints Markdown by default, with every rule of the policy', async () => {
    const r = await runCli(['render', 'tiny.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Tiny\n/);
    for (const says of ['You give us your email and card.', 'With your consent we send a newsletter.', 'Your card goes to our payment processor.', 'We never sell your data.', 'We keep data for a year at most.']) {
      expect(r.stdout).toContain(says);
    }
    expect(r.stderr).toBe('');
  });

  it('prints one HTML page or plain text', async () => {
    const html = await runCli(['render', 'tiny.yaml', '--format', 'html'], { cwd: dir });
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>\n<html lang="en">/);
    const text = await runCli(['render', 'tiny.yaml', '--format', 'text'], { cwd: dir });
    expect(text.stdout).toMatch(/^Tiny\n====\n/);
    expect(text.stdout.split('\n').every((line) => line.length <= 78)).toBe(true);
  });

  it('adds rule references with --rule-ids', async () => {
    const r = await runCli(['render', 'tiny.yaml', '--rule-ids'], { cwd: dir });
    expect(r.stdout).toContain('`use/newsletter`');
  });

  it('summarizes with readability in --format json', async () => {
    const r = await runCli(['render', 'tiny.yaml', 'other.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.policies.map((p: { policy: { id: string } }) => p.policy.id).sort()).toEqual(['other', 'tiny']);
    const tiny = doc.policies.find((p: { policy: { id: string } }) => p.policy.id === 'tiny');
    expect(tiny.rules).toEqual({ total: 5, rendered: 5, generated: [] });
    expect(tiny.readability.fleschReadingEase).toBeGreaterThan(30);
    expect(tiny.readability.words).toBeGreaterThan(50);
  });

  it('writes one file per policy with --out', async () => {
    const out = writeTempFiles({});
    const r = await runCli(['render', '.', '--format', 'html', '--out', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'tiny.html'), 'utf8')).toContain('<h1>Tiny</h1>');
    expect(readFileSync(join(out, 'other.html'), 'utf8')).toContain('<title>Tiny</title>');
    expect(r.stderr).toMatch(/wrote .*tiny\.html/);
  });

  it('renders a seed policy from the repository', async () => {
    const r = await runCli(['render', 'policies/accounting-def.yaml', '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Accounting DEF privacy policy\n/);
  });

  it('is a usage error for a bad format, several policies without --out, no policy, or an invalid policy', async () => {
    expect((await runCli(['render', 'tiny.yaml', '--format', 'pdf'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['render', 'tiny.yaml', 'other.yaml'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['render'], { cwd: dir })).code).toBe(2);
    const bad = writeTempFiles({ 'bad.yaml': TINY_POLICY.replace('user.contact.email]', 'user.contact.emial]') });
    const r = await runCli(['render', 'bad.yaml'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:6:\d+: error PLG003/);
    expect(r.stderr).not.toContain('Usage:');
    expect(r.stdout).toBe('');
  });
});
