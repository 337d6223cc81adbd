import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from '../src/index.js';

const packageDir = join(import.meta.dirname, '..');
const repoRoot = join(packageDir, '..', '..');

describe('the public surface', () => {
  it('exports the loader, the checks and the constants, and nothing by default', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'DIAGNOSTIC_CODES',
        'DIMENSION_KINDS',
        'LOAD_LIMITS',
        'RULE_SECTIONS',
        'TERM_KINDS',
        'TERM_NOUNS',
        'buildTaxonomy',
        'createSourceMap',
        'decodePolicyBytes',
        'editDistance',
        'formatDiagnostic',
        'hasErrors',
        'isPolicyDocument',
        'loadPolicy',
        'loadStandardTaxonomy',
        'parseDurationDays',
        'parseInstancePath',
        'policySchema',
        'sortDiagnostics',
        'suggest',
        'validatePolicy',
      ].sort(),
    );
    expect('default' in api).toBe(false);
  });
});

describe('the README example', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs as written and prints what its comments say', async () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const code = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code, 'a ```ts block under ## Usage').toBeDefined();
    expect(code!.trim().split('\n').length).toBeLessThanOrEqual(12);
    // The example imports the package by name and reads a policy relative to the repository root.
    const runnable = code!
      .replace("'@pledge/policy-spec'", JSON.stringify(pathToFileURL(join(packageDir, 'src', 'index.ts')).href))
      .replace("'policies/accounting-def.yaml'", JSON.stringify(join(repoRoot, 'policies', 'accounting-def.yaml')));
    const file = join(mkdtempSync(join(tmpdir(), 'pledge-readme-')), 'example.ts');
    writeFileSync(file, runnable);
    const logs: unknown[] = [];
    const errors: unknown[] = [];
    vi.spyOn(console, 'log').mockImplementation((value: unknown) => void logs.push(value));
    vi.spyOn(console, 'error').mockImplementation((value: unknown) => void errors.push(value));
    await import(pathToFileURL(file).href);
    expect(errors.filter((e) => / error PLG/.test(String(e)))).toEqual([]);
    expect(logs[0]).toMatch(/^accounting-def: \d+ use rules$/);
    expect(logs[1]).toBe(true);
    expect(logs[2]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(String((logs[2] as { file: string }).file)).toMatch(/accounting-def\.yaml$/);
  });
});

describe('docs/policy-format.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'policy-format.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('has a complete example policy that loads with no diagnostics', () => {
    const complete = blocks.at(-1)!;
    expect(complete.startsWith('# yaml-language-server: $schema=')).toBe(true);
    const { policy, diagnostics } = api.loadPolicy(complete, 'policies/corner-shop.yaml');
    expect(diagnostics).toEqual([]);
    expect(policy?.document.policy.id).toBe('corner-shop');
  });

  it('shows section examples that are valid once put in a policy', () => {
    const header = 'pledge: 1\npolicy: { id: example, title: T, organization: O, version: v1 }\n';
    const sections = blocks.filter((b) => /^(collect|use|share|forbid|retain|children|rights|security|changes|taxonomy):/.test(b));
    expect(sections.length).toBeGreaterThanOrEqual(10);
    for (const section of sections) {
      const { diagnostics } = api.loadPolicy(header + section, 'example.yaml');
      // Alone, a section may draw consistency warnings (no collect rule, no children…), never an error.
      expect(diagnostics.filter((d) => d.severity === 'error'), section).toEqual([]);
    }
  });
});
