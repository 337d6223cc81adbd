import { describe, expect, test } from 'vitest';
import { compile } from '@pledge/engine';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { buildGuardData } from '../src/build-guard-data.js';
import { findAllowedFlows } from '../src/find-allowed-flows.js';
import { HEAD } from './fixtures/policies.js';

function tableOf(body: string) {
  const policy = policyFrom(`${HEAD}${body}`);
  const decider = compile(policy);
  const table = findAllowedFlows(buildGuardData(policy, decider.policy), (flow) => decider.decide(flow));
  return (action: string, purpose: string, recipient = 'first_party') => table.get(action as 'use')?.get(purpose)?.get(recipient) ?? [];
}

describe('findAllowedFlows', () => {
  test('lists the terms inside an allow rule, for use and retain, and share with each recipient inside its own', () => {
    const allowed = tableOf(`
use: [ { id: support, categories: [user.contact], purposes: [essential.service.support] } ]
share: [ { id: pay, categories: [user.financial.credit_card], purposes: [essential.service.payment_processing], recipients: [processor] } ]
`);
    expect(allowed('use', 'essential.service.support')).toEqual(['user.contact', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address', 'user.contact.fax']);
    expect(allowed('retain', 'essential.service.support')).toHaveLength(5);
    expect(allowed('use', 'essential.service')).toEqual([]);
    expect(allowed('share', 'essential.service.payment_processing', 'processor.payment')).toEqual(['user.financial.credit_card']);
    expect(allowed('share', 'essential.service.payment_processing', 'third_party')).toEqual([]);
    // Collection needs a collect rule as well as a purpose.
    expect(allowed('collect', 'essential.service.support')).toEqual([]);
  });

  test('allows collection for the purposes use and share rules allow', () => {
    const allowed = tableOf(`
collect: [ { id: signup, categories: [user.contact.email, user.name], sources: [user_provided] } ]
use: [ { id: support, categories: [user.contact], purposes: [essential.service.support] } ]
share: [ { id: partners, categories: [user.name], purposes: [analytics], recipients: [third_party.partner] } ]
`);
    expect(allowed('collect', 'essential.service.support')).toEqual(['user.contact.email']);
    expect(allowed('collect', 'analytics')).toEqual(['user.name']);
  });

  test('drops what a forbid rule covers outright, and keeps what stating a condition can escape', () => {
    const allowed = tableOf(`
use:
  - { id: ads, categories: [user.contact.email, user.name], purposes: [marketing] }
  - { id: eu, categories: [user.device], purposes: [analytics], jurisdictions: [EEA] }
forbid:
  - { id: no_email_ads, categories: [user.contact.email], purposes: [marketing.advertising] }
  - { id: no_auto, purposes: [marketing.communications], sources: [automatic] }
  - { id: no_eu_analytics, purposes: [analytics], jurisdictions: [EU] }
`);
    expect(allowed('use', 'marketing.advertising')).toEqual(['user.name']);
    // A flow that states a source other than `automatic` escapes no_auto.
    expect(allowed('use', 'marketing.communications.email')).toEqual(['user.name', 'user.contact.email']);
    // Norway is in the EEA and not in the EU.
    expect(allowed('use', 'analytics')).toContain('user.device.ip_address');
  });

  test('drops an allow rule whose every place a forbid rule covers', () => {
    const allowed = tableOf(`
use: [ { id: eu, categories: [user.device], purposes: [analytics], jurisdictions: [FR, DE] } ]
forbid: [ { id: no_eu_analytics, purposes: [analytics], jurisdictions: [EU] } ]
`);
    expect(allowed('use', 'analytics')).toEqual([]);
  });

  test('throws when the engine denies a witness it should allow', () => {
    const policy = policyFrom(`${HEAD}use: [ { id: support, categories: [user.name], purposes: [essential.service.support] } ]\n`);
    const decider = compile(policy);
    const denyAll = (flow: unknown) => ({ ...decider.decide(flow), decision: 'deny' as const });
    expect(() => findAllowedFlows(buildGuardData(policy, decider.policy), denyAll)).toThrow(/internal error: the engine denies/);
  });
});
