import { describe, expect, test } from 'vitest';
import { createCedarDecider } from '../engine/create-cedar-decider.js';
import { loadSeed } from './load-seed.js';

const policy = loadSeed('accounting-def');
// A tiny policy set: enough to see how requests are built and answered.
const cedar = createCedarDecider(
  'translation-test',
  {
    'use/contact': 'permit (principal, action == Action::"use", resource) when { resource in Category::"user.contact" && context.purpose in Purpose::"essential.service" };',
    'forbid/unknown': 'forbid (principal, action, resource) unless { resource in Category::"*" };',
    'forbid/children': 'forbid (principal, action, resource) when { context has age && context.age < 13 };',
  },
  policy.taxonomy,
);

describe('createCedarDecider', () => {
  test('rejects policies that do not parse', () => {
    expect(() => createCedarDecider('broken', { a: 'permit (principal, action, resource' }, policy.taxonomy)).toThrow(/do not parse/);
  });

  test('builds the request from the flow, with the defaults filled in', () => {
    const call = cedar.toCall({ category: 'user.contact.email', purpose: 'essential.service.support', consent: ['remote_access', 'marketing'] });
    expect(call.principal).toEqual({ type: 'Recipient', id: 'first_party' });
    expect(call.action).toEqual({ type: 'Action', id: 'use' });
    expect(call.resource).toEqual({ type: 'Category', id: 'user.contact.email' });
    expect(call.context['identifiability']).toEqual({ __entity: { type: 'Identifiability', id: 'identified' } });
    expect(call.context['consent']).toEqual([
      { __entity: { type: 'Consent', id: 'remote_access' } },
      { __entity: { type: 'Purpose', id: 'marketing' } },
    ]);
    const category = call.entities.find((e) => 'type' in e.uid && e.uid.type === 'Category');
    expect(category?.parents).toEqual([
      { type: 'Category', id: 'user.contact' },
      { type: 'Category', id: 'user' },
      { type: 'Category', id: '*' },
    ]);
    expect(cedar.toCall({ category: 'user.name', purpose: 'analytics', recipient: 'processor' }).action).toEqual({ type: 'Action', id: 'share' });
  });

  test('answers through the hierarchy, and a term outside the taxonomy has no entity', () => {
    expect(cedar.decide(cedar.toCall({ category: 'user.contact.email', purpose: 'essential.service.support' }))).toBe('allow');
    expect(cedar.decide(cedar.toCall({ category: 'user.contact.email', purpose: 'analytics' }))).toBe('deny');
    const unknown = cedar.toCall({ category: 'user.contact.emial', purpose: 'essential.service.support' });
    expect(unknown.entities.some((e) => 'id' in e.uid && e.uid.id === 'user.contact.emial')).toBe(false);
    expect(cedar.decide(unknown)).toBe('deny');
    expect(cedar.explain(unknown)).toEqual(['forbid/unknown']);
  });

  test('passes ages as whole years and retention in days', () => {
    const call = cedar.toCall({ category: 'user.contact.email', purpose: 'essential.service.support', subject: { age: 12.9 }, retention: 'P1Y' });
    expect(call.context['age']).toBe(12);
    expect(call.context['retentionDays']).toBe(365);
    expect(cedar.decide(call)).toBe('deny');
  });
});
