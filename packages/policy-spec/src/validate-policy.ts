import type { Diagnostic, DiagnosticCode } from './diagnostics.js';
import { parseDurationDays } from './duration.js';
import type { PolicyDocument } from './generated/policy.js';
import type { DocumentPath, SourceMap } from './source-map.js';
import { suggest } from './suggest.js';
import { TERM_NOUNS, type TermKind, type Taxonomy } from './taxonomy.js';

/** The sections whose entries are rules with a reference `section/id`. */
export const RULE_SECTIONS = ['collect', 'use', 'share', 'forbid', 'retain'] as const;
export type RuleSection = (typeof RULE_SECTIONS)[number];

/** Rule keys that name taxonomy terms, and the kind each names. */
export const DIMENSION_KINDS = {
  categories: 'categories',
  purposes: 'purposes',
  recipients: 'recipients',
  sources: 'sources',
  subjects: 'subjects',
  jurisdictions: 'jurisdictions',
  identifiability: 'identifiability',
} as const satisfies Record<string, TermKind>;
export type Dimension = keyof typeof DIMENSION_KINDS;

type AnyRule = Partial<Record<Dimension, string[]>> & {
  id: string;
  says?: string;
  at_most?: string;
  actions?: string[];
  requires?: { consent: 'purpose' | string[] };
  obligations?: (string | { kind: string; duration?: string })[];
};

/**
 * Semantic checks beyond the schema, on a document the schema accepted: unknown terms, duplicate ids,
 * durations, and the consistency warnings (uncollected uses, missing retention, missing `says:`, …).
 */
export function validatePolicy(doc: PolicyDocument, taxonomy: Taxonomy, map: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: DiagnosticCode, severity: Diagnostic['severity'], path: DocumentPath, message: string, help?: string) => {
    const d: Diagnostic = { code, severity, ...map.locate(path), message };
    if (help !== undefined) d.help = help;
    out.push(d);
  };
  const checkTerm = (kind: TermKind, term: string, path: DocumentPath, alsoKind?: TermKind) => {
    if (taxonomy.has(kind, term) || (alsoKind && taxonomy.has(alsoKind, term))) return;
    const candidates = [...taxonomy.terms(kind), ...(alsoKind ? taxonomy.terms(alsoKind) : [])].map((t) => t.id);
    const guess = suggest(term, candidates);
    report(
      'PLG003',
      'error',
      path,
      `unknown ${TERM_NOUNS[kind]}${alsoKind ? ` or ${TERM_NOUNS[alsoKind]}` : ''} \`${term}\``,
      guess ? `did you mean \`${guess}\`?` : `add it under \`taxonomy: ${kind}:\` with a label and description, or use a standard term`,
    );
  };
  const checkDuration = (text: string, path: DocumentPath) => {
    if (parseDurationDays(text) === undefined) {
      report('PLG005', 'error', path, `\`${text}\` is not an ISO 8601 duration in years, months, weeks or days`, 'write e.g. `P30D`, `P6M`, `P1Y`, `P2W` or `P1Y6M`');
    }
  };

  const expectedId = map.file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
  if (/\.ya?ml$/.test(map.file) && doc.policy.id !== expectedId) {
    report('PLG015', 'warning', ['policy', 'id'], `policy id \`${doc.policy.id}\` differs from the file name \`${expectedId}\``, `rename the file or set \`id: ${expectedId}\``);
  }

  for (const section of RULE_SECTIONS) {
    const rules = (doc[section] ?? []) as AnyRule[];
    const firstIndex = new Map<string, number>();
    rules.forEach((rule, index) => {
      const at: DocumentPath = [section, index];
      if (firstIndex.has(rule.id)) {
        const first = map.locate([section, firstIndex.get(rule.id)!, 'id']);
        report('PLG004', 'error', [...at, 'id'], `duplicate rule id \`${section}/${rule.id}\` (first defined at line ${first.line})`, 'give each rule in a section its own id');
      } else firstIndex.set(rule.id, index);
      for (const [dimension, kind] of Object.entries(DIMENSION_KINDS) as [Dimension, TermKind][]) {
        rule[dimension]?.forEach((term, i) => checkTerm(kind, term, [...at, dimension, i]));
      }
      if (Array.isArray(rule.requires?.consent)) {
        rule.requires.consent.forEach((term, i) => checkTerm('consents', term, [...at, 'requires', 'consent', i], 'purposes'));
      }
      rule.obligations?.forEach((o, i) => {
        const kind = typeof o === 'string' ? o : o.kind;
        checkTerm('obligations', kind, typeof o === 'string' ? [...at, 'obligations', i] : [...at, 'obligations', i, 'kind']);
        if (typeof o !== 'string' && o.duration !== undefined) checkDuration(o.duration, [...at, 'obligations', i, 'duration']);
      });
      if (rule.at_most !== undefined && rule.at_most !== 'purpose') checkDuration(rule.at_most, [...at, 'at_most']);
      if (section === 'forbid' && rule.actions === undefined && Object.keys(DIMENSION_KINDS).every((k) => rule[k as Dimension] === undefined)) {
        // The schema only counts keys; a forbid with nothing but `says:` would match every flow and deny all of them.
        report('PLG002', 'error', at, `\`forbid/${rule.id}\` names nothing to forbid`, 'name at least one of `categories`, `purposes`, `recipients`, `actions`, …');
      }
      if (rule.says === undefined) {
        report('PLG008', 'warning', at, `rule \`${section}/${rule.id}\` has no \`says:\` sentence`, 'add `says:` with the plain-language sentence readers will see');
      }
    });
  }

  if (doc.children) {
    const c = doc.children;
    if (c.unless_consent !== undefined) checkTerm('consents', c.unless_consent, ['children', 'unless_consent']);
    c.exempt_purposes?.forEach((p, i) => checkTerm('purposes', p, ['children', 'exempt_purposes', i]));
    if (c.says === undefined) report('PLG008', 'warning', ['children'], 'the `children:` section has no `says:` sentence', 'add `says:`');
  } else {
    out.push({
      code: 'PLG009',
      severity: 'warning',
      ...map.locateKey(['policy']),
      message: 'the policy has no `children:` section',
      help: 'say what happens to data about children, e.g. `children: { under: 13, unless_consent: parental }`',
    });
  }
  doc.rights?.forEach((r, i) => {
    checkTerm('rights', r.right, ['rights', i, 'right']);
    r.jurisdictions?.forEach((j, k) => checkTerm('jurisdictions', j, ['rights', i, 'jurisdictions', k]));
  });
  if (out.some((d) => d.severity === 'error')) return out;

  out.push(...checkConsistency(doc, taxonomy, map));
  return out;
}

