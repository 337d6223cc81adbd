import { describe, expect, it } from 'vitest';
import { sortDiagnostics } from '../src/diagnostics.js';
import type { PolicyDocument } from '../src/generated/policy.js';
import { parseYaml } from '../src/parse-yaml.js';
import { createSourceMap } from '../src/source-map.js';
import { loadStandardTaxonomy } from '../src/standard-taxonomy.js';
import { buildTaxonomy } from '../src/taxonomy.js';
import { validatePolicy } from '../src/validate-policy.js';

// A clean base: every collected category is used and retained, every rule says something, children are covered.
const HEAD = `pledge: 1
policy: { id: p, title: T, organization: O, version: v1 }
children: { under: 13, unless_consent: parental, says: Not for children. }
collect:
  - { id: signup, categories: [user.contact], sources: [user_provided], says: You give us contact details. }
retain:
  - { id: contact, categories: [user.contact], at_most: P1Y, says: A year at most. }
`;
// Line 8 is the first line of what a test appends.

/** `line:col` of the `n`th occurrence of `needle` in `text`: the token a diagnostic must point at. */
function at(text: string, needle: string, n = 0): string {
  let offset = -1;
  for (let i = 0; i <= n; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`no ${n + 1}th \`${needle}\``);
  }
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

function validate(body: string, file = 'p.yaml', head = HEAD) {
  const text = head + body;
  const parsed = parseYaml(text, file);
  if (!parsed.doc) throw new Error(JSON.stringify(parsed.diagnostics));
  const document = parsed.doc.toJS() as PolicyDocument;
  const { taxonomy } = buildTaxonomy([
    { data: loadStandardTaxonomy(), origin: 'standard' },
    { data: document.taxonomy ?? {}, origin: 'policy' },
  ]);
  // Sorted by position, as the loader reports them.
  const diagnostics = sortDiagnostics(validatePolicy(document, taxonomy, createSourceMap(file, parsed.doc, parsed.lines)));
  return { found: diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`), diagnostics, at: (needle: string, n = 0) => at(text, needle, n) };
}

describe('validatePolicy', () => {
  it('finds nothing in a consistent policy', () => {
    expect(validate('use:\n  - { id: account, categories: [user.contact.email], purposes: [essential.service], says: We run your account. }\n').found).toEqual([]);
  });

  describe('PLG003 unknown terms', () => {
    it('checks every dimension of a rule, at the term, with a did-you-mean', () => {
      const r = validate(
        'share:\n' +
          '  - id: pay\n' +
          '    categories: [user.contact.emial]\n' +
          '    purposes: [essential.service.billng]\n' +
          '    recipients: [processor.paymnt]\n' +
          '    sources: [user_provded]\n' +
          '    subjects: [custmer]\n' +
          '    jurisdictions: [EEA, FX]\n' +
          '    identifiability: [aggregate]\n' +
          '    says: We bill you.\n',
      );
      expect(r.found).toEqual(
        ['user.contact.emial', 'essential.service.billng', 'processor.paymnt', 'user_provded', 'custmer', 'FX', 'aggregate]'].map((t) => `PLG003 ${r.at(t)}`),
      );
      expect(r.diagnostics.map((d) => d.help)).toEqual([
        'did you mean `user.contact.email`?',
        'did you mean `essential.service.billing`?',
        'did you mean `processor.payment`?',
        'did you mean `user_provided`?',
        'did you mean `customer`?',
        // `FX` is one edit from a dozen codes: no guess.
        'add it under `taxonomy: jurisdictions:` with a label and description, or use a standard term',
        'did you mean `aggregated`?',
      ]);
      expect(r.diagnostics[0]!.message).toBe('unknown category `user.contact.emial`');
    });

    it('checks consents (named or purposes), obligations, rights, children and exempt purposes', () => {
      const r = validate(
        'use:\n' +
          '  - { id: a, categories: [user.contact], purposes: [analytics], requires: { consent: [marketing.emal, parental] }, obligations: [notify, { kind: retain_at_mst, duration: P1Y }], says: S. }\n' +
          'rights:\n' +
          '  - { right: erasre, jurisdictions: [UK], says: S. }\n',
      );
      expect(r.found).toEqual(['marketing.emal', 'notify', 'retain_at_mst', 'erasre'].map((t) => `PLG003 ${r.at(t)}`));
      expect(r.diagnostics[0]!.message).toBe('unknown consent or purpose `marketing.emal`');
      expect(r.diagnostics[3]!.help).toBe('did you mean `erasure`?');
      const children = validate('').found;
      expect(children).toEqual([]);
    });

    it('accepts terms the policy adds under `taxonomy:`, and suggests adding an unknown one there', () => {
      const added = validate(
        'taxonomy:\n  categories:\n    user.contact.pager: { label: Pager number }\n  consents:\n    beta: { label: Beta programme }\n' +
          'use:\n  - { id: a, categories: [user.contact.pager], purposes: [research], requires: { consent: [beta] }, says: S. }\n',
      );
      expect(added.found).toEqual([]);
      const unknown = validate('use:\n  - { id: a, categories: [user.contact], purposes: [astrology], says: S. }\n');
      expect(unknown.diagnostics[0]!.help).toBe('add it under `taxonomy: purposes:` with a label and description, or use a standard term');
    });

    it('accepts `requires: { consent: purpose }` and consent to a purpose', () => {
      expect(validate('use:\n  - { id: a, categories: [user.contact], purposes: [research], requires: { consent: purpose }, says: S. }\n').found).toEqual([]);
      expect(validate('use:\n  - { id: a, categories: [user.contact], purposes: [research], requires: { consent: [research] }, says: S. }\n').found).toEqual([]);
    });

    it('skips the consistency warnings while a term is unknown (they would be guesses)', () => {
      const r = validate('use:\n  - { id: a, categories: [user.financal], purposes: [research], says: S. }\n');
      expect(r.found).toEqual([`PLG003 ${r.at('user.financal')}`]);
    });
  });

  it('PLG004: a rule id used twice in one section, at the second, naming the first line', () => {
    const r = validate(
      'use:\n  - { id: a, categories: [user.contact], purposes: [research], says: S. }\n  - { id: a, categories: [user.contact], purposes: [analytics], says: S. }\n' +
        'share:\n  - { id: a, categories: [user.contact], purposes: [research], recipients: [processor], says: S. }\n',
    );
    expect(r.found).toEqual(['PLG004 10:11']);
    expect(r.diagnostics[0]!.message).toBe('duplicate rule id `use/a` (first defined at line 9)');
  });

  it('PLG005: durations that pass the schema but are not years, months, weeks or days', () => {
    const r = validate(
      'use:\n  - { id: a, categories: [user.contact], purposes: [research], obligations: [{ kind: retain_at_most, duration: PT1H }], says: S. }\n' +
        '  - { id: b, categories: [user.contact], purposes: [analytics], obligations: [{ kind: retain_at_most, duration: P1Y2 }], says: S. }\n',
      'p.yaml',
      HEAD.replace('at_most: P1Y,', 'at_most: P1W1Y,'),
    );
    expect(r.found).toEqual([`PLG005 ${r.at('P1W1Y')}`, `PLG005 ${r.at('PT1H')}`, `PLG005 ${r.at('P1Y2')}`]);
  });

  it('PLG006: a use or share rule on a category no collect rule covers (a parent or a child counts)', () => {
    const r = validate(
      'use:\n' +
        '  - { id: child, categories: [user.contact.email], purposes: [research], says: S. }\n' +
        '  - { id: parent, categories: [user], purposes: [research], says: S. }\n' +
        '  - { id: other, categories: [user.location], purposes: [research], says: S. }\n' +
        'share:\n  - { id: s, categories: [user.device.ip_address], purposes: [research], recipients: [processor], says: S. }\n',
    );
    expect(r.found).toEqual([`PLG006 ${r.at('user.location')}`, `PLG006 ${r.at('user.device.ip_address')}`]);
    expect(r.diagnostics[0]!.severity).toBe('warning');
  });

  it('PLG007: a collected category with no retain rule on it or on a category containing it', () => {
    const r = validate(
      'use:\n  - { id: a, categories: [user], purposes: [research], says: S. }\n',
      'p.yaml',
      HEAD.replace('sources: [user_provided]', 'sources: [user_provided], says: S. }\n  - { id: more, categories: [user.location, user.contact.email]'),
    );
    // Only user.location: user.contact.email is inside the retained user.contact.
    expect(r.found).toEqual([`PLG007 ${r.at('user.location')}`]);
  });

  it('PLG007: retention on only a part of a collected category does not cover it', () => {
    const r = validate('', 'p.yaml', HEAD.replace('categories: [user.contact], at_most', 'categories: [user.contact.email], at_most'));
    expect(r.found).toEqual([`PLG007 ${r.at('user.contact]')}`]);
  });

  it('PLG008: a rule or the children clause without `says:`, at the rule', () => {
    const r = validate('use:\n  - { id: a, categories: [user.contact], purposes: [research] }\nforbid:\n  - id: f\n    purposes: [sale_of_data]\n');
    expect(r.found).toEqual(['PLG008 9:5', 'PLG008 11:5']);
    const children = validate('').diagnostics;
    expect(children).toEqual([]);
    const noSays = HEAD.replace(', says: Not for children.', '');
    const parsed = parseYaml(noSays, 'p.yaml');
    const { taxonomy } = buildTaxonomy([{ data: loadStandardTaxonomy(), origin: 'standard' }]);
    const d = validatePolicy(parsed.doc!.toJS() as PolicyDocument, taxonomy, createSourceMap('p.yaml', parsed.doc!, parsed.lines!));
    expect(d.map((x) => `${x.code} ${x.line}:${x.column}`)).toEqual(['PLG008 3:11']);
  });

  it('PLG009: no `children:` section, at the `policy` key', () => {
    const text = HEAD.replace(/^children:.*\n/m, '');
    const parsed = parseYaml(text, 'p.yaml');
    const { taxonomy } = buildTaxonomy([{ data: loadStandardTaxonomy(), origin: 'standard' }]);
    const d = validatePolicy(parsed.doc!.toJS() as PolicyDocument, taxonomy, createSourceMap('p.yaml', parsed.doc!, parsed.lines!));
    expect(d.map((x) => `${x.code} ${x.severity} ${x.line}:${x.column}`)).toEqual(['PLG009 warning 2:1']);
  });

  describe('PLG010 rules a forbid rule covers entirely', () => {
    it('warns when every value of every dimension the forbid names lies inside it', () => {
      const r = validate(
        'use:\n' +
          '  - { id: ads, categories: [user.contact.email], purposes: [marketing.advertising], says: S. }\n' +
          '  - { id: mixed, categories: [user.contact.email], purposes: [marketing.advertising, research], says: S. }\n' +
          'forbid:\n  - { id: no-marketing, purposes: [marketing], says: S. }\n',
      );
      expect(r.found).toEqual(['PLG010 9:5']);
      expect(r.diagnostics[0]!.message).toBe('`use/ads` can never allow anything: `forbid/no-marketing` covers it entirely');
    });

    it('does not warn when the rule leaves open a dimension the forbid names', () => {
      const r = validate(
        'use:\n  - { id: any-source, categories: [user.contact], purposes: [research], says: S. }\n' +
          'forbid:\n  - { id: no-auto, sources: [automatic], says: S. }\n',
      );
      expect(r.found).toEqual([]);
    });

    it('counts use and collect rules as first-party, and respects the actions a forbid names', () => {
      const r = validate(
        'use:\n  - { id: a, categories: [user.contact], purposes: [research], says: S. }\n' +
          'share:\n  - { id: s, categories: [user.contact], purposes: [research], recipients: [third_party.partner], says: S. }\n' +
          'forbid:\n' +
          '  - { id: no-first-party, recipients: [first_party], actions: [share], says: S. }\n' +
          '  - { id: no-partners, recipients: [third_party], actions: [share], says: S. }\n',
      );
      // use/a is first-party but the forbid only covers sharing; share/s goes to a partner, inside third_party.
      expect(r.found).toEqual(['PLG010 11:5']);
    });
  });

  it('PLG015: a policy id that differs from the file name, only for .yaml files', () => {
    expect(validate('', 'policies/other.yaml').found).toEqual(['PLG015 2:15']);
    expect(validate('', 'policies/p.yml').found).toEqual([]);
    expect(validate('', '<stdin>').found).toEqual([]);
  });

  it('PLG002: a forbid rule that names no dimension would forbid every flow', () => {
    const r = validate('forbid:\n  - { id: everything, says: We forbid it all. }\n');
    expect(r.found).toEqual(['PLG002 9:5']);
    expect(r.diagnostics[0]!.severity).toBe('error');
  });
});
