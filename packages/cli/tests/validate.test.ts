import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBrokenCorpus } from '../../policy-spec/tests/fixtures/broken-corpus.js';
import { runCli } from './fixtures/memory-io.js';
import { TINY_POLICY, writeTempFiles } from './fixtures/tiny-policy.js';

// `pledge validate` in memory: the broken-policy corpus of @pledge/policy-spec through the command line, and the
// command's own contract (output forms, exit codes, directories, --strict, --format json).

const corpus = loadBrokenCorpus();
// Generated cases (20 MB, UTF-16, …) are written once to a temporary directory, under their own names.
const generatedDir = writeTempFiles({});
for (const c of corpus.filter((x) => !x.isCommitted)) writeFileSync(join(generatedDir, c.file), c.bytes);
// Committed fixtures are named relative to the repository root (the CLI's working directory here), as a user would.
const pathOf = (c: (typeof corpus)[number]) => (c.isCommitted ? `packages/policy-spec/tests/fixtures/broken/${c.file}` : join(generatedDir, c.file));

describe('pledge validate on the broken-policy corpus', () => {
  it.each(corpus.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const isUnreadable = c.expected.every((e) => e.code === 'PLG012');
    const isWarningCase = c.name.startsWith('warn-');
    const file = pathOf(c);
    // Warnings alone pass; --strict turns them into findings.
    const r = await runCli(['validate', file, ...(isWarningCase ? ['--strict'] : [])]);
    expect(r.code).toBe(isUnreadable ? 2 : 1);
    for (const e of c.expected) {
      expect(r.stderr).toContain(`${file}:${e.line}:${e.column}: ${isWarningCase ? 'warning' : 'error'} ${e.code}: `);
    }
    // One line per diagnostic, nothing else: no stack trace, no internal error.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(c.expected.length);
    for (const line of lines) expect(line).toMatch(/^.+:\d+:\d+: (error|warning) PLG\d{3}: [^\n]+$/);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    // The ✗ marks the files that fail the run: with errors, or under --strict with warnings.
    expect(r.stdout).toContain(`✗ ${file}`);
    if (isWarningCase) expect((await runCli(['validate', file])).code).toBe(0);
  });
});

describe('pledge validate', () => {
  const dir = writeTempFiles({ 'tiny.yaml': TINY_POLICY, 'tiny.test.yaml': 'cases: []\n' });

  it('passes a valid policy silently on stderr, with a summary on stdout, and exits 0', async () => {
    const r = await runCli(['validate', 'tiny.yaml'], { cwd: dir });
    expect(r).toEqual({ code: 0, stderr: '', stdout: '✓ tiny.yaml (tiny): 0 errors, 0 warnings\n1 policy checked: 0 errors, 0 warnings\n' });
  });

  it('validates every policy in the repository with no errors', async () => {
    const r = await runCli(['validate', 'policies']);
    expect(r.stderr).not.toMatch(/ error PLG/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ policies checked: 0 errors/);
  });

  it('expands directories to their *.yaml files, leaving out *.test.yaml', async () => {
    mkdirSync(join(dir, 'nested'), { recursive: true });
    writeFileSync(join(dir, 'nested', 'other.yaml'), TINY_POLICY.replace('id: tiny', 'id: other'));
    const r = await runCli(['validate', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ nested/other.yaml (other)');
    expect(r.stdout).toContain('✓ tiny.yaml (tiny)');
    expect(r.stdout).not.toContain('tiny.test.yaml');
    expect(r.stdout).toContain('2 policies checked');
  });

  it('prints one JSON document with --format json, diagnostics included', async () => {
    const broken = corpus.find((c) => c.name === 'unknown-category')!;
    const r = await runCli(['validate', pathOf(broken), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, errors: 1, warnings: 0 });
    expect(doc.files).toHaveLength(1);
    expect(doc.files[0].policy).toBeUndefined();
    expect(doc.files[0].diagnostics[0]).toMatchObject({ code: 'PLG003', severity: 'error', line: broken.expected[0]!.line, column: broken.expected[0]!.column, help: 'did you mean `user.contact.email`?' });
  });

  it('names the policy id of a file that loaded, in JSON too', async () => {
    const r = await runCli(['validate', 'tiny.yaml', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).files).toEqual([{ file: 'tiny.yaml', policy: 'tiny', diagnostics: [] }]);
  });

  it('exits 1 when one file of several has errors, and still reports the others', async () => {
    const broken = pathOf(corpus.find((c) => c.name === 'duplicate-rule-id')!);
    const r = await runCli(['validate', join(dir, 'tiny.yaml'), broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✓ ');
    expect(r.stdout).toContain(`✗ ${broken}`);
    expect(r.stdout).toContain('2 policies checked: 1 error, 0 warnings');
  });

  it('exits 1, not 2, when only some files are unreadable', async () => {
    const unreadable = pathOf(corpus.find((c) => c.name === 'invalid-utf8')!);
    const r = await runCli(['validate', join(dir, 'tiny.yaml'), unreadable]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ error PLG012: /);
  });

  it('treats usage mistakes as exit 2 with a message and the usage', async () => {
    for (const argv of [['validate'], ['validate', 'tiny.yaml', '--format', 'xml'], ['validate', 'missing.yaml'], ['validate', 'tiny.yaml', '--no-such-flag']]) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^pledge validate: /);
      expect(r.stderr).toContain('Usage: pledge validate');
    }
    const empty = writeTempFiles({ 'notes.txt': 'not a policy' });
    expect((await runCli(['validate', '.'], { cwd: empty })).code).toBe(2);
  });

  it('points to docs/diagnostics.md in its help', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('docs/diagnostics.md');
  });
});
