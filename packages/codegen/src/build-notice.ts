import type {
  ChildrenClause,
  CollectRule,
  ForbidRule,
  LoadedPolicy,
  RetainRule,
  RightStatement,
  SecurityStatement,
  ShareRule,
  Taxonomy,
  TermKind,
  UseRule,
} from '@pledge/policy-spec';
import { createPhrasebook, sentence, upperFirst, type Phrasebook } from './create-phrasebook.js';

/**
 * A policy laid out as a privacy notice: the sections a reader expects, in a fixed order, each holding
 * plain sentences. The Markdown, HTML and text renderers only typeset this; they add no words of their own
 * beyond headings. Every rule of the policy is the `rule` of at least one item.
 */
export interface Notice {
  policy: { id: string; title: string; organization: string; version: string };
  title: string;
  /** `Last updated: March 15, 2024.` (or `Version: …` when the version is not a date). */
  lastUpdated: string;
  sections: NoticeSection[];
}

/** The sections, in reading order. A section with nothing to say is left out. */
export const NOTICE_SECTIONS = [
  ['who-we-are', 'Who we are'],
  ['what-we-collect', 'What we collect'],
  ['how-we-use-it', 'How we use it'],
  ['who-we-share-it-with', 'Who we share it with'],
  ['what-we-never-do', 'What we never do'],
  ['how-long-we-keep-it', 'How long we keep it'],
  ['children', 'Children'],
  ['your-rights', 'Your rights'],
  ['security', 'Security'],
  ['changes-to-this-policy', 'Changes to this policy'],
] as const;

/** The anchor of a section (also its GitHub heading slug, so Markdown links work). */
export type NoticeSectionId = (typeof NOTICE_SECTIONS)[number][0];

/** One section: optional paragraphs, then groups of items. */
export interface NoticeSection {
  id: NoticeSectionId;
  title: string;
  paragraphs: NoticeParagraph[];
  groups: NoticeGroup[];
}

/** A paragraph of prose; `rule` when it states a rule (children, changes). */
export interface NoticeParagraph {
  text: string;
  rule?: string;
}

/** A titled group inside a section (a kind of data, a purpose, a recipient, a jurisdiction). */
export interface NoticeGroup {
  title?: string;
  /** A sentence that explains the title (the taxonomy description of the group's term). */
  intro?: string;
  items: NoticeItem[];
  /** What the group's recipients may not do (forbid rules that name them), listed after the items. */
  limits?: NoticeItem[];
}

/** One statement, usually one rule: its `says:` sentence followed by what the rule covers and requires. */
export interface NoticeItem {
  /** A short bold lead-in (the name of a right). */
  lead?: string;
  text: string;
  /** The rule reference: `use/newsletter`, `rights/erasure`, `security/encryption`. */
  rule: string;
  /** Where the rule is written: `policies/x.yaml:12:5`. */
  at: string;
  /** Terms the item names, each with its description (the kinds of data a collect rule gathers). */
  terms?: { label: string; description: string }[];
}