// Warnings that relate rules to each other; they assume every term is known.
function checkConsistency(doc: PolicyDocument, taxonomy: Taxonomy, map: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const collected = (doc.collect ?? []).flatMap((r) => r.categories);
  const isCollected = (category: string) => collected.some((c) => taxonomy.overlaps('categories', category, c));
  for (const section of ['use', 'share'] as const) {
    (doc[section] ?? []).forEach((rule, index) => {
      rule.categories.forEach((category, i) => {
        if (!isCollected(category)) {
          out.push({
            code: 'PLG006',
            severity: 'warning',
            ...map.locate([section, index, 'categories', i]),
            message: `\`${section}/${rule.id}\` covers \`${category}\`, which no collect rule collects`,
            help: 'add a collect rule for it, or remove it from this rule',
          });
        }
      });
    });
  }
  const retained = (doc.retain ?? []).flatMap((r) => r.categories);
  (doc.collect ?? []).forEach((rule, index) => {
    rule.categories.forEach((category, i) => {
      // Retention on the category or on anything that contains it counts; a cap on only some children does not.
      if (!retained.some((r) => taxonomy.isWithin('categories', category, r))) {
        out.push({
          code: 'PLG007',
          severity: 'warning',
          ...map.locate(['collect', index, 'categories', i]),
          message: `\`${category}\` is collected by \`collect/${rule.id}\` but no retain rule says how long it is kept`,
          help: 'add a retain rule, e.g. `{ id: …, categories: [' + category + '], at_most: purpose }`',
        });
      }
    });
  });
  out.push(...findShadowedRules(doc, taxonomy, map));
  return out;
}

const SECTION_ACTION = { collect: 'collect', use: 'use', share: 'share' } as const;

// An allow rule is dead when one forbid rule overlaps every flow it could allow: on each dimension the forbid
// names, every value the allow rule admits lies inside a forbid value (or the allow leaves that dimension open,
// which flows can only reach by stating values the forbid may not cover, so an omitted allow dimension is not covered).
function findShadowedRules(doc: PolicyDocument, taxonomy: Taxonomy, map: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const section of ['collect', 'use', 'share'] as const) {
    ((doc[section] ?? []) as AnyRule[]).forEach((rule, index) => {
      for (const forbid of (doc.forbid ?? []) as AnyRule[]) {
        // A use rule also decides retain flows, so a forbid on `retain` alone leaves its use flows allowed.
        if (forbid.actions && !forbid.actions.includes(SECTION_ACTION[section])) continue;
        const covers = (Object.entries(DIMENSION_KINDS) as [Dimension, TermKind][]).every(([dimension, kind]) => {
          const forbidden = forbid[dimension];
          if (!forbidden) return true;
          let allowed = rule[dimension];
          if (!allowed && dimension === 'recipients' && section !== 'share') allowed = ['first_party'];
          if (!allowed) return false;
          return allowed.every((a) => forbidden.some((f) => taxonomy.isWithin(kind, a, f)));
        });
        if (covers) {
          out.push({
            code: 'PLG010',
            severity: 'warning',
            ...map.locate([section, index]),
            message: `\`${section}/${rule.id}\` can never allow anything: \`forbid/${forbid.id}\` covers it entirely`,
            help: 'narrow the forbid rule, or remove this rule',
          });
          break;
        }
      }
    });
  }
  return out;
}
