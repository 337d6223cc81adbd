import { describe, expect, test } from 'vitest';
import { compile, type Flow } from '@pledge/engine';
import { createAccountingDefCheck } from '../engine/create-accounting-def-check.js';
import { generateRequests } from '../engine/generate-requests.js';
import { loadSeed } from './load-seed.js';

const policy = loadSeed('accounting-def');
const decider = compile(policy);
const check = createAccountingDefCheck(policy.taxonomy);

describe('createAccountingDefCheck', () => {
  test.each([1, 20240501])('gives the engine allow/deny on generated requests (seed %i)', (seed) => {
    const differ = generateRequests(policy, 2500, seed)
      .map((r) => r.flow)
      .filter((flow) => check(flow) !== decider.decide(flow).decision);
    expect(differ).toEqual([]);
  });

  const cases: [string, Flow, 'allow' | 'deny'][] = [
    ['the newsletter with consent', { category: 'user.contact.email', purpose: 'marketing.communications.email', consent: ['marketing'], source: 'user_provided' }, 'allow'],
    ['the newsletter without consent', { category: 'user.contact.email', purpose: 'marketing.communications.email', source: 'user_provided' }, 'deny'],
    ['an email address read automatically', { action: 'collect', category: 'user.contact.email', purpose: 'essential.service.support', source: 'automatic' }, 'deny'],
    ['an email address with its source unstated', { category: 'user.contact.email', purpose: 'essential.service.support' }, 'deny'],
    ['an email address the customer gave', { category: 'user.contact.email', purpose: 'essential.service.support', source: 'user_provided' }, 'allow'],
    ['a child', { category: 'user.name', purpose: 'essential.service.support', subject: { age: 12 } }, 'deny'],
    ['card data to the payment processor', { category: 'user.financial.credit_card', purpose: 'essential.service.payment_processing', recipient: 'processor.payment' }, 'allow'],
    ['a sale', { category: 'user.name', purpose: 'sale_of_data', recipient: 'third_party.data_broker' }, 'deny'],
    ['identified data to a partner', { category: 'user.name', purpose: 'analytics', recipient: 'third_party.partner' }, 'deny'],
    ['aggregated data to a partner', { category: 'user.name', purpose: 'analytics', recipient: 'third_party.partner', identifiability: 'aggregated' }, 'allow'],
    ['survey answers with consent to a parent purpose', { action: 'collect', category: 'user.survey_response', purpose: 'functional.service_improvement.support_tools', source: 'user_provided', consent: ['functional'] }, 'allow'],
    ['an unknown category', { category: 'user.contct.email', purpose: 'essential.service.support' }, 'deny'],
    ['an unknown consent', { category: 'user.name', purpose: 'essential.service.support', consent: ['remote_acess'] }, 'deny'],
    ['a use flow naming a third party', { action: 'use', category: 'user.name', purpose: 'essential.service.support', recipient: 'affiliate' }, 'deny'],
    ['a bad retention', { category: 'user.name', purpose: 'essential.service.support', retention: 'P1X' }, 'deny'],
  ];
  test.each(cases)('%s', (_, flow, want) => {
    expect(decider.decide(flow).decision).toBe(want);
    expect(check(flow)).toBe(want);
  });

  test('denies what is not a flow', () => {
    for (const input of [null, 'flow', 42, { purpose: 'analytics' }, { category: ['user.name'], purpose: 'analytics' }]) {
      expect(check(input)).toBe('deny');
    }
  });
});
