import { describe, expect, it } from 'vitest';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

const SEED = 'policies/accounting-def.yaml';
/** accounting-def with the newsletter's consent requirement removed and affiliate marketing forbidden. */
const NEXT = 'packages/cli/tests/fixtures/diff/accounting-def.next.yaml';

const dir = writeTempFiles({
  'tiny.yaml': TINY_POLICY,
  // Adds a ban on sharing with payment processors: more protective only.
  'tiny-stricter.yaml': TINY_POLICY.replace('forbid:\n', 'forbid:\n  - { id: no_processors, recipients: [processor.payment], says: Processors get nothing. }\n'),
  'broken.yaml': TINY_POLICY.replace('purposes: [sale_of_data]', 'purposes: [sale_of_dta]'),
});

describe('pledge diff', () => {
  it('lists less protective changes first, in plain English with the rules on each side, and exits 1', async () => {
    const r = await runCli(['diff', SEED, NEXT]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const less = r.stdout.indexOf('Less protective (3)');
    const more = r.stdout.indexOf('More protective (2)');
    expect(less).toBeGreaterThan(0);
    expect(more).toBeGreaterThan(less);
    expect(r.stdout).toContain('3. Now allowed: using or keeping your email address for marketing by email\n');
    expect(r.stdout).toContain('without your consent to marketing by email');
    expect(r.stdout).toContain(
      'Before: denied: no rule allows it (default/deny); use/newsletter (policies/accounting-def.yaml:138:5) would allow it, but it needs your consent to marketing by email',
    );
    expect(r.stdout).toContain(`Now: allowed: use/newsletter (${NEXT}:138:5) allows it: “Only if you sign up for our newsletter`);
    expect(r.stdout).toContain(`Now: denied: forbid/no_affiliate_marketing (${NEXT}:303:5) forbids it: “Our affiliates do not market to you.”`);
    // The new version promises notice before less protective changes.
    expect(r.stdout).toContain(`Notice: changes/notice (${NEXT}:446:3) promises to tell people before a change that protects their data less takes effect.`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 less protective changes, 2 more protective changes.');
  });

  it('prints one JSON document with a schemaVersion; each example flow is decided as the change says', async () => {
    const r = await runCli(['diff', SEED, NEXT, '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      old: { id: 'accounting-def', version: '2024-01-01', file: SEED },
      new: { id: 'accounting-def', version: '2024-06-01', file: NEXT },
      lessProtective: 3,
      moreProtective: 2,
      notice: { rule: 'changes/notice', notify: 'before_less_protective' },
      taxonomy: [],
    });
    expect(doc.changes.map((c: { protection: string }) => c.protection)).toEqual(['less', 'less', 'less', 'more', 'more']);
    for (const change of doc.changes) {
      for (const [file, side] of [[SEED, change.old], [NEXT, change.new]] as const) {
        const check = await runCli(['check', '--policy', file], { stdin: JSON.stringify(change.example) });
        expect(JSON.parse(check.stdout).decision).toBe(side.decision);
      }
    }
  });

  it('says the policies agree and exits 0 for identical policies', async () => {
    for (const format of ['text', 'json']) {
      const r = await runCli(['diff', SEED, SEED, '--format', format]);
      expect(r.code).toBe(0);
      if (format === 'json') expect(JSON.parse(r.stdout)).toMatchObject({ changes: [], lessProtective: 0, moreProtective: 0 });
      else {
        expect(r.stdout).toContain('The two policies decide every data flow the same way.');
        expect(r.stdout).not.toContain('Notice:');
      }
    }
  });

  it('exits 0 when every change is more protective, and 1 the other way round', async () => {
    const stricter = await runCli(['diff', 'tiny.yaml', 'tiny-stricter.yaml'], { cwd: dir });
    expect(stricter.code).toBe(0);
    expect(stricter.stdout).toContain('More protective (');
    expect(stricter.stdout).not.toContain('Less protective');
    expect(stricter.stdout).toContain('1. Now denied: sharing your payment card details with payment processors for processing payments\n');
    expect(stricter.stdout).toContain('Now: denied: forbid/no_processors (tiny-stricter.yaml:12:5) forbids it: “Processors get nothing.”');
    const looser = await runCli(['diff', 'tiny-stricter.yaml', 'tiny.yaml'], { cwd: dir });
    expect(looser.code).toBe(1);
    expect(looser.stdout).toContain('Now allowed: sharing');
  });

  it('reports an invalid policy with file:line:col and the fix, and exits 2', async () => {
    const r = await runCli(['diff', 'tiny.yaml', 'broken.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('broken.yaml:12:31: error PLG003: unknown purpose `sale_of_dta` — did you mean `sale_of_data`?');
  });

  it('is a usage error with one policy, three, a missing file or an unknown format', async () => {
    const one = await runCli(['diff', 'tiny.yaml'], { cwd: dir });
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('give two policies, the old one and the new one (got 1)');
    expect(one.stderr).toContain('Usage: pledge diff OLD NEW');
    expect((await runCli(['diff', 'tiny.yaml', 'tiny.yaml', 'tiny.yaml'], { cwd: dir })).code).toBe(2);
    const missing = await runCli(['diff', 'tiny.yaml', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml:1:1: error PLG012: cannot read the file/);
    expect((await runCli(['diff', 'tiny.yaml', 'tiny.yaml', '--format', 'sarif'], { cwd: dir })).code).toBe(2);
  });

  it('has help that says what it compares and what the exit codes mean', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: pledge diff OLD NEW [--format text|json]');
    expect(r.stdout).toContain('Exit: 0 no less protective change, 1 some change is less protective, 2 usage error');
  });
});
