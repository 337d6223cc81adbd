import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify, type ToStringOptions } from 'yaml';
import type { PolicyDocument } from '../src/generated/policy.js';
import { loadPolicy } from '../src/load-policy.js';
import { isPolicyDocument } from '../src/schema-validator.js';
import { loadStandardTaxonomy } from '../src/standard-taxonomy.js';
import type { TermKind } from '../src/taxonomy.js';

// Property: any document the schema accepts (with terms from the standard taxonomy, so it loads) round-trips
// through load → serialize (yaml stringify) → load unchanged, whatever the serializer's style choices.

const standard = loadStandardTaxonomy();
const terms = (kind: TermKind) => fc.constantFrom(...Object.keys(standard[kind] ?? {}));
const list = <T>(item: fc.Arbitrary<T>) => fc.uniqueArray(item, { minLength: 1, maxLength: 3 });

// Text a reviewer might type, with what YAML treats specially: indicators, look-alike numbers, booleans and
// nulls, dates, leading and trailing spaces, line breaks, quotes, non-ASCII and control characters.
const tricky = fc.constantFrom(
  'yes', 'no', 'NO', 'null', '~', 'true', '1.0', '0x1F', '1e3', '2024-05-01', '- item', 'key: value', '# not a comment',
  '@handle', '`tick`', '"quoted"', "'single'", ' leading', 'trailing ', 'two\nlines', 'ends with newline\n', 'tab\there',
  '*alias', '&anchor', '!tag', '%directive', '[not, a, list]', '{not: a map}', '---', '...', '|', '>', '? key', 'café — naïve',
  '日本語のテキスト', 'emoji 😀 here', 'nul\u0000byte', 'bell\u0007', 'del\u007f', '\u2028line separator', '\ufeffbom', 'crlf\r\nend',
);
const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary-ascii', maxLength: 20 }), tricky);
const sentence = text.filter((s) => s.length > 0);
const ruleId = fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/);
const duration = fc
  .record({ y: fc.nat(20), m: fc.nat(24), w: fc.nat(8), d: fc.nat(400) }, { requiredKeys: [] })
  .filter((parts) => Object.keys(parts).length > 0)
  .map(({ y, m, w, d }) => `P${y !== undefined ? `${y}Y` : ''}${m !== undefined ? `${m}M` : ''}${w !== undefined ? `${w}W` : ''}${d !== undefined ? `${d}D` : ''}`);
const cites = fc.oneof(text, fc.array(text, { maxLength: 3 }));