/** Lays a loaded policy out as a notice. Deterministic: the same policy always gives the same notice. */
export function buildNotice(policy: LoadedPolicy): Notice {
  const { document: doc, taxonomy } = policy;
  const say = withCompactData(createPhrasebook(taxonomy), taxonomy, (doc.collect ?? []).flatMap((r) => r.categories));
  const at = (path: (string | number)[]) => {
    const loc = policy.locate(path);
    return `${loc.file}:${loc.line}:${loc.column}`;
  };
  const header = doc.policy;
  const date = say.date(header.version);
  const sections: NoticeSection[] = [];
  const add = (id: NoticeSectionId, paragraphs: NoticeParagraph[], groups: NoticeGroup[]) => {
    if (paragraphs.length === 0 && groups.every((g) => g.items.length === 0)) return;
    const title = NOTICE_SECTIONS.find(([sid]) => sid === id)![1];
    sections.push({ id, title, paragraphs, groups: groups.filter((g) => g.items.length > 0) });
  };

  // Who we are.
  const intro: NoticeParagraph[] = [];
  if (header.about) intro.push({ text: sentence(header.about) });
  intro.push({
    text: `This notice explains what personal data ${header.organization} collects, why, who receives it, how long it is kept and what you can do about it.`,
  });
  if (header.contact) intro.push({ text: `Questions about your privacy: ${header.contact.trim().replace(/[^.!?]$/, '$&.')}` });
  add('who-we-are', intro, []);

  // What we collect: grouped by kind of data.
  const collect = (doc.collect ?? []).map((rule, index) => ({ rule, index }));
  add(
    'what-we-collect',
    [],
    groupByFamily(taxonomy, 'categories', collect, ({ rule }) => rule.categories, 2, 'all').map(({ family, members }) => ({
      title: joinedLabels(say, 'categories', family),
      items: members.map(({ rule, index }) => collectItem(say, rule, at(['collect', index]))),
    })),
  );

  // How we use it: grouped by purpose.
  const use = (doc.use ?? []).map((rule, index) => ({ rule, index }));
  add(
    'how-we-use-it',
    [],
    groupByFamily(taxonomy, 'purposes', use, ({ rule }) => rule.purposes, 1, 'first').map(({ family, members }) => {
      const group: NoticeGroup = {
        title: joinedLabels(say, 'purposes', family),
        items: members.map(({ rule, index }) => useItem(say, rule, at(['use', index]))),
      };
      const description = family.length === 1 ? say.description('purposes', family[0]!) : undefined;
      if (description) group.intro = description;
      return group;
    }),
  );

  // Who we share it with: grouped by kind of recipient, with what those recipients may not do.
  const share = (doc.share ?? []).map((rule, index) => ({ rule, index }));
  const forbid = (doc.forbid ?? []).map((rule, index) => ({ rule, index }));
  add(
    'who-we-share-it-with',
    [],
    groupByFamily(taxonomy, 'recipients', share, ({ rule }) => rule.recipients, 1, 'first').map(({ family, members }) => {
      const group: NoticeGroup = {
        title: joinedLabels(say, 'recipients', family),
        items: members.map(({ rule, index }) => shareItem(say, rule, at(['share', index]))),
      };
      const description = family.length === 1 ? say.description('recipients', family[0]!) : undefined;
      if (description) group.intro = description;
      const limits = forbid
        .filter(({ rule }) => rule.recipients?.some((f) => family.some((r) => taxonomy.overlaps('recipients', f, r))))
        .map(({ rule, index }) => ({ text: sentence(rule.says ?? forbidFallback(say, rule)), rule: `forbid/${rule.id}`, at: at(['forbid', index]) }));
      if (limits.length > 0) group.limits = limits;
      return group;
    }),
  );

  // What we never do.
  add('what-we-never-do', [], [{ items: forbid.map(({ rule, index }) => forbidItem(say, rule, at(['forbid', index]))) }]);

  // How long we keep it.
  add('how-long-we-keep-it', [], [{ items: (doc.retain ?? []).map((rule, index) => retainItem(say, rule, at(['retain', index]))) }]);

  // Children.
  if (doc.children) add('children', [{ text: childrenText(say, doc.children), rule: 'children' }], []);

  // Your rights, by where you live.
  add('your-rights', [], rightsGroups(say, doc.rights ?? [], at));

  // Security.
  add('security', [], [{ items: (doc.security ?? []).map((s, index) => securityItem(say, s, at(['security', index]))) }]);

  // Changes to this policy.
  if (doc.changes) {
    const notify = NOTIFY_SENTENCES[doc.changes.notify];
    // The says sentence states the promise; the generated one stands in only when there is none.
    const text = doc.changes.says ? sentence(doc.changes.says) : notify;
    add('changes-to-this-policy', [{ text, rule: 'changes' }], []);
  }

  return {
    policy: { id: header.id, title: header.title, organization: header.organization, version: header.version },
    title: header.title,
    lastUpdated: date ? `Last updated: ${date}.` : `Version: ${header.version}.`,
    sections,
  };
}

const NOTIFY_SENTENCES = {
  before: 'We will tell you before any change to this policy takes effect.',
  before_less_protective: 'If a change would protect your data less, we will tell you before it takes effect.',
  on_posting: 'A change takes effect when we post it here, so please check this page from time to time.',
  choice_before_material_change: 'Before an important change applies to your data, we will ask you to choose whether to accept it.',
} as const;

