import { describe, expect, test } from 'vitest';
import { compile } from '@pledge/engine';
import { explainDecision } from '../src/explain-decision.js';
import { FIXTURE, loadTestPolicy } from './fixtures/policies.js';

const policy = loadTestPolicy(FIXTURE);
const decider = compile(policy);
const explain = (flow: unknown) => explainDecision(policy, flow, decider.decide(flow));

describe('explainDecision', () => {
  test('explains an allow: what the flow does, the allowing rule and the obligations that come with it', () => {
    expect(explain({ category: 'user.contact.email', purpose: 'marketing.communications.email', consent: ['marketing'] })).toBe(
      [
        'Allowed: using your email address for marketing by email.',
        'Why it is allowed:',
        `  - use/newsletter (${FIXTURE}:52:5) allows it. It says: “If you sign up for our newsletter, we email you news and offers.”`,
        'Obligations that come with it:',
        '  - Every marketing message includes a simple way to unsubscribe. (use/newsletter)',
        '  - We delete the data as soon as we no longer need it for the purpose we collected it for. (retain/account)',
        '',
      ].join('\n'),
    );
  });

  test('explains a deny: the default deny, and the rule that lacked a consent', () => {
    const text = explain({ category: 'user.contact.email', purpose: 'marketing.communications.email' });
    expect(text).toContain('Denied: using your email address for marketing by email.');
    expect(text).toContain('No rule allows it (default/deny): no use rule allows this flow.');
    expect(text).toContain(`use/newsletter (${FIXTURE}:52:5) would allow it, but it needs your consent to marketing by email.`);
    expect(text).not.toContain('Obligations');
  });

  test('explains forbid, retention, children and unstated dimensions', () => {
    const sale = explain({ action: 'share', category: 'user.name', purpose: 'sale_of_data', recipient: 'third_party.data_broker' });
    expect(sale).toContain('Denied: sharing your name with data brokers for sale of personal data.');
    expect(sale).toContain('forbid/no_sale');
    expect(sale).toContain('It says: “We never sell or rent your data.”');
    const kept = explain({ category: 'user.device.hardware', purpose: 'essential.service.support', retention: 'P1Y' });
    expect(kept).toContain('limits how long this data is kept: at most 30 days, but the flow asks for one year.');
    const child = explain({ category: 'user.name', purpose: 'essential.service.support', subject: { age: 9 } });
    expect(child).toContain('children/under-13');
    expect(child).toContain('the person is under 13, and there is no parental consent.');
    const recordings = explain({ category: 'user.content.recordings', purpose: 'research', consent: ['research'] });
    expect(recordings).toContain('would allow it, but it applies only when the flow states whom the data is about (`subject.kind`).');
    expect(recordings).toContain('Some rules apply only when the flow states whom the data is about (`subject.kind`).');
  });

  test('names the category of each reason when a flow has several', () => {
    const text = explain({ category: ['user.name', 'user.financial.credit_card'], purpose: 'essential.service.support' });
    expect(text).toContain('For your payment card details: No rule allows it');
  });

  test('says why a malformed flow cannot be checked', () => {
    expect(explain({ category: 'payroll', purpose: 'analytics' })).toBe('Denied: the flow cannot be checked (error/unknown-term).\nWhy: unknown category `payroll`.\n');
  });

  test('passes on the engine\'s did-you-mean for a misspelt term, as one sentence', () => {
    expect(explain({ category: 'user.contct', purpose: 'analytics' })).toBe(
      'Denied: the flow cannot be checked (error/unknown-term).\nWhy: unknown category `user.contct` — did you mean `user.contact`?\n',
    );
  });
});