const notes = { says: sentence, cites, note: text };
const scope = {
  sources: list(terms('sources')),
  subjects: list(terms('subjects')),
  jurisdictions: list(terms('jurisdictions')),
  identifiability: list(terms('identifiability')),
};
const requires = fc.record({ consent: fc.oneof(fc.constant('purpose' as const), list(fc.oneof(terms('consents'), terms('purposes')))) });
const obligations = fc.array(fc.oneof(terms('obligations'), fc.record({ kind: terms('obligations'), duration }, { requiredKeys: ['kind'] })), { maxLength: 3 });
// A record with some keys always present and the others sometimes left out (never set to undefined).
const optional = (required: string[], model: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(model, { requiredKeys: required });

const collectRule = optional(['id', 'categories'], { id: ruleId, categories: list(terms('categories')), ...scope, requires, obligations, ...notes });
const useRule = optional(['id', 'categories', 'purposes'], { id: ruleId, categories: list(terms('categories')), purposes: list(terms('purposes')), ...scope, requires, obligations, ...notes });
const shareRule = optional(['id', 'categories', 'purposes', 'recipients'], {
  id: ruleId,
  categories: list(terms('categories')),
  purposes: list(terms('purposes')),
  recipients: list(terms('recipients')),
  ...scope,
  requires,
  obligations,
  ...notes,
});
// A forbid rule must name something to forbid: its purposes here, the rest at random.
const forbidRule = optional(['id', 'purposes'], {
  id: ruleId,
  actions: fc.uniqueArray(fc.constantFrom('collect', 'use', 'share', 'retain'), { minLength: 1, maxLength: 4 }),
  categories: list(terms('categories')),
  purposes: list(terms('purposes')),
  recipients: list(terms('recipients')),
  ...scope,
  ...notes,
});
const retainRule = optional(['id', 'categories', 'at_most'], {
  id: ruleId,
  categories: list(terms('categories')),
  at_most: fc.oneof(fc.constant('purpose'), duration),
  purposes: list(terms('purposes')),
  recipients: list(terms('recipients')),
  ...scope,
  ...notes,
});
const rules = (rule: fc.Arbitrary<Record<string, unknown>>) => fc.uniqueArray(rule, { selector: (r) => r['id'], maxLength: 3 });

// Additions under `taxonomy:`: new terms below standard parents (the suffix keeps them new), and a new region.
const additions = fc.record(
  {
    categories: fc.dictionary(terms('categories').map((parent) => `${parent}.zz_added`), optional(['label'], { label: sentence, description: text }), { maxKeys: 2 }),
    consents: fc.dictionary(fc.stringMatching(/^zz_[a-z0-9_]{1,8}$/), optional(['label'], { label: sentence, description: text }), { maxKeys: 2 }),
    jurisdictions: fc.dictionary(
      fc.stringMatching(/^ZZ[A-Z0-9]{1,3}$/),
      optional(['label'], { label: sentence, description: text, members: fc.uniqueArray(fc.constantFrom('FR', 'DE', 'US-CA', 'EEA'), { maxLength: 3 }) }),
      { maxKeys: 2 },
    ),
  },
  { requiredKeys: [] },
);

const policyDocument = optional(['pledge', 'policy'], {
  pledge: fc.constant(1 as const),
  policy: optional(['id', 'title', 'organization', 'version'], {
    id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/),
    title: sentence,
    organization: sentence,
    version: sentence,
    source: text,
    contact: text,
    about: text,
  }),
  taxonomy: additions,
  collect: rules(collectRule),
  use: rules(useRule),
  share: rules(shareRule),
  forbid: rules(forbidRule),
  retain: rules(retainRule),
  children: optional(['under'], { id: ruleId, under: fc.integer({ min: 1, max: 21 }), unless_consent: terms('consents'), exempt_purposes: list(terms('purposes')), ...notes }),
  rights: fc.array(optional(['right'], { id: ruleId, right: terms('rights'), jurisdictions: list(terms('jurisdictions')), how: text, ...notes }), { maxLength: 3 }),
  security: fc.array(optional(['id'], { id: ruleId, categories: list(terms('categories')), ...notes }), { maxLength: 3 }),
  changes: optional(['notify'], { id: ruleId, notify: fc.constantFrom('before', 'before_less_protective', 'on_posting', 'choice_before_material_change'), ...notes }),
}) as unknown as fc.Arbitrary<PolicyDocument>;

// The serializer's style choices: a policy may be reformatted by an editor or a tool in any of these ways.
// Left out, as yaml 2.9's serializer loses data with them (its bugs, not the loader's): `indentSeq: false`
// writes an empty list as `key:\n[]`, which no YAML parser accepts; forcing block scalars (`BLOCK_FOLDED`,
// `BLOCK_LITERAL`) writes a string of spaces as an empty one. yaml still picks block scalars where it sees fit.
const styles: fc.Arbitrary<ToStringOptions> = fc.record({
  lineWidth: fc.constantFrom(0, 80),
  minContentWidth: fc.constantFrom(0, 20),
  collectionStyle: fc.constantFrom('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  defaultKeyType: fc.constantFrom(null, 'PLAIN'),
  indent: fc.constantFrom(2, 4),
});

function load(text: string, file: string): PolicyDocument {
  const { policy, diagnostics } = loadPolicy(text, file);
  if (!policy) throw new Error(`did not load:\n${diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n')}\n---\n${text}`);
  return policy.document;
}

describe('load → serialize → load', () => {
  it('generates documents the schema accepts', () => {
    fc.assert(fc.property(policyDocument, (doc) => isPolicyDocument(doc)), { numRuns: 50 });
  });

  it('gives back the same document, whatever the YAML style', () => {
    fc.assert(
      fc.property(policyDocument, styles, (doc, style) => {
        const file = `${doc.policy.id}.yaml`;
        const header = '# yaml-language-server: $schema=../packages/policy-spec/schema/policy.schema.json\n';
        const first = load(header + stringify(doc, style), file);
        expect(first).toEqual(doc);
        const second = load(header + stringify(first, style), file);
        expect(second).toEqual(first);
      }),
      { numRuns: 80 },
    );
  });
});