// The whole item text: the rule's own sentence, then what it covers, then its conditions and duties.
function itemText(says: string | undefined, fallback: string, details: readonly string[]): string {
  const first = says === undefined ? sentence(fallback) : sentence(says);
  return [first, ...details.filter((d) => d !== '' && d !== first)].join(' ');
}

// Conditions every allow rule may narrow on, as sentences.
function conditionSentences(say: Phrasebook, rule: CollectRule | UseRule | ShareRule, verb: string): string[] {
  const out: string[] = [];
  if (rule.requires) out.push(`We ${verb} this only with ${say.consent(rule.requires.consent)}.`);
  if (rule.subjects) out.push(`This applies only to ${say.subjects(rule.subjects)}.`);
  if (rule.jurisdictions) out.push(`This applies only to people in ${say.jurisdictions(rule.jurisdictions)}.`);
  if (rule.identifiability) out.push(`The data is used only in ${say.identifiability(rule.identifiability)} form.`);
  for (const obligation of rule.obligations ?? []) out.push(say.obligation(obligation));
  return out;
}

function collectItem(say: Phrasebook, rule: CollectRule, at: string): NoticeItem {
  const what = say.categories(rule.categories);
  const from = rule.sources ? `, ${say.sources(rule.sources)}` : '';
  const item: NoticeItem = {
    text: itemText(rule.says, `${what}${from}.`, [
      rule.says === undefined ? '' : `This covers ${what}${from}.`,
      ...conditionSentences(say, rule, 'collect').map((s) => s.replace(/^The data is used only/, 'We collect it only')),
    ]),
    rule: `collect/${rule.id}`,
    at,
  };
  const terms = rule.categories.flatMap((id) => {
    const description = say.description('categories', id);
    return description ? [{ label: say.label('categories', id), description }] : [];
  });
  if (terms.length > 0) item.terms = terms;
  return item;
}

function useItem(say: NoticePhrasebook, rule: UseRule, at: string): NoticeItem {
  const scope = `${say.data(rule.categories)} for ${say.purposes(rule.purposes)}`;
  const from = rule.sources ? ` (data ${say.sources(rule.sources)})` : '';
  return {
    text: itemText(rule.says, `We use ${scope}${from}.`, [
      rule.says === undefined ? '' : `This covers ${scope}${from}.`,
      ...conditionSentences(say, rule, 'do'),
    ]),
    rule: `use/${rule.id}`,
    at,
  };
}

function shareItem(say: NoticePhrasebook, rule: ShareRule, at: string): NoticeItem {
  const scope = `${say.data(rule.categories)} with ${say.recipients(rule.recipients)} for ${say.purposes(rule.purposes)}`;
  const from = rule.sources ? ` (data ${say.sources(rule.sources)})` : '';
  return {
    text: itemText(rule.says, `We share ${scope}${from}.`, [
      rule.says === undefined ? '' : `This covers sharing ${scope}${from}.`,
      ...conditionSentences(say, rule, 'do').map((s) => s.replace(/^The data is used only/, 'The data is shared only')),
    ]),
    rule: `share/${rule.id}`,
    at,
  };
}

const ACTION_VERBS = { collect: 'collect', use: 'use', share: 'share', retain: 'keep' } as const;
const ACTION_GERUNDS = { collect: 'collecting', use: 'using', share: 'sharing', retain: 'keeping' } as const;

// What a forbid rule rules out, from its dimensions: `share your payment card details with advertisers`.
// Without `actions`, it reads `share … with` when it names recipients and `use … for` otherwise.
function forbidScope(say: NoticePhrasebook, rule: ForbidRule, verbs: Record<'collect' | 'use' | 'share' | 'retain', string>): string {
  const actions = rule.actions ?? [rule.recipients ? 'share' : 'use'];
  let text = `${say.list(actions.map((a) => verbs[a]), 'or')} ${say.data(rule.categories, 'or')}`;
  if (rule.identifiability) text += ` in ${say.identifiability(rule.identifiability)} form`;
  if (rule.sources) text += ` ${say.sources(rule.sources)}`;
  if (rule.recipients) text += ` with ${say.list(rule.recipients.map((r) => say.term('recipients', r)), 'or')}`;
  if (rule.purposes) text += ` for ${say.purposes(rule.purposes)}`;
  if (rule.subjects) text += ` about ${say.subjects(rule.subjects)}`;
  if (rule.jurisdictions) text += ` of people in ${say.jurisdictions(rule.jurisdictions)}`;
  return text;
}

