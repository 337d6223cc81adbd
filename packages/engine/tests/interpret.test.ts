import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { DECIDERS, HEAD, rulesOf } from './fixtures/policies.js';

// Each step of the README's "Semantics" section on small hand-written policies, run on the reference interpreter
// and on the compiled decider alike.

const shop = policyFrom(`${HEAD}
taxonomy:
  categories: { user.contact.email.work: { label: Work email address } }
  consents: { beta_program: { label: Beta program } }
  jurisdictions: { NORDIC: { label: Nordic countries, members: [DK, SE, FI] } }
collect:
  - { id: signup, categories: [user.contact, user.name], sources: [user_provided], says: We ask for your contact details. }
  - { id: device, categories: [user.device], sources: [automatic] }
use:
  - { id: support, categories: [user.contact, user.name], purposes: [essential.service.support], obligations: [limit_access], says: We use your details to help you. }
  - id: newsletter
    categories: [user.contact.email]
    purposes: [marketing.communications.email]
    requires: { consent: [marketing.communications.email] }
    obligations: [unsubscribe_link]
    says: With your agreement we send a newsletter.
  - { id: research, categories: [user.behavior], purposes: [research], requires: { consent: purpose } }
  - { id: beta, categories: [user.behavior.usage], purposes: [functional.service_improvement], requires: { consent: [beta_program, analytics] } }
  - { id: diagnostics, categories: [user.device], purposes: [functional.service_improvement], sources: [automatic] }
  - { id: staff, categories: [user.name], purposes: [essential.service.account_management], subjects: [employee] }
  - { id: europe, categories: [user.location], purposes: [personalize], jurisdictions: [EEA] }
share:
  - { id: payments, categories: [user.financial.credit_card], purposes: [essential.service.payment_processing], recipients: [processor.payment], obligations: [{ kind: encrypt }] }
  - { id: partners, categories: [user.behavior], purposes: [analytics], recipients: [third_party.partner], identifiability: [aggregated, deidentified] }
  - { id: ads, categories: [user.contact.email], purposes: [marketing.advertising], recipients: [processor.advertising] }
forbid:
  - { id: no_sale, purposes: [sale_of_data], says: We never sell your data. }
  - { id: no_auto_marketing, sources: [automatic], purposes: [marketing] }
retain:
  - { id: contact, categories: [user.contact], at_most: P1Y, says: We keep contact details for a year. }
  - { id: email, categories: [user.contact.email], at_most: P6M }
  - { id: behavior, categories: [user.behavior], at_most: purpose }
  - { id: processors, categories: [user.financial], recipients: [processor], at_most: P30D }
children: { under: 13, unless_consent: parental, exempt_purposes: [legal], says: We protect children. }
`);

