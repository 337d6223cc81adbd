import { checkParsePolicySet } from '@cedar-policy/cedar-wasm/nodejs';
import { describe, expect, test } from 'vitest';
import { compile } from '@pledge/engine';
import { accountingDefCedar, formatCedarPolicies } from '../engine/accounting-def-cedar.js';
import { createCedarDecider } from '../engine/create-cedar-decider.js';
import { generateRequests } from '../engine/generate-requests.js';
import { loadSeed } from './load-seed.js';

const policy = loadSeed('accounting-def');
const policies = accountingDefCedar(policy.taxonomy);

describe('accountingDefCedar', () => {
  test('every policy parses, one per rule of the seed plus the flow checks', () => {
    expect(checkParsePolicySet({ staticPolicies: policies })).toEqual({ type: 'success' });
    const doc = policy.document;
    for (const section of ['collect', 'use', 'share', 'forbid'] as const) {
      for (const rule of doc[section] ?? []) expect(Object.keys(policies)).toContain(`${section}/${rule.id}`);
    }
    expect(Object.keys(policies)).toContain(`children/${doc.children!.id}`);
  });

  test('the readable text carries each policy under its id', () => {
    const text = formatCedarPolicies(policies);
    expect(text).toContain('@id("forbid/no_sale")\nforbid (principal, action, resource)');
    expect(text.match(/^@id\(/gm)).toHaveLength(Object.keys(policies).length);
  });

  test('Cedar gives the engine allow/deny on generated requests', () => {
    const decider = compile(policy);
    const cedar = createCedarDecider('accounting-def-test', policies, policy.taxonomy);
    const differ = generateRequests(policy, 400, 7)
      .map((r) => r.flow)
      .filter((flow) => cedar.decide(cedar.toCall(flow)) !== decider.decide(flow).decision);
    expect(differ).toEqual([]);
  });
});