function forbidFallback(say: NoticePhrasebook, rule: ForbidRule): string {
  return `We never ${forbidScope(say, rule, ACTION_VERBS)}.`;
}

function forbidItem(say: NoticePhrasebook, rule: ForbidRule, at: string): NoticeItem {
  // The says sentence is the promise; the generated one states exactly what the rule covers.
  const scope = rule.says === undefined ? '' : `This rules out ${forbidScope(say, rule, ACTION_GERUNDS)}.`;
  return { text: itemText(rule.says, forbidFallback(say, rule), [scope]), rule: `forbid/${rule.id}`, at };
}

function retainItem(say: NoticePhrasebook, rule: RetainRule, at: string): NoticeItem {
  const what = say.data(rule.categories);
  const it = say.pronoun(rule.categories);
  const narrowing: string[] = [];
  if (rule.purposes) narrowing.push(`when it is used for ${say.purposes(rule.purposes)}`);
  if (rule.recipients) narrowing.push(`when it is held by ${say.recipients(rule.recipients)}`);
  if (rule.sources) narrowing.push(`when it is ${say.sources(rule.sources)}`);
  if (rule.subjects) narrowing.push(`about ${say.subjects(rule.subjects)}`);
  if (rule.jurisdictions) narrowing.push(`of people in ${say.jurisdictions(rule.jurisdictions)}`);
  if (rule.identifiability) narrowing.push(`in ${say.identifiability(rule.identifiability)} form`);
  const scope = narrowing.length > 0 ? ` ${narrowing.join(', ')}` : '';
  const limit =
    rule.at_most === 'purpose'
      ? `only as long as we need ${it} for the purpose we collected ${it} for`
      : `for no longer than ${say.duration(rule.at_most)}`;
  // With a says sentence, the detail names what it covers and the limit only when it is a duration: "only as long
  // as needed" is what such a sentence says in its own words.
  const detail = rule.at_most === 'purpose' ? `This covers ${what}${scope}.` : `This covers ${what}${scope}, kept ${limit}.`;
  return { text: itemText(rule.says, `We keep ${what}${scope} ${limit}.`, [rule.says === undefined ? '' : detail]), rule: `retain/${rule.id}`, at };
}

function childrenText(say: Phrasebook, children: ChildrenClause): string {
  const who = `If you are under ${children.under}`;
  let rule = children.unless_consent
    ? `${who}, we handle your data only with ${say.consentTerm(children.unless_consent)}`
    : `${who}, we do not handle your data`;
  if (children.exempt_purposes) rule += `, except for ${say.purposes(children.exempt_purposes)}`;
  rule += '.';
  return children.says ? `${sentence(children.says)} ${rule}` : rule;
}

function rightsGroups(say: Phrasebook, rights: readonly RightStatement[], at: (path: (string | number)[]) => string): NoticeGroup[] {
  const groups = new Map<string, NoticeGroup>();
  rights.forEach((right, index) => {
    const key = right.jurisdictions ? [...right.jurisdictions].join(' ') : '';
    let group = groups.get(key);
    if (!group) {
      group = { title: right.jurisdictions ? `If you are in ${say.jurisdictions(right.jurisdictions)}` : 'Wherever you live', items: [] };
      groups.set(key, group);
    }
    const parts = [sentence(right.says ?? say.description('rights', right.right) ?? `You have the ${say.term('rights', right.right)}.`)];
    if (right.how) parts.push(`To use this right: ${right.how.trim().replace(/[^.!?]$/, '$&.')}`);
    group.items.push({ lead: say.label('rights', right.right), text: parts.join(' '), rule: `rights/${right.id ?? right.right}`, at: at(['rights', index]) });
  });
  // Rights for everyone first, then by place in document order.
  return [...groups.entries()].sort(([a], [b]) => Number(a !== '') - Number(b !== '')).map(([, g]) => g);
}

function securityItem(say: NoticePhrasebook, statement: SecurityStatement, at: string): NoticeItem {
  const scope = statement.categories ? `This covers ${say.data(statement.categories)}.` : '';
  const fallback = `Security measure: ${statement.id.replace(/_/g, ' ')}.`;
  return { text: itemText(statement.says, fallback, [scope]), rule: `security/${statement.id}`, at };
}

