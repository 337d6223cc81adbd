import { describe, expect, test } from 'vitest';
import { summarizePolicy } from '../src/summarize-policy.js';
import { allTestPolicyPaths, FIXTURE, loadTestPolicy } from './fixtures/policies.js';

describe('summarizePolicy', () => {
  test('reports sections, rule coverage, generated sentences and readability', () => {
    const summary = summarizePolicy(loadTestPolicy(FIXTURE));
    expect(summary.policy).toEqual({ id: 'harbor-help', title: 'Harbor Help privacy notice', organization: 'Harbor Help', version: '2024-03-15', file: FIXTURE });
    expect(summary.lastUpdated).toBe('Last updated: March 15, 2024.');
    expect(summary.sections.map((s) => [s.id, s.items])).toEqual([
      ['who-we-are', 3],
      ['what-we-collect', 5],
      ['how-we-use-it', 7],
      ['who-we-share-it-with', 4],
      ['what-we-never-do', 3],
      ['how-long-we-keep-it', 4],
      ['children', 1],
      ['your-rights', 5],
      ['security', 2],
      ['changes-to-this-policy', 1],
    ]);
    expect(summary.rules).toEqual({
      total: 23,
      rendered: 23,
      generated: ['collect/site_logs', 'use/trends', 'share/sale_of_business', 'forbid/no_browsing', 'retain/cards'],
    });
    expect(summary.readability.words).toBeGreaterThan(500);
    expect(summary.readability.fleschReadingEase).toBeGreaterThan(50);
  });

  test.each(allTestPolicyPaths())('%s: every rule is rendered, and the text reads at least at college level', (path) => {
    const { rules, readability } = summarizePolicy(loadTestPolicy(path));
    expect(rules.rendered).toBe(rules.total);
    // Flesch 30–50 is college level; plain English is 60–70. A notice harder than 30 would need rewriting.
    expect(readability.fleschReadingEase).toBeGreaterThan(30);
  });
});
