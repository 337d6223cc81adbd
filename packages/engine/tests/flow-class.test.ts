import { describe, expect, test } from 'vitest';
import { isFlowInClass, type FlowClass } from '../src/index.js';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { HEAD } from './fixtures/policies.js';

const taxonomies = [
  policyFrom(HEAD).taxonomy,
  policyFrom(`${HEAD}taxonomy: { categories: { user.contact.email.work: { label: Work email } } }\n`).taxonomy,
];
const newsletters: FlowClass = {
  actions: ['use', 'retain'],
  categories: { inside: ['user.contact.email'] },
  purposes: { inside: ['marketing.communications.email'] },
  recipients: { inside: ['first_party'] },
  source: { inside: ['automatic'], except: true, unstated: true },
  age: [{ from: 13 }],
  consent: { given: [], notGiven: ['marketing.communications.email'] },
  retention: [{ atMost: 'P365D' }],
};
const flow = { category: 'user.contact.email', purpose: 'marketing.communications.email' };

describe('isFlowInClass', () => {
  test.each([
    ['the plain flow, defaults filled in', flow, true],
    ['a term inside the class, defined by one of the taxonomies', { ...flow, category: 'user.contact.email.work' }, true],
    ['a parent term', { ...flow, category: 'user.contact' }, false],
    ['another action', { ...flow, action: 'collect' }, false],
    ['an excluded source', { ...flow, source: 'automatic' }, false],
    ['another source', { ...flow, source: 'user_provided' }, true],
    ['a child', { ...flow, subject: { age: 12 } }, false],
    ['a given age over the limit', { ...flow, subject: { age: 13 } }, true],
    ['consent covering the one the class lacks (a parent purpose)', { ...flow, consent: ['marketing'] }, false],
    ['a consent the class does not mention', { ...flow, consent: ['parental'] }, true],
    ['a retention over the range', { ...flow, retention: 'P2Y' }, false],
    ['a retention of twelve months (360 days)', { ...flow, retention: 'P12M' }, true],
    ['a term neither taxonomy defines', { ...flow, subject: { jurisdiction: 'NOWHERE' } }, false],
    ['several categories, one of them in the class', { ...flow, category: ['user.name', 'user.contact.email'] }, true],
  ])('%s', (_, f, want) => {
    expect(isFlowInClass(newsletters, f, taxonomies)).toBe(want);
  });
});
