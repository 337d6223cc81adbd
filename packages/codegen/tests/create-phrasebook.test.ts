import { describe, expect, test } from 'vitest';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { createPhrasebook, joinList, sentence } from '../src/create-phrasebook.js';
import { HEAD } from './fixtures/policies.js';

const policy = policyFrom(`${HEAD}
taxonomy:
  consents:
    beta_program: { label: Beta program, description: Taking part in our beta program. }
  obligations:
    log_access: { label: Access log }
`);
const say = createPhrasebook(policy.taxonomy);

describe('createPhrasebook', () => {
  test('names terms by their labels, lowercased inside a sentence unless they start with an acronym', () => {
    expect(say.label('purposes', 'essential.service.support')).toBe('Customer support');
    expect(say.term('purposes', 'essential.service.support')).toBe('customer support');
    expect(say.term('categories', 'user.device.ip_address')).toBe('IP address');
    expect(say.term('categories', 'user.no_such_term')).toBe('user.no_such_term');
    expect(say.description('categories', 'user.contact.email')).toBe('Email addresses we can reach you at.');
  });

  test('joins lists without a serial comma, dropping repeats', () => {
    expect(joinList([])).toBe('');
    expect(joinList(['a'])).toBe('a');
    expect(joinList(['a', 'b'], 'or')).toBe('a or b');
    expect(say.list(['a', 'b', 'a', 'c'])).toBe('a, b and c');
  });

  test('says `your` once for a list of categories', () => {
    expect(say.categories(['user.name', 'user.contact.email'])).toBe('your name and email address');
    expect(say.categories(['user.content', 'user.name'])).toBe('your content and name');
    expect(say.categories(['user.name', 'user.content'], 'or')).toBe('your name or content');
    expect(say.categories(undefined)).toBe('your personal data');
  });

  test('picks the pronoun of a list of categories', () => {
    expect(say.pronoun(['user.contact'])).toBe('them');
    expect(say.pronoun(['user.device'])).toBe('it');
    expect(say.pronoun(['user.name', 'user.device'])).toBe('them');
  });

  test('puts `the` before place names that take it', () => {
    expect(say.jurisdictions(['EEA', 'UK'])).toBe('the European Economic Area or the United Kingdom');
    expect(say.jurisdictions(['US-CA', 'FR'])).toBe('California or France');
    expect(say.jurisdictions(['US'])).toBe('the United States');
  });

  test('words consents: named, to a purpose, and to the flow\'s own purpose', () => {
    expect(say.consent(['remote_access'])).toBe('your consent to remote access');
    expect(say.consent(['parental', 'marketing.communications.email'])).toBe('parental consent and your consent to marketing by email');
    expect(say.consent(['beta_program'])).toBe('beta program');
    expect(say.consent('purpose')).toBe('your explicit consent for that purpose');
  });

  test('words obligations as sentences', () => {
    expect(say.obligation('unsubscribe_link')).toBe('Every marketing message includes a simple way to unsubscribe.');
    expect(say.obligation({ kind: 'retain_at_most', duration: 'P90D' })).toBe('We keep the data for no longer than 90 days.');
    expect(say.obligation({ kind: 'notify_user', duration: 'P3D' })).toBe('We tell you when this happens (within three days).');
    expect(say.obligation('log_access')).toBe('Access log.');
  });

  test('reads durations and dates', () => {
    expect(say.duration('P6M')).toBe('six months');
    expect(say.duration('P1Y6M')).toBe('one year and six months');
    expect(say.duration('P1W')).toBe('one week');
    expect(say.duration('P0D')).toBe('no time at all');
    expect(say.duration('P1Y0M2D')).toBe('one year and two days');
    expect(say.duration('forever')).toBe('forever');
    expect(say.date('2024-03-15')).toBe('March 15, 2024');
    expect(say.date('2024-02-30')).toBeUndefined();
    expect(say.date('v2')).toBeUndefined();
  });

  test('makes a sentence of a phrase', () => {
    expect(sentence('we keep it')).toBe('We keep it.');
    expect(sentence('Is it kept? ')).toBe('Is it kept?');
    expect(sentence('  ')).toBe('');
  });
});
