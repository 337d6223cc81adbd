import { describe, expect, test } from 'vitest';
import { LOAD_LIMITS, loadPolicy } from '@pledge/policy-spec';
import { generatePolicy } from '../engine/generate-policy.js';

describe('generatePolicy', () => {
  const options = { rules: 1000, terms: 500, seed: 1000 };
  const generated = generatePolicy(options);

  test('is deterministic', () => {
    expect(generatePolicy(options).text).toBe(generated.text);
    expect(generatePolicy({ ...options, seed: 1001 }).text).not.toBe(generated.text);
  });

  test('fits the loader\'s size limit', () => {
    expect(generated.text.length).toBeLessThanOrEqual(LOAD_LIMITS.maxBytes);
  });

  test('loads without errors, with the rules and terms asked for', () => {
    const { policy, diagnostics } = loadPolicy(generated.text, generated.file);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = policy!.document;
    const rules = ['collect', 'use', 'share', 'forbid', 'retain'] as const;
    expect(rules.reduce((n, s) => n + (doc[s]?.length ?? 0), 0)).toBe(1000);
    expect(rules.map((s) => doc[s]?.length)).toEqual(rules.map((s) => generated.counts[s]));
    const added = (['categories', 'purposes', 'recipients'] as const).map((k) => Object.keys(doc.taxonomy![k] ?? {}).length);
    expect(added.reduce((a, b) => a + b, 0)).toBe(500);
    expect(policy!.taxonomy.isWithin('categories', 'user.g0.c3', 'user')).toBe(true);
  });

  test('scales down', () => {
    const small = generatePolicy({ rules: 50, terms: 40, seed: 3 });
    const { policy } = loadPolicy(small.text, small.file);
    expect(policy?.document.policy.id).toBe('generated-50');
    expect(Object.values(small.added).reduce((a, b) => a + b, 0)).toBe(40);
  });
});