describe.each(DECIDERS)('%s', (_name, decide) => {
  const d = (flow: unknown) => decide(shop, flow);
  const rules = (flow: unknown) => rulesOf(d(flow));

  describe('1. check the flow', () => {
    test.each([[null], [[]], ['flow'], [42], [true]])('a non-object flow (%j) is error/invalid-flow', (flow) => {
      expect(d(flow)).toMatchObject({
        decision: 'deny',
        reasons: [{ rule: 'error/invalid-flow', effect: 'deny' }],
        obligations: [],
      });
    });

    test.each([
      [{ category: 'user.name', purpose: 'analytics', colour: 'red' }, 'error/unknown-key'],
      [{ category: 'user.name', purpose: 'analytics', subject: { name: 'Ann' } }, 'error/unknown-key'],
      [{ purpose: 'analytics' }, 'error/missing-category'],
      [{ category: [], purpose: 'analytics' }, 'error/missing-category'],
      [{ category: 'user.name' }, 'error/missing-purpose'],
      [{ category: 5, purpose: 'analytics' }, 'error/bad-type'],
      [{ category: ['user.name', 5], purpose: 'analytics' }, 'error/bad-type'],
      [{ category: 'user.name', purpose: ['analytics'] }, 'error/bad-type'],
      [{ category: 'user.name', purpose: 'analytics', consent: 'analytics' }, 'error/bad-type'],
      [{ category: 'user.name', purpose: 'analytics', subject: [] }, 'error/bad-type'],
      [{ category: 'user.name', purpose: 'analytics', subject: { age: '12' } }, 'error/bad-type'],
      [{ category: 'user.name', purpose: 'analytics', retention: 30 }, 'error/bad-type'],
      [{ category: 'user.name', purpose: 'analytics', source: null }, 'error/bad-type'],
      [{ category: 'user.name', purpose: 'analytics', action: 'delete' }, 'error/bad-value'],
      [{ category: 'user.name', purpose: 'analytics', subject: { age: -1 } }, 'error/bad-value'],
      [{ category: 'user.name', purpose: 'analytics', subject: { age: Number.NaN } }, 'error/bad-value'],
      [{ category: 'user.contct', purpose: 'analytics' }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytic' }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', recipient: 'advertisers' }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', consent: ['parentall'] }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', subject: { jurisdiction: 'XX' } }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', subject: { kind: 'robot' } }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', source: 'guessed' }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', identifiability: 'anonymous' }, 'error/unknown-term'],
      [{ category: 'user.name', purpose: 'analytics', retention: 'PT1H' }, 'error/bad-duration'],
      [{ category: 'user.name', purpose: 'analytics', retention: '30 days' }, 'error/bad-duration'],
      [
        { category: 'user.name', purpose: 'analytics', action: 'use', recipient: 'processor' },
        'error/recipient-action-mismatch',
      ],
      [
        { category: 'user.name', purpose: 'analytics', action: 'collect', recipient: 'third_party' },
        'error/recipient-action-mismatch',
      ],
      [
        { category: 'user.name', purpose: 'analytics', action: 'retain', recipient: 'processor' },
        'error/recipient-action-mismatch',
      ],
      [{ category: 'user.name', purpose: 'analytics', action: 'share' }, 'error/recipient-action-mismatch'],
      [
        { category: 'user.name', purpose: 'analytics', action: 'share', recipient: 'first_party' },
        'error/recipient-action-mismatch',
      ],
    ])('%j → %s', (flow, rule) => {
      const decision = d(flow);
      expect(decision.decision).toBe('deny');
      expect(decision.reasons).toHaveLength(1);
      expect(decision.reasons[0]).toMatchObject({ rule, effect: 'deny', message: expect.any(String) });
      expect(decision.obligations).toStrictEqual([]);
    });

    test('the message names what is wrong', () => {
      expect(d({ category: 'user.contct', purpose: 'analytics' }).reasons[0]!.message).toBe(
        'unknown category `user.contct` — did you mean `user.contact`?',
      );
      expect(d({ category: 'user.name', purpose: 'analytics', subject: { name: 'x' } }).reasons[0]!.message).toBe(
        'unknown key `subject.name`',
      );
    });

    test('the first problem in key order is the one reported', () => {
      expect(rules({ purpose: 'nope', category: 7 })).toStrictEqual(['error/unknown-term']);
      expect(rules({ category: 7, purpose: 'nope' })).toStrictEqual(['error/bad-type']);
      expect(rules({ extra: 1, purpose: 'analytics' })).toStrictEqual(['error/unknown-key']);
    });

    test('undefined properties count as absent', () => {
      expect(
        d({
          category: 'user.name',
          purpose: 'essential.service.support',
          source: undefined,
          subject: { age: undefined },
        }).decision,
      ).toBe('allow');
    });

    test('policy-added terms are known, and consents may be named consents or purposes', () => {
      expect(d({ category: 'user.contact.email.work', purpose: 'essential.service.support' }).decision).toBe('allow');
      expect(
        d({ category: 'user.name', purpose: 'essential.service.support', consent: ['beta_program', 'analytics'] })
          .decision,
      ).toBe('allow');
      expect(
        d({ category: 'user.name', purpose: 'essential.service.support', subject: { jurisdiction: 'NORDIC' } })
          .decision,
      ).toBe('allow');
    });

    test('action defaults to use for first_party and share otherwise; recipient defaults to first_party', () => {
      expect(rules({ category: 'user.name', purpose: 'essential.service.support' })).toStrictEqual(['use/support']);
      expect(
        rules({
          category: 'user.financial.credit_card',
          purpose: 'essential.service.payment_processing',
          recipient: 'processor.payment',
        }),
      ).toStrictEqual(['share/payments']);
    });

    test('identifiability defaults to identified, and the default counts as stated', () => {
      const flow = { category: 'user.behavior.usage', purpose: 'analytics', recipient: 'third_party.partner' };
      expect(d(flow)).toMatchObject({ decision: 'deny', reasons: [{ rule: 'default/deny' }] });
      expect(d({ ...flow, identifiability: 'aggregated' })).toMatchObject({
        decision: 'allow',
        reasons: [{ rule: 'share/partners' }],
      });
    });
  });

  describe('2. match, safely', () => {
    test('an allow rule on a parent term covers its children, not its parent', () => {
      expect(d({ category: 'user.contact.email.work', purpose: 'essential.service.support' }).decision).toBe('allow');
      expect(rules({ category: 'user', purpose: 'essential.service.support' })).toStrictEqual(['default/deny']);
      expect(rules({ category: 'user.name', purpose: 'essential.service' })).toStrictEqual(['default/deny']);
    });

    test('an allow rule naming a dimension needs the flow to state it', () => {
      const flow = { category: 'user.device.ip_address', purpose: 'functional.service_improvement' };
      const denied = d(flow);
      expect(denied.decision).toBe('deny');
      expect(denied.reasons).toStrictEqual([
        { rule: 'default/deny', effect: 'deny', unstated: ['source'], message: 'no use rule allows this flow' },
        {
          rule: 'use/diagnostics',
          effect: 'allow',
          at: 'policies/test.yaml:21:5',
          unstated: ['source'],
          message: 'applies only to flows that state `source`',
        },
      ]);
      expect(rules({ ...flow, source: 'automatic' })).toStrictEqual(['use/diagnostics']);
      expect(rules({ ...flow, source: 'user_provided' })).toStrictEqual(['default/deny']);
    });

    test('subjects and jurisdictions narrow allow rules; a region covers its members, not the reverse', () => {
      const staff = { category: 'user.name', purpose: 'essential.service.account_management' };
      expect(rules({ ...staff, subject: { kind: 'employee' } })).toStrictEqual(['use/staff']);
      expect(rules({ ...staff, subject: { kind: 'customer' } })).toStrictEqual(['default/deny']);
      expect(d({ ...staff }).reasons[0]).toMatchObject({ rule: 'default/deny', unstated: ['subject.kind'] });
      const local = { category: 'user.location', purpose: 'personalize' };
      expect(rules({ ...local, subject: { jurisdiction: 'FR' } })).toStrictEqual(['use/europe']);
      expect(rules({ ...local, subject: { jurisdiction: 'EEA' } })).toStrictEqual(['use/europe']);
      expect(rules({ ...local, subject: { jurisdiction: 'EU' } })).toStrictEqual(['default/deny']);
      expect(rules({ ...local, subject: { jurisdiction: 'US-CA' } })).toStrictEqual(['default/deny']);
    });

    test('a forbid rule matches a flow that leaves its dimension unstated, and says which to state', () => {
      const flow = {
        category: 'user.contact.email',
        purpose: 'marketing.communications.email',
        consent: ['marketing'],
      };
      const denied = d(flow);
      expect(denied.decision).toBe('deny');
      expect(denied.reasons).toStrictEqual([
        {
          rule: 'forbid/no_auto_marketing',
          effect: 'deny',
          at: 'policies/test.yaml:30:5',
          unstated: ['source'],
          message: 'applies because the flow states no `source`',
        },
      ]);
      expect(rules({ ...flow, source: 'user_provided' })).toStrictEqual(['use/newsletter']);
      expect(rules({ ...flow, source: 'automatic' })).toStrictEqual(['forbid/no_auto_marketing']);
    });

    test('a forbid rule matches terms that overlap its own, and regions that share members', () => {
      const p = policyFrom(`${HEAD}
taxonomy: { jurisdictions: { NORDIC: { label: Nordic countries, members: [DK, SE, FI] } } }
share:
  - { id: ads, categories: [user.contact], purposes: [marketing.advertising], recipients: [processor.advertising] }
  - { id: payments, categories: [user.financial], purposes: [essential.service.payment_processing], recipients: [processor.payment] }
forbid:
  - { id: no_ads_employees, subjects: [employee], purposes: [marketing.advertising] }
  - { id: no_share_nordic, actions: [share], jurisdictions: [NORDIC] }
`);
      const at = (flow: object) => rulesOf(decide(p, flow));
      const ads = {
        category: 'user.contact.email',
        purpose: 'marketing.advertising',
        recipient: 'processor.advertising',
      };
      const fr = { jurisdiction: 'FR' };
      expect(at({ ...ads, subject: { ...fr, kind: 'customer' } })).toStrictEqual(['share/ads']);
      expect(at({ ...ads, subject: { ...fr, kind: 'employee' } })).toStrictEqual(['forbid/no_ads_employees']);
      expect(decide(p, { ...ads, subject: fr }).reasons[0]).toMatchObject({
        rule: 'forbid/no_ads_employees',
        unstated: ['subject.kind'],
      });
      const pay = {
        category: 'user.financial.credit_card',
        purpose: 'essential.service.payment_processing',
        recipient: 'processor.payment',
      };
      expect(at({ ...pay, subject: fr })).toStrictEqual(['share/payments']);
      expect(at({ ...pay, subject: { jurisdiction: 'DK' } })).toStrictEqual(['forbid/no_share_nordic']);
      // A flow naming a parent purpose or category could be the forbidden one.
      expect(at({ ...ads, category: 'user', subject: { ...fr, kind: 'employee' } })).toStrictEqual([
        'forbid/no_ads_employees',
        'default/deny',
      ]);
      expect(at({ ...ads, purpose: 'marketing', subject: { ...fr, kind: 'employee' } })).toStrictEqual([
        'forbid/no_ads_employees',
        'default/deny',
      ]);
      // EEA contains DK, a member of NORDIC: EEA and NORDIC overlap though neither contains the other.
      expect(at({ ...pay, subject: { jurisdiction: 'EEA' } })).toStrictEqual(['forbid/no_share_nordic']);
      expect(decide(p, pay).reasons).toStrictEqual([
        {
          rule: 'forbid/no_share_nordic',
          effect: 'deny',
          at: 'policies/test.yaml:10:5',
          unstated: ['subject.jurisdiction'],
          message: 'applies because the flow states no `subject.jurisdiction`',
        },
      ]);
    });
  });

  describe('3. children', () => {
    const support = { category: 'user.name', purpose: 'essential.service.support' };

    test('under the age without the consent: denied, whatever allows it', () => {
      const denied = d({ ...support, subject: { age: 12 } });
      expect(denied).toMatchObject({ decision: 'deny', obligations: [] });
      expect(denied.reasons).toStrictEqual([
        {
          rule: 'children/under-13',
          effect: 'deny',
          says: 'We protect children.',
          at: 'policies/test.yaml:36:11',
          missing: ['consent parental'],
          message: 'the subject is under 13 and the flow has no `parental` consent',
        },
      ]);
    });

    test('the consent lifts it; the age threshold is strict; no age means not known to be a child', () => {
      expect(d({ ...support, subject: { age: 12 }, consent: ['parental'] }).decision).toBe('allow');
      expect(d({ ...support, subject: { age: 13 } }).decision).toBe('allow');
      expect(d({ ...support, subject: { age: 12.5 } }).decision).toBe('deny');
      expect(d({ ...support, subject: { kind: 'customer' } }).decision).toBe('allow');
    });

    test('exempt purposes and everything inside them are not restricted', () => {
      const legal = policyFrom(`${HEAD}
use: [ { id: comply, categories: [user], purposes: [legal] } ]
children: { id: kids, under: 16, exempt_purposes: [legal.compliance] }
`);
      expect(
        rulesOf(decide(legal, { category: 'user.name', purpose: 'legal.compliance', subject: { age: 10 } })),
      ).toStrictEqual(['use/comply']);
      // `legal` is wider than the exempt `legal.compliance`; with no unless_consent nothing lifts it.
      const denied = decide(legal, {
        category: 'user.name',
        purpose: 'legal',
        subject: { age: 10 },
        consent: ['parental'],
      });
      expect(denied.reasons).toStrictEqual([
        { rule: 'children/kids', effect: 'deny', at: 'policies/test.yaml:5:11', message: 'the subject is under 16' },
      ]);
    });

    test('a child flow also lists the other rules that deny it', () => {
      expect(rules({ category: 'user.name', purpose: 'sale_of_data', subject: { age: 9 } })).toStrictEqual([
        'children/under-13',
        'forbid/no_sale',
        'default/deny',
      ]);
    });
  });

  describe('4. forbid', () => {
    test('a forbid rule overrides every allow, and only it is listed', () => {
      const p = policyFrom(`${HEAD}
use: [ { id: all, categories: [user], purposes: [analytics] } ]
forbid: [ { id: no_location, categories: [user.location], says: We never analyse where you are. } ]
`);
      expect(rulesOf(decide(p, { category: 'user.name', purpose: 'analytics' }))).toStrictEqual(['use/all']);
      expect(decide(p, { category: 'user.location', purpose: 'analytics' })).toMatchObject({
        decision: 'deny',
        reasons: [{ rule: 'forbid/no_location', effect: 'deny', says: 'We never analyse where you are.' }],
        obligations: [],
      });
      // A flow naming the parent could be about location: forbidden too.
      expect(rulesOf(decide(p, { category: 'user', purpose: 'analytics' }))).toStrictEqual(['forbid/no_location']);
    });

    test('actions: a forbid on use also covers retain flows, not the reverse, and never share flows', () => {
      const p = policyFrom(`${HEAD}
use: [ { id: all, categories: [user], purposes: [analytics] } ]
share: [ { id: out, categories: [user], purposes: [analytics], recipients: [processor] } ]
forbid:
  - { id: no_use, actions: [use], categories: [user.location] }
  - { id: no_keep, actions: [retain], categories: [user.name] }
`);
      const at = (category: string, action: string, recipient?: string) =>
        rulesOf(decide(p, { category, purpose: 'analytics', action, ...(recipient ? { recipient } : {}) }));
      expect(at('user.location', 'use')).toStrictEqual(['forbid/no_use']);
      expect(at('user.location', 'retain')).toStrictEqual(['forbid/no_use']);
      expect(at('user.location', 'share', 'processor')).toStrictEqual(['share/out']);
      expect(at('user.name', 'retain')).toStrictEqual(['forbid/no_keep']);
      expect(at('user.name', 'use')).toStrictEqual(['use/all']);
    });
  });

  describe('5. allow', () => {
    test('use and retain flows need a use rule; share flows a share rule', () => {
      expect(rules({ category: 'user.name', purpose: 'essential.service.support', action: 'retain' })).toStrictEqual([
        'use/support',
      ]);
      expect(
        d({ category: 'user.name', purpose: 'essential.service.support', recipient: 'processor.support' }).reasons[0],
      ).toMatchObject({
        rule: 'default/deny',
        message: 'no share rule allows this flow',
      });
      expect(
        rules({
          category: 'user.financial.credit_card',
          purpose: 'essential.service.payment_processing',
          action: 'use',
        }),
      ).toStrictEqual(['default/deny']);
    });

    test('nothing is allowed without an allowing rule (default deny)', () => {
      const empty = policyFrom(HEAD);
      expect(decide(empty, { category: 'user.name', purpose: 'essential.service.support' })).toMatchObject({
        decision: 'deny',
        reasons: [{ rule: 'default/deny', effect: 'deny', message: 'no use rule allows this flow' }],
      });
    });

    test('collect needs a collect rule and a use or share rule for the purpose', () => {
      const collect = { action: 'collect', category: 'user.contact.email', source: 'user_provided' };
      expect(d({ ...collect, purpose: 'essential.service.support' })).toMatchObject({
        decision: 'allow',
        reasons: [{ rule: 'collect/signup', says: 'We ask for your contact details.' }, { rule: 'use/support' }],
      });
      // A share rule serves the purpose whatever its recipient.
      expect(rules({ ...collect, purpose: 'marketing.advertising' })).toStrictEqual(['collect/signup', 'share/ads']);
      expect(d({ ...collect, purpose: 'analytics' }).reasons).toMatchObject([
        { rule: 'default/deny', message: 'no use or share rule allows the purpose of this collection' },
      ]);
      expect(d({ ...collect, source: 'automatic', purpose: 'essential.service.support' }).reasons).toMatchObject([
        { rule: 'default/deny', message: 'no collect rule covers this collection' },
      ]);
      expect(d({ ...collect, category: 'user.location', purpose: 'analytics' }).reasons).toMatchObject([
        {
          rule: 'default/deny',
          message: 'no collect rule covers this collection and no use or share rule allows its purpose',
        },
      ]);
    });

    test('the purpose rule of a collect flow must have its requires met', () => {
      const flow = {
        action: 'collect',
        category: 'user.contact.email',
        source: 'user_provided',
        purpose: 'marketing.communications.email',
      };
      expect(d(flow).reasons).toMatchObject([
        { rule: 'default/deny' },
        { rule: 'use/newsletter', effect: 'allow', missing: ['consent marketing.communications.email'] },
      ]);
      expect(rules({ ...flow, consent: ['marketing.communications.email'] })).toStrictEqual([
        'collect/signup',
        'use/newsletter',
      ]);
    });

    test('requires is all-of, and the decision says what is missing', () => {
      const beta = { category: 'user.behavior.usage', purpose: 'functional.service_improvement' };
      expect(d(beta).reasons).toStrictEqual([
        { rule: 'default/deny', effect: 'deny', message: 'no use rule allows this flow' },
        {
          rule: 'use/beta',
          effect: 'allow',
          at: 'policies/test.yaml:20:5',
          missing: ['consent beta_program', 'consent analytics'],
          message: 'requires consent beta_program and consent analytics',
        },
      ]);
      expect(d({ ...beta, consent: ['analytics'] }).reasons[1]).toMatchObject({ missing: ['consent beta_program'] });
      expect(rules({ ...beta, consent: ['analytics', 'beta_program'] })).toStrictEqual(['use/beta']);
    });

    test('consent to a purpose covers its sub-purposes, not its parent', () => {
      const mail = {
        category: 'user.contact.email',
        purpose: 'marketing.communications.email',
        source: 'user_provided',
      };
      expect(d({ ...mail, consent: ['marketing'] }).decision).toBe('allow');
      expect(d({ ...mail, consent: ['marketing.communications.email'] }).decision).toBe('allow');
      const beta = {
        category: 'user.behavior.usage',
        purpose: 'functional.service_improvement',
        consent: ['beta_program', 'analytics.product'],
      };
      const p = policyFrom(`${HEAD}
taxonomy: { purposes: { analytics.product: { label: Product analytics } }, consents: { beta_program: { label: Beta } } }
use: [ { id: beta, categories: [user.behavior.usage], purposes: [functional.service_improvement], requires: { consent: [beta_program, analytics] } } ]
`);
      expect(decide(p, beta).reasons[1]).toMatchObject({ missing: ['consent analytics'] });
    });

    test("consent: purpose means consent to the flow's own purpose (or one containing it)", () => {
      const flow = { category: 'user.behavior.usage', purpose: 'research' };
      expect(d(flow).reasons[1]).toMatchObject({ rule: 'use/research', missing: ['consent research'] });
      expect(d({ ...flow, consent: ['research'] }).decision).toBe('allow');
      expect(d({ ...flow, consent: ['analytics'] }).decision).toBe('deny');
    });

    test('named consents are matched by id', () => {
      const p = policyFrom(`${HEAD}
use: [ { id: calls, categories: [user.content.recordings], purposes: [quality_assurance.recording], requires: { consent: [recording] } } ]
`);
      const flow = { category: 'user.content.recordings', purpose: 'quality_assurance.recording' };
      expect(decide(p, flow).decision).toBe('deny');
      expect(decide(p, { ...flow, consent: ['recording'] }).decision).toBe('allow');
      expect(decide(p, { ...flow, consent: ['remote_access'] }).decision).toBe('deny');
    });
  });

  describe('6. retention', () => {
    const support = { category: 'user.contact.phone_number', purpose: 'essential.service.support' };

    test('a flow keeping data longer than a cap is denied by that retain rule', () => {
      expect(d({ ...support, retention: 'P2Y' })).toMatchObject({
        decision: 'deny',
        reasons: [
          {
            rule: 'retain/contact',
            effect: 'deny',
            says: 'We keep contact details for a year.',
            message: "keeps this data at most P1Y, less than the flow's retention",
          },
        ],
      });
      expect(d({ ...support, retention: 'P1Y' }).decision).toBe('allow');
      expect(d({ ...support, retention: 'P12M' }).decision).toBe('allow'); // 360 days
      expect(d({ ...support, retention: 'P366D' }).decision).toBe('deny');
      expect(d({ ...support, retention: 'P52W' }).decision).toBe('allow'); // 364 days
    });

    test('the smallest cap applies, and every exceeded cap is listed', () => {
      const email = { category: 'user.contact.email', purpose: 'essential.service.support' };
      expect(rules({ ...email, retention: 'P7M' })).toStrictEqual(['retain/email']);
      expect(rules({ ...email, retention: 'P2Y' })).toStrictEqual(['retain/contact', 'retain/email']);
      expect(d({ ...email, retention: 'P6M' }).decision).toBe('allow');
    });

    test('an allow carries every matching cap as an obligation, stated retention or not', () => {
      expect(d({ category: 'user.contact.email', purpose: 'essential.service.support' }).obligations).toStrictEqual([
        { kind: 'limit_access', rule: 'use/support' },
        { kind: 'retain_at_most', duration: 'P1Y', rule: 'retain/contact' },
        { kind: 'retain_at_most', duration: 'P6M', rule: 'retain/email' },
      ]);
      expect(d({ ...support, retention: 'P30D' }).obligations).toStrictEqual([
        { kind: 'limit_access', rule: 'use/support' },
        { kind: 'retain_at_most', duration: 'P1Y', rule: 'retain/contact' },
      ]);
    });

    test('at_most: purpose never denies and yields delete_when_purpose_fulfilled', () => {
      const keep = {
        category: 'user.behavior.usage',
        purpose: 'research',
        consent: ['research'],
        action: 'retain',
        retention: 'P10Y',
      };
      expect(d(keep)).toMatchObject({
        decision: 'allow',
        reasons: [{ rule: 'use/research' }],
        obligations: [{ kind: 'delete_when_purpose_fulfilled', rule: 'retain/behavior' }],
      });
    });

    test('a retain rule naming recipients caps only flows to them', () => {
      const pay = {
        category: 'user.financial.credit_card',
        purpose: 'essential.service.payment_processing',
        recipient: 'processor.payment',
      };
      expect(d({ ...pay, retention: 'P60D' }).reasons).toMatchObject([{ rule: 'retain/processors' }]);
      expect(d(pay).obligations).toStrictEqual([
        { kind: 'encrypt', rule: 'share/payments' },
        { kind: 'retain_at_most', duration: 'P30D', rule: 'retain/processors' },
      ]);
    });
  });

  describe('7. reasons and obligations', () => {
    test('an allow lists every allowing rule and the union of their obligations', () => {
      const p = policyFrom(`${HEAD}
use:
  - { id: a, categories: [user.contact], purposes: [essential], obligations: [encrypt, { kind: notify_user, duration: P30D }] }
  - { id: b, categories: [user], purposes: [essential.service], obligations: [encrypt] }
  - { id: c, categories: [user.name], purposes: [essential] }
`);
      expect(decide(p, { category: 'user.contact.email', purpose: 'essential.service.support' })).toMatchObject({
        decision: 'allow',
        reasons: [
          { rule: 'use/a', effect: 'allow', at: 'policies/test.yaml:5:5' },
          { rule: 'use/b', effect: 'allow', at: 'policies/test.yaml:6:5' },
        ],
        obligations: [
          { kind: 'encrypt', rule: 'use/a' },
          { kind: 'notify_user', duration: 'P30D', rule: 'use/a' },
          { kind: 'encrypt', rule: 'use/b' },
        ],
      });
    });

    test('several categories: the conjunction, each reason naming its category', () => {
      const both = { category: ['user.name', 'user.contact.email'], purpose: 'essential.service.support' };
      const allowed = d(both);
      expect(allowed.decision).toBe('allow');
      expect(allowed.reasons).toStrictEqual([
        {
          rule: 'use/support',
          effect: 'allow',
          category: 'user.name',
          says: 'We use your details to help you.',
          at: 'policies/test.yaml:12:5',
        },
        {
          rule: 'use/support',
          effect: 'allow',
          category: 'user.contact.email',
          says: 'We use your details to help you.',
          at: 'policies/test.yaml:12:5',
        },
      ]);
      // Obligations are merged: limit_access from use/support once.
      expect(allowed.obligations.map((o) => `${o.kind} ${o.rule}`)).toStrictEqual([
        'limit_access use/support',
        'retain_at_most retain/contact',
        'retain_at_most retain/email',
      ]);
      const denied = d({ category: ['user.name', 'user.location'], purpose: 'essential.service.support' });
      expect(denied.decision).toBe('deny');
      expect(denied.reasons).toStrictEqual([
        { rule: 'default/deny', effect: 'deny', category: 'user.location', message: 'no use rule allows this flow' },
      ]);
    });

    test('repeated categories count once; a one-element list is a single category', () => {
      expect(d({ category: ['user.name', 'user.name'], purpose: 'essential.service.support' })).toStrictEqual(
        d({ category: 'user.name', purpose: 'essential.service.support' }),
      );
      expect(d({ category: ['user.name'], purpose: 'essential.service.support' }).reasons[0]).not.toHaveProperty(
        'category',
      );
    });

    test('decisions carry the policy stamp', () => {
      const digest = createHash('sha256').update(shop.text).digest('hex');
      expect(d({ category: 'user.name', purpose: 'analytics' }).policy).toStrictEqual({
        id: 'test',
        version: '2024-05-01',
        digest: `sha256:${digest}`,
      });
    });
  });
});
