import { describe, expect, test } from 'vitest';
import { compile } from '@pledge/engine';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { buildGuardData } from '../src/build-guard-data.js';
import { HEAD } from './fixtures/policies.js';

const policy = policyFrom(`${HEAD}
taxonomy:
  jurisdictions:
    NORDIC: { label: Nordic countries, members: [DK, FI, IS, "NO", SE] }
use:
  - { id: eu_support, categories: [user.contact], purposes: [essential.service.support], jurisdictions: [EEA], requires: { consent: [remote_access] }, obligations: [limit_access, { kind: retain_at_most, duration: P30D }] }
  - { id: anything, categories: [user], purposes: [analytics], says: Everything for analytics. }
forbid:
  - { id: no_nordic_email, categories: [user.contact.email], jurisdictions: [NORDIC], actions: [use] }
retain:
  - { id: contact, categories: [user.contact], at_most: P1Y }
children: { under: 16, unless_consent: parental, exempt_purposes: [legal] }
`);
const data = buildGuardData(policy, compile(policy).policy);

describe('buildGuardData', () => {
  test('resolves allow rules to the terms inside theirs', () => {
    const rule = data.rules.use[0]!;
    expect(rule.match.categories).toEqual(['user.contact', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address', 'user.contact.fax']);
    expect(rule.match.purposes).toEqual(['essential.service.support']);
    // Inside EEA: its members and EEA itself; the overlapping regions (EU, NORDIC) are not inside it.
    expect(rule.match.jurisdictions).toContain('FR');
    expect(rule.match.jurisdictions).toContain('EEA');
    expect(rule.match.jurisdictions).not.toContain('EU');
    expect(rule.match.jurisdictions).not.toContain('NORDIC');
    expect(rule.requires).toEqual(['remote_access']);
    expect(rule.obligations).toEqual([
      { kind: 'limit_access', rule: 'use/eu_support' },
      { kind: 'retain_at_most', duration: 'P30D', rule: 'use/eu_support' },
    ]);
    expect(data.rules.use[1]!.match.categories).toBe('*');
  });

  test('resolves forbid and retain rules to the terms overlapping theirs', () => {
    const forbid = data.rules.forbid[0]!;
    expect(forbid.match.categories).toEqual(['user', 'user.contact', 'user.contact.email']);
    // Overlapping the region: its members, regions containing a member (EEA, EU), itself.
    expect([...(forbid.match.jurisdictions as string[])].sort()).toEqual(['DK', 'EEA', 'EU', 'FI', 'IS', 'NO', 'NORDIC', 'SE']);
    expect(forbid.actions).toEqual(['use']);
    expect(data.rules.retain[0]).toMatchObject({ ref: 'retain/contact', atMost: 'P1Y', atMostDays: 365 });
  });

  test('carries the stamp, the vocabulary, the first party and the children clause', () => {
    expect(data.policy).toEqual(compile(policy).policy);
    expect(data.terms.jurisdictions).toContain('NORDIC');
    expect(data.firstParty).toEqual(['first_party']);
    expect(data.children).toEqual({
      under: 16,
      unlessConsent: 'parental',
      exempt: ['legal', 'legal.compliance', 'legal.claims', 'legal.law_enforcement'],
      rule: 'children/under-16',
      at: 'policies/test.yaml:14:11',
    });
    expect(data.rules.use[1]).toMatchObject({ ref: 'use/anything', at: 'policies/test.yaml:9:5', says: 'Everything for analytics.' });
  });
});