/** The phrasebook with one more phrase that needs the whole policy: a short name for a list of categories. */
interface NoticePhrasebook extends Phrasebook {
  /**
   * `your name, contact details and payment card details`: like `categories`, but a family whose collected
   * members the list covers entirely is named once by its own label (`contact details` for email, phone and
   * address when those are all the contact details the policy collects). Lists of three or fewer stay as written.
   */
  data(ids: readonly string[] | undefined, conjunction?: 'and' | 'or'): string;
}

function withCompactData(say: Phrasebook, taxonomy: Taxonomy, collected: readonly string[]): NoticePhrasebook {
  return { ...say, data: (ids, conjunction) => say.categories(ids && ids.length > 3 ? compactCategories(taxonomy, ids, collected) : ids, conjunction) };
}

/**
 * Replaces, bottom-up, the members of a family by the family itself when the list covers every collected term
 * below that family and at least two of them. Terms outside what the policy collects stay as they are. Keeps the
 * order of first appearance.
 */
export function compactCategories(taxonomy: Taxonomy, ids: readonly string[], collected: readonly string[]): string[] {
  const within = (id: string, container: string) => taxonomy.isWithin('categories', id, container);
  let list = [...new Set(ids)];
  for (;;) {
    const covered = (term: string) => list.some((id) => within(term, id));
    // The deepest family of a listed term that can stand for its members: the list covers every collected term
    // that overlaps it (so nothing broader is collected), two or more collected terms lie strictly below it, and
    // the list names two or more of them.
    const parent = [...new Set(list.flatMap((id) => taxonomy.ancestors('categories', id).slice(1)))]
      .sort((a, b) => b.split('.').length - a.split('.').length || a.localeCompare(b))
      .find((p) => {
        const related = collected.filter((c) => taxonomy.overlaps('categories', c, p));
        return (
          !covered(p) &&
          related.every(covered) &&
          related.filter((c) => c !== p && within(c, p)).length >= 2 &&
          list.filter((id) => within(id, p)).length >= 2
        );
      });
    if (parent === undefined) return list;
    const next: string[] = [];
    for (const id of list) {
      if (!within(id, parent)) next.push(id);
      else if (!next.includes(parent)) next.push(parent);
    }
    list = next;
  }
}

interface Grouped<T> {
  /** The family terms that name the group, in taxonomy order. */
  family: string[];
  members: T[];
}

/**
 * Groups rules by the families of the terms they name: a term's family is its ancestor at `depth`
 * (`user.contact.email` → `user.contact` at depth 2). With `by: 'first'` a rule joins the family of its first
 * term (the purpose or recipient its author put first); with `by: 'all'` rules naming the same set of families
 * share a group (what we collect: "Name and contact details"). Groups follow taxonomy order; rules keep
 * document order inside a group.
 */
function groupByFamily<T>(
  taxonomy: Taxonomy,
  kind: TermKind,
  rules: readonly T[],
  termsOf: (rule: T) => readonly string[],
  depth: number,
  by: 'first' | 'all',
): Grouped<T>[] {
  const order = new Map(taxonomy.terms(kind).map((t, i) => [t.id, i]));
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const familyOf = (id: string) => id.split('.').slice(0, depth).join('.');
  const groups = new Map<string, Grouped<T>>();
  for (const rule of rules) {
    const terms = by === 'first' ? termsOf(rule).slice(0, 1) : termsOf(rule);
    const family = [...new Set(terms.map(familyOf))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const key = family.join(' ');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { family, members: [] }));
    group.members.push(rule);
  }
  const compare = (a: Grouped<T>, b: Grouped<T>) => {
    for (let i = 0; i < Math.min(a.family.length, b.family.length); i++) {
      const d = rank(a.family[i]!) - rank(b.family[i]!) || a.family[i]!.localeCompare(b.family[i]!);
      if (d !== 0) return d;
    }
    return a.family.length - b.family.length;
  };
  return [...groups.values()].sort(compare);
}

function joinedLabels(say: Phrasebook, kind: TermKind, ids: readonly string[]): string {
  return upperFirst(say.list(ids.map((id, i) => (i === 0 ? say.label(kind, id) : say.term(kind, id)))));
}

