import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../tests/support/run-readme-example.js';
import * as api from '../src/index.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');

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
  it('runs as written and prints what its comments say', async () => {
    const { code, printed, errors, comments } = await runReadmeExample(new URL('../README.md', import.meta.url), { recordErrors: true });
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(12);
    // The example prints every diagnostic; the policy it loads has no errors.
    expect(errors.filter((e) => / error PLG/.test(String(e)))).toEqual([]);
    expect(printed).toHaveLength(3);
    expect(printed[0]).toMatch(/^accounting-def: \d+ use rules$/);
    expect(String(printed[1])).toBe(comments[0]);
    expect(printed[2]).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
    expect(String((printed[2] as { file: string }).file)).toMatch(/accounting-def\.yaml$/);
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
