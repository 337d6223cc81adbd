import { describe, expect, test } from 'vitest';
import { RULE_SECTIONS } from '@pledge/policy-spec';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { buildNotice, compactCategories, NOTICE_SECTIONS, type Notice } from '../src/build-notice.js';
import { noticeItems } from '../src/summarize-policy.js';
import { allTestPolicyPaths, FIXTURE, HEAD, loadTestPolicy } from './fixtures/policies.js';

const fixture = buildNotice(loadTestPolicy(FIXTURE));
const section = (notice: Notice, id: string) => notice.sections.find((s) => s.id === id)!;

describe('buildNotice', () => {
  test.each(allTestPolicyPaths())('%s: every rule, right, security measure and clause is stated, in section order', (path) => {
    const policy = loadTestPolicy(path);
    const notice = buildNotice(policy);
    const doc = policy.document;
    const stated = new Set(noticeItems(notice).map((i) => i.rule));
    const expected = [
      ...RULE_SECTIONS.flatMap((s) => (doc[s] ?? []).map((r: { id: string }) => `${s}/${r.id}`)),
      ...(doc.rights ?? []).map((r) => `rights/${r.id ?? r.right}`),
      ...(doc.security ?? []).map((s) => `security/${s.id}`),
      ...(doc.children ? ['children'] : []),
      ...(doc.changes ? ['changes'] : []),
    ];
    expect(expected.filter((ref) => !stated.has(ref))).toEqual([]);
    const order = NOTICE_SECTIONS.map(([id]) => id);
    const ids = notice.sections.map((s) => s.id);
    expect(ids).toEqual(order.filter((id) => ids.includes(id)));
  });

  test('starts every item with its says sentence, then states what the rule covers and requires', () => {
    const newsletter = noticeItems(fixture).find((i) => i.rule === 'use/newsletter')!;
    expect(newsletter.text).toBe(
      'If you sign up for our newsletter, we email you news and offers. This covers your email address for marketing by email. ' +
        'We do this only with your consent to marketing by email. Every marketing message includes a simple way to unsubscribe.',
    );
    const callback = noticeItems(fixture).find((i) => i.rule === 'use/eu_callback')!;
    expect(callback.text).toContain('This applies only to people in the European Economic Area or the United Kingdom.');
  });

  test('writes a sentence from the rule itself when it has no says', () => {
    const items = noticeItems(fixture);
    expect(items.find((i) => i.rule === 'collect/site_logs')!.text).toBe('Your IP address, collected automatically.');
    expect(items.find((i) => i.rule === 'use/trends')!.text).toBe(
      'We use your IP address for analytics. The data is used only in aggregated or de-identified form. We keep the data for no longer than 90 days.',
    );
    expect(items.find((i) => i.rule === 'forbid/no_browsing')!.text).toBe('We never collect your browsing history or login credentials.');
    expect(items.find((i) => i.rule === 'retain/cards')!.text).toBe('We keep your financial information for no longer than one year.');
    expect(items.find((i) => i.rule === 'share/sale_of_business')!.text).toBe(
      'We share your personal data with buyers of our business for business transfers. We tell you when this happens.',
    );
  });

  test('groups what we collect by kind of data, with each category described', () => {
    const groups = section(fixture, 'what-we-collect').groups;
    expect(groups.map((g) => g.title)).toEqual(['Name and contact details', 'Financial information', 'Device information', 'Your content']);
    expect(groups[2]!.items.map((i) => i.rule)).toEqual(['collect/diagnostics', 'collect/site_logs']);
    expect(groups[0]!.items[0]!.terms).toEqual([
      { label: 'Name', description: 'Your first and last name, and any other name you go by.' },
      { label: 'Contact details', description: 'Information we can use to get in touch with you.' },
    ]);
  });

  test('groups uses by their first purpose and shares by their first recipient, with what recipients may not do', () => {
    const uses = section(fixture, 'how-we-use-it').groups;
    expect(uses.map((g) => g.title)).toEqual(['Essential operations', 'Analytics', 'Quality assurance', 'Marketing']);
    expect(uses[0]!.intro).toBe('The things we must do to run the services you use.');
    const shares = section(fixture, 'who-we-share-it-with').groups;
    expect(shares.map((g) => g.title)).toEqual(['Service providers', 'Third parties', 'Public authorities', 'Buyers of our business']);
    expect(shares[1]!.limits!.map((i) => i.rule)).toEqual(['forbid/no_ads']);
    expect(shares[0]!.limits).toBeUndefined();
  });

  test('states the children clause, rights by place, and a last-updated line from the version', () => {
    expect(section(fixture, 'children').paragraphs[0]!.text).toBe(
      'Our service is not meant for children under 13. If you are under 13, we handle your data only with parental consent, except for legal reasons.',
    );
    const rights = section(fixture, 'your-rights').groups;
    expect(rights.map((g) => g.title)).toEqual([
      'Wherever you live',
      'If you are in the European Economic Area or the United Kingdom',
      'If you are in California',
    ]);
    expect(rights[0]!.items[1]).toMatchObject({ lead: 'Right to deletion', text: 'You can ask us to delete your personal data. To use this right: write to privacy@harbor-help.example.' });
    expect(fixture.lastUpdated).toBe('Last updated: March 15, 2024.');
    const undated = buildNotice(policyFrom(HEAD.replace("'2024-05-01'", 'v7')));
    expect(undated.lastUpdated).toBe('Version: v7.');
  });

  test('leaves out sections with nothing to say', () => {
    const notice = buildNotice(policyFrom(`${HEAD}use: [ { id: support, categories: [user.contact], purposes: [essential.service.support], says: We help you. } ]\n`));
    expect(notice.sections.map((s) => s.id)).toEqual(['who-we-are', 'how-we-use-it']);
  });

  test('locates each item where its rule is written', () => {
    expect(noticeItems(fixture).find((i) => i.rule === 'collect/registration')).toMatchObject({ at: `${FIXTURE}:21:5` });
  });
});

describe('compactCategories', () => {
  const { taxonomy } = loadTestPolicy(FIXTURE);
  const collected = ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address', 'user.financial.credit_card'];

  test('names a family once when the list covers everything collected in it', () => {
    expect(compactCategories(taxonomy, ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address'], collected)).toEqual([
      'user.name',
      'user.contact',
    ]);
    expect(compactCategories(taxonomy, [...collected], collected)).toEqual(['user']);
  });

  test('keeps the members when one collected member is missing, or when something broader is collected', () => {
    const list = ['user.name', 'user.contact.email', 'user.contact.phone_number'];
    expect(compactCategories(taxonomy, list, collected)).toEqual(list);
    expect(compactCategories(taxonomy, ['user.contact.email', 'user.contact.phone_number', 'user.contact.address'], [...collected, 'user.contact'])).toEqual([
      'user.contact.email',
      'user.contact.phone_number',
      'user.contact.address',
    ]);
  });
});
