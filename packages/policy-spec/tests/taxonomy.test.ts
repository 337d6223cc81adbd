import { describe, expect, it } from 'vitest';
import { buildTaxonomy, type TaxonomyData } from '../src/taxonomy.js';

const standard: TaxonomyData = {
  categories: {
    user: { label: 'Personal data' },
    'user.contact': { label: 'Contact details' },
    'user.contact.email': { label: 'Email address', description: 'Where we write to you.' },
    'user.name': { label: 'Name' },
  },
  purposes: { marketing: { label: 'Marketing' }, 'marketing.advertising': { label: 'Advertising' } },
  jurisdictions: {
    FR: { label: 'France' },
    DE: { label: 'Germany' },
    NO: { label: 'Norway' },
    US: { label: 'United States', members: ['US-CA'] },
    'US-CA': { label: 'California' },
    EU: { label: 'European Union', members: ['FR', 'DE'] },
    EEA: { label: 'European Economic Area', members: ['EU', 'NO'] },
  },
};

describe('buildTaxonomy', () => {
  const { taxonomy, conflicts } = buildTaxonomy([
    { data: standard, origin: 'standard' },
    { data: { categories: { 'user.contact.fax': { label: 'Fax' } }, consents: { newsletter: { label: 'Newsletter' } } }, origin: 'policy' },
  ]);

  it('merges the layers without conflicts, keeping labels, descriptions, members and origin', () => {
    expect(conflicts).toEqual([]);
    expect(taxonomy.get('categories', 'user.contact.email')).toEqual({
      id: 'user.contact.email',
      kind: 'categories',
      label: 'Email address',
      description: 'Where we write to you.',
      origin: 'standard',
    });
    expect(taxonomy.get('categories', 'user.contact.fax')?.origin).toBe('policy');
    expect(taxonomy.has('consents', 'newsletter')).toBe(true);
    expect(taxonomy.terms('categories').map((t) => t.id)).toEqual(['user', 'user.contact', 'user.contact.email', 'user.name', 'user.contact.fax']);
  });

  it('keeps each kind its own namespace', () => {
    expect(taxonomy.has('purposes', 'user')).toBe(false);
    expect(taxonomy.has('categories', 'marketing')).toBe(false);
  });

  it('nests dotted terms: ancestors, isWithin, overlaps', () => {
    expect(taxonomy.ancestors('categories', 'user.contact.email')).toEqual(['user.contact.email', 'user.contact', 'user']);
    expect(taxonomy.ancestors('categories', 'user.unknown')).toEqual([]);
    expect(taxonomy.isWithin('categories', 'user.contact.email', 'user.contact')).toBe(true);
    expect(taxonomy.isWithin('categories', 'user.contact', 'user.contact.email')).toBe(false);
    expect(taxonomy.isWithin('categories', 'user.name', 'user.contact')).toBe(false);
    expect(taxonomy.overlaps('categories', 'user.contact', 'user.contact.email')).toBe(true);
    expect(taxonomy.overlaps('categories', 'user.contact.email', 'user.contact')).toBe(true);
    expect(taxonomy.overlaps('categories', 'user.name', 'user.contact.email')).toBe(false);
  });

  it('puts a jurisdiction inside every region that lists it, transitively', () => {
    expect(taxonomy.ancestors('jurisdictions', 'FR')).toEqual(['FR', 'EU', 'EEA']);
    expect(taxonomy.isWithin('jurisdictions', 'NO', 'EEA')).toBe(true);
    expect(taxonomy.isWithin('jurisdictions', 'NO', 'EU')).toBe(false);
    expect(taxonomy.isWithin('jurisdictions', 'US-CA', 'US')).toBe(true);
    // Jurisdiction codes are not dotted paths: US-CA is inside US by membership only.
    expect(taxonomy.overlaps('jurisdictions', 'EEA', 'DE')).toBe(true);
  });

  it('reports a term defined twice, a term without its parent and a region with an unknown member', () => {
    const result = buildTaxonomy([
      { data: standard, origin: 'standard' },
      {
        data: {
          categories: { 'user.contact.email': { label: 'Mail' }, 'user.pets.dog': { label: 'Dog' } },
          jurisdictions: { NORDICS: { label: 'Nordics', members: ['NO', 'XX'] } },
        },
        origin: 'policy',
      },
    ]);
    expect(result.conflicts.map(({ kind, id }) => `${kind}:${id}`).sort()).toEqual([
      'categories:user.contact.email',
      'categories:user.pets.dog',
      'jurisdictions:NORDICS',
    ]);
    expect(result.conflicts.find((c) => c.id === 'user.contact.email')?.message).toContain('standard');
    expect(result.conflicts.find((c) => c.id === 'user.pets.dog')?.message).toContain('`user.pets`');
    expect(result.conflicts.find((c) => c.id === 'NORDICS')?.message).toContain('`XX`');
    // The first definition stands.
    expect(result.taxonomy.get('categories', 'user.contact.email')?.label).toBe('Email address');
  });

  it('terminates on regions that contain each other', () => {
    const { taxonomy: looped } = buildTaxonomy([
      { data: { jurisdictions: { A: { label: 'A', members: ['B'] }, B: { label: 'B', members: ['A'] } } }, origin: 'policy' },
    ]);
    expect(looped.ancestors('jurisdictions', 'A')).toEqual(['A', 'B']);
  });

  it('answers `constructor` and `__proto__` as unknown terms, not from a prototype', () => {
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(taxonomy.has('categories', id)).toBe(false);
      expect(taxonomy.get('categories', id)).toBeUndefined();
      expect(taxonomy.ancestors('categories', id)).toEqual([]);
    }
  });
});
