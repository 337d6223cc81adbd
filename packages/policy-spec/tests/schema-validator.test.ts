import { describe, expect, it } from 'vitest';
import { parseYaml } from '../src/parse-yaml.js';
import { isPolicyDocument, policySchema, validateSchema } from '../src/schema-validator.js';
import { createSourceMap } from '../src/source-map.js';

const HEAD = `pledge: 1
policy: { id: p, title: T, organization: O, version: v1 }
`;

/** Schema diagnostics of `body` after the two header lines, as `CODE line:col` plus the diagnostics themselves. */
function check(body: string) {
  const text = HEAD + body;
  const parsed = parseYaml(text, 'p.yaml');
  if (!parsed.doc) throw new Error(JSON.stringify(parsed.diagnostics));
  const diagnostics = validateSchema(parsed.doc.toJS(), createSourceMap('p.yaml', parsed.doc, parsed.lines));
  return { found: diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`), diagnostics };
}

describe('policySchema', () => {
  it('is the draft 2020-12 schema shipped in schema/policy.schema.json', () => {
    expect(policySchema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(policySchema['title']).toBe('PolicyDocument');
  });
});

describe('isPolicyDocument', () => {
  it('accepts the smallest policy and rejects what the schema does not allow', () => {
    const header = { id: 'p', title: 'T', organization: 'O', version: 'v1' };
    expect(isPolicyDocument({ pledge: 1, policy: header })).toBe(true);
    expect(isPolicyDocument({ pledge: 2, policy: header })).toBe(false);
    expect(isPolicyDocument({ pledge: 1 })).toBe(false);
    expect(isPolicyDocument({ pledge: 1, policy: header, extra: true })).toBe(false);
    expect(isPolicyDocument([])).toBe(false);
    expect(isPolicyDocument(null)).toBe(false);
  });

  it('accepts the rule ids of DESIGN.md, with hyphens (`no-sale`, `under-13`)', () => {
    const header = { id: 'p', title: 'T', organization: 'O', version: 'v1' };
    expect(isPolicyDocument({ pledge: 1, policy: header, forbid: [{ id: 'no-sale', purposes: ['sale_of_data'] }], children: { id: 'under-13', under: 13 } })).toBe(true);
    expect(isPolicyDocument({ pledge: 1, policy: header, forbid: [{ id: 'No Sale', purposes: ['sale_of_data'] }] })).toBe(false);
  });
});

describe('validateSchema', () => {
  it('passes a valid document with no diagnostics', () => {
    expect(check('use:\n  - { id: a, categories: [user.name], purposes: [analytics] }\n').found).toEqual([]);
  });

  it('puts an unknown key at the key, with a did-you-mean', () => {
    const r = check('colect: []\n');
    expect(r.found).toEqual(['PLG002 3:1']);
    expect(r.diagnostics[0]!.help).toBe('did you mean `collect`?');
    expect(r.diagnostics[0]!.message).toBe('unknown key `colect` in the document');
  });

  it('lists the allowed keys when no key is close', () => {
    const r = check('children: { under: 13, zzz: 1 }\n');
    expect(r.found).toEqual(['PLG002 3:24']);
    expect(r.diagnostics[0]!.help).toMatch(/^allowed keys: `id`, `under`, `unless_consent`/);
  });

  it('puts a missing required key at the object that lacks it', () => {
    const r = check('use:\n  - id: a\n    categories: [user.name]\n');
    expect(r.found).toEqual(['PLG002 4:5']);
    expect(r.diagnostics[0]!.message).toBe('`use[0]` is missing the required key `purposes`');
  });

  it('names the wrong type and the value found', () => {
    const r = check('use:\n  - { id: a, categories: user.name, purposes: [analytics] }\n');
    expect(r.found).toEqual(['PLG002 4:26']);
    expect(r.diagnostics[0]!.message).toBe('`use[0].categories` must be a list, not `user.name`');
    expect(r.diagnostics[0]!.help).toMatch(/list/);
    expect(check('children: { under: "13" }\n').diagnostics[0]!.message).toBe('`children.under` must be a whole number, not `13`');
    expect(check('children: { under: 30 }\n').diagnostics[0]!.message).toBe('`children.under` must be at most 21');
  });

  it('says one thing about a value that fits none of the alternatives, not one per alternative', () => {
    // requires.consent: `purpose` or a list of terms.
    const consent = check('use:\n  - { id: a, categories: [user.name], purposes: [analytics], requires: { consent: purpse } }\n');
    expect(consent.found).toEqual(['PLG002 4:83']);
    expect(consent.diagnostics[0]!.message).toBe('`use[0].requires.consent` must be `purpose` or a list, not `purpse`');
    expect(consent.diagnostics[0]!.help).toBe('did you mean `purpose`?');
    // An obligation: a term, or { kind, duration }.
    expect(check('use:\n  - { id: a, categories: [user.name], purposes: [analytics], obligations: [42] }\n').diagnostics.map((d) => d.message)).toEqual([
      '`use[0].obligations[0]` must be text or a mapping of keys to values, not `42`',
    ]);
  });

  it('reports the alternative the value was meant for, when its shape fits one', () => {
    // A mapping obligation: the mapping alternative's complaint, not "must be text".
    const extra = check('use:\n  - { id: a, categories: [user.name], purposes: [analytics], obligations: [{ kind: encrypt, level: high }] }\n');
    expect(extra.found).toEqual(['PLG002 4:93']);
    expect(extra.diagnostics[0]!.message).toBe('unknown key `level` in `use[0].obligations[0]`');
    const noKind = check('use:\n  - { id: a, categories: [user.name], purposes: [analytics], obligations: [{ duration: P1Y }] }\n');
    expect(noKind.diagnostics.map((d) => d.message)).toEqual(['`use[0].obligations[0]` is missing the required key `kind`']);
    // A list of citations with a number in it: the item is wrong, not the list.
    const cites = check('use:\n  - { id: a, categories: [user.name], purposes: [analytics], cites: [intro, 3] }\n');
    expect(cites.found).toEqual(['PLG002 4:77']);
    expect(cites.diagnostics[0]!.message).toBe('`use[0].cites[1]` must be text, not `3`');
  });

  it('reports malformed durations as PLG005, whether text or a bare number', () => {
    const words = check('retain:\n  - { id: r, categories: [user.name], at_most: 30 days }\n');
    expect(words.found).toEqual(['PLG005 4:48']);
    expect(words.diagnostics[0]!.message).toBe('`retain[0].at_most` is `30 days`, not an ISO 8601 duration');
    const number = check('retain:\n  - { id: r, categories: [user.name], at_most: 365 }\n');
    expect(number.found).toEqual(['PLG005 4:48']);
    expect(number.diagnostics[0]!.message).toBe('`retain[0].at_most` must be `purpose` or an ISO 8601 duration such as `P1Y`, not `365`');
    expect(check('use:\n  - { id: a, categories: [user.name], purposes: [analytics], obligations: [{ kind: retain_at_most, duration: 1Y }] }\n').found).toEqual(['PLG005 4:110']);
  });

  it('names the kind of identifier a pattern expects', () => {
    expect(check('use:\n  - { id: a, categories: [User.Name], purposes: [analytics] }\n').diagnostics[0]!.message).toBe(
      '`use[0].categories[0]` is `User.Name`, not a valid term id',
    );
    expect(check('use:\n  - { id: A, categories: [user.name], purposes: [analytics] }\n').diagnostics[0]!.message).toBe('`use[0].id` is `A`, not a valid rule id');
    expect(check('rights:\n  - { right: access, jurisdictions: [eea] }\n').diagnostics[0]!.help).toMatch(/ISO 3166/);
    const policyId = check('').diagnostics;
    expect(policyId).toEqual([]);
    const text = 'pledge: 1\npolicy: { id: Bad_Id, title: T, organization: O, version: v1 }\n';
    const parsed = parseYaml(text, 'p.yaml');
    const d = validateSchema(parsed.doc!.toJS(), createSourceMap('p.yaml', parsed.doc!, parsed.lines!));
    expect(d.map((x) => `${x.line}:${x.column} ${x.message}`)).toEqual(['2:15 `policy.id` is `Bad_Id`, not a valid policy id']);
  });

  it('puts a badly named taxonomy term at its key', () => {
    const r = check('taxonomy:\n  categories:\n    user.Pets: { label: Pets }\n  jurisdictions:\n    nordics: { label: Nordics }\n');
    expect(r.found).toEqual(['PLG002 5:5', 'PLG002 7:5']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '`user.Pets` in `taxonomy.categories` is not a valid term id',
      '`nordics` in `taxonomy.jurisdictions` is not a valid jurisdiction code',
    ]);
  });

  it('suggests the closest value of a closed list', () => {
    const r = check('changes: { notify: befor }\nforbid:\n  - { id: f, actions: [sell] }\n');
    expect(r.found).toEqual(['PLG002 3:20', 'PLG002 5:24']);
    expect(r.diagnostics[0]!.help).toBe('did you mean `before`?');
    expect(r.diagnostics[1]!.message).toMatch(/^`forbid\[0\].actions\[0\]` must be one of `collect`, `use`, `share`, `retain`, not `sell`$/);
  });

  it('reports a forbid rule with only an id', () => {
    expect(check('forbid:\n  - { id: f }\n').diagnostics.map((d) => d.message)).toEqual(['`forbid[0]` names nothing to forbid']);
  });

  it('orders findings by position and shows at most 101 of thousands (the loader marks the cut)', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\n';
    const started = performance.now();
    const r = check(body);
    expect(performance.now() - started).toBeLessThan(10_000); // only a quadratic selection breaks this
    expect(r.found).toHaveLength(101);
    expect(r.found.slice(0, 3)).toEqual(['PLG002 3:1', 'PLG002 4:1', 'PLG002 5:1']);
  });

  it('shortens a very long key in its message', () => {
    const r = check(`${'k'.repeat(500)}: 1\n`);
    expect(r.diagnostics[0]!.message.length).toBeLessThan(120);
  });
});
