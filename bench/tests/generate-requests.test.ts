import { describe, expect, test } from 'vitest';
import { compile } from '@pledge/engine';
import { generateRequests, REQUEST_MIX } from '../engine/generate-requests.js';
import { loadSeed, SEEDS } from './load-seed.js';

describe('generateRequests', () => {
  test('is deterministic', () => {
    const policy = loadSeed('accounting-def');
    expect(generateRequests(policy, 200, 5)).toEqual(generateRequests(policy, 200, 5));
    expect(generateRequests(policy, 200, 6)).not.toEqual(generateRequests(policy, 200, 5));
  });

  test('the shares of the mix add up to one', () => {
    expect(Object.values(REQUEST_MIX).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  test.each(SEEDS)('%s: every shape, and allowed, denied and unknown-term decisions', (name) => {
    const policy = loadSeed(name);
    const requests = generateRequests(policy, 1000, 11);
    expect(new Set(requests.map((r) => r.shape))).toEqual(new Set(Object.keys(REQUEST_MIX)));
    const decider = compile(policy);
    const decisions = requests.map((r) => decider.decide(r.flow));
    const allowed = decisions.filter((d) => d.decision === 'allow').length;
    expect(allowed).toBeGreaterThan(250);
    expect(allowed).toBeLessThan(750);
    // Every misspelt flow is denied as an unknown term, and only those are.
    requests.forEach((r, i) => {
      expect(decisions[i]!.reasons[0]!.rule === 'error/unknown-term').toBe(r.shape === 'unknown-term');
    });
    // Some deny comes from each of: a forbid rule, the default, an unmet consent.
    const rules = new Set(decisions.flatMap((d) => (d.decision === 'deny' ? d.reasons.map((x) => x.rule.split('/')[0]) : [])));
    expect(rules).toContain('forbid');
    expect(rules).toContain('default');
    expect(decisions.some((d) => d.reasons.some((x) => x.missing?.some((m) => m.startsWith('consent'))))).toBe(true);
  });

  test('flows keep their keys in one order', () => {
    const order = ['action', 'category', 'purpose', 'recipient', 'subject', 'consent', 'identifiability', 'retention', 'source'];
    for (const { flow } of generateRequests(loadSeed('network-carrier'), 300, 2)) {
      const keys = Object.keys(flow);
      expect(keys).toEqual(order.filter((k) => keys.includes(k)));
    }
  });
});
