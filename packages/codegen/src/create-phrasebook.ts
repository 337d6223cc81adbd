import { parseDurationDays, type Obligation, type Requires, type Taxonomy, type TermKind } from '@pledge/policy-spec';

/**
 * Turns taxonomy terms and rule conditions into English phrases, so that every generated sentence (the
 * rendered policy, explanations of decisions) names things by their labels, never by their identifiers.
 * Phrases are lowercase fragments meant for the middle of a sentence; `sentence` makes them a sentence.
 */
export interface Phrasebook {
  /** The term's label as written in the taxonomy (for headings); the id itself if the term is unknown. */
  label(kind: TermKind, id: string): string;
  /** The term's label for the middle of a sentence: `Customer support` → `customer support`, `IP address` stays. */
  term(kind: TermKind, id: string): string;
  /** The term's plain-language description, if the taxonomy has one. */
  description(kind: TermKind, id: string): string | undefined;
  /** `a`, `a and b`, `a, b and c` (no serial comma, as the taxonomy's own wording does). */
  list(items: readonly string[], conjunction?: 'and' | 'or'): string;
  /** `your name and contact details`; an empty list reads `your personal data`. `or` for negative sentences. */
  categories(ids: readonly string[] | undefined, conjunction?: 'and' | 'or'): string;
  /** The pronoun for those categories: `them` for `contact details` or several categories, else `it`. */
  pronoun(ids: readonly string[] | undefined): 'it' | 'them';
  /** `customer support or marketing by email`, to follow "for". */
  purposes(ids: readonly string[]): string;
  /** `payment processors and auditors`, to follow "with" or "to". */
  recipients(ids: readonly string[]): string;
  /** `provided by you or collected automatically`, to follow a noun. */
  sources(ids: readonly string[]): string;
  /** `customers or visitors`. */
  subjects(ids: readonly string[]): string;
  /** `the European Economic Area or California`: places, with "the" where English wants it. */
  jurisdictions(ids: readonly string[]): string;
  /** `aggregated or de-identified`, to precede "form". */
  identifiability(ids: readonly string[]): string;
  /** `your consent to marketing by email and parental consent`, or `your explicit consent for that purpose` for `purpose`. */
  consent(requires: Requires['consent']): string;
  /** One consent or purpose id as a phrase: `parental consent`, `your consent to marketing by email`. */
  consentTerm(id: string): string;
  /** A full sentence for an obligation: its description, or the retention limit in words. */
  obligation(obligation: Obligation): string;
  /** `P6M` → `six months`, `P1Y6M` → `one year and six months`; the text itself if it does not parse. */
  duration(text: string): string;
  /** `2024-03-15` → `March 15, 2024`; `undefined` unless the text is a real ISO calendar date. */
  date(text: string): string | undefined;
}

const SMALL_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DURATION_PARTS = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

// Place names English writes with "the": unions, republics, kingdoms, island groups, plural names.
const THE_WORDS = /\b(?:Union|Area|Kingdom|States|Republic|Emirates|Federation|Islands|Territories|Netherlands|Philippines|Bahamas|Gambia|Maldives|Holy See|District)\b/;

/** Creates the phrasebook for a policy's taxonomy (the standard terms plus the policy's own additions). */
export function createPhrasebook(taxonomy: Taxonomy): Phrasebook {
  const label = (kind: TermKind, id: string) => taxonomy.get(kind, id)?.label ?? id;
  const term = (kind: TermKind, id: string) => (kind === 'jurisdictions' ? place(label(kind, id)) : lowerFirst(label(kind, id)));
  const list = (items: readonly string[], conjunction: 'and' | 'or' = 'and') => joinList(unique(items), conjunction);
  const terms = (kind: TermKind, ids: readonly string[], conjunction: 'and' | 'or') => list(ids.map((id) => term(kind, id)), conjunction);

  const book: Phrasebook = {
    label,
    term,
    description: (kind, id) => taxonomy.get(kind, id)?.description,
    list,
    categories(ids, conjunction = 'and') {
      if (!ids || ids.length === 0) return 'your personal data';
      // One `your` for the whole list: `Your content` reads `content` inside it.
      return `your ${list(ids.map((id) => term('categories', id).replace(/^your /, '')), conjunction)}`;
    },
    pronoun(ids) {
      if (!ids || ids.length !== 1) return ids?.length ? 'them' : 'it';
      // A label whose last word is a plural noun (`details`, `records`) takes `them`; `data` is singular here.
      return /[^s]s$/.test(label('categories', ids[0]!)) ? 'them' : 'it';
    },
    purposes: (ids) => terms('purposes', ids, 'or'),
    recipients: (ids) => terms('recipients', ids, 'and'),
    sources: (ids) => terms('sources', ids, 'or'),
    subjects: (ids) => terms('subjects', ids, 'or'),
    jurisdictions: (ids) => terms('jurisdictions', ids, 'or'),
    identifiability: (ids) => terms('identifiability', ids, 'or'),
    consentTerm(id) {
      if (taxonomy.has('consents', id)) {
        const phrase = term('consents', id);
        return /^consent\b/.test(phrase) ? `your ${phrase}` : phrase;
      }
      return `your consent to ${term('purposes', id)}`;
    },
    consent(requires) {
      if (requires === 'purpose') return 'your explicit consent for that purpose';
      return list(requires.map((id) => book.consentTerm(id)));
    },
    obligation(obligation) {
      const kind = typeof obligation === 'string' ? obligation : obligation.kind;
      if (typeof obligation !== 'string' && obligation.duration !== undefined && kind === 'retain_at_most') {
        return `We keep the data for no longer than ${book.duration(obligation.duration)}.`;
      }
      const text = book.description('obligations', kind) ?? `${label('obligations', kind)}.`;
      if (typeof obligation !== 'string' && obligation.duration !== undefined) {
        return `${text.replace(/\.$/, '')} (within ${book.duration(obligation.duration)}).`;
      }
      return text;
    },
    duration(text) {
      const m = DURATION_PARTS.exec(text);
      if (!m || text === 'P' || parseDurationDays(text) === undefined) return text;
      const names = ['year', 'month', 'week', 'day'];
      const parts = m
        .slice(1)
        .map((value, i) => (value === undefined ? undefined : count(Number(value), names[i]!)))
        .filter((p): p is string => p !== undefined && !p.startsWith('zero '));
      return parts.length === 0 ? 'no time at all' : joinList(parts, 'and');
    },
    date(text) {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!m) return undefined;
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
      return `${MONTHS[month - 1]} ${day}, ${year}`;
    },
  };
  return book;
}

/** Joins phrases as English does: `a`, `a and b`, `a, b and c`. */
export function joinList(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** Capitalizes the first letter, for a phrase that starts a sentence or a heading. */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Makes a phrase a sentence: capital first letter, one final period (a phrase that already ends with
 * `.`, `!` or `?` keeps its own punctuation).
 */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return upperFirst(/[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`);
}

// A label starts lowercase inside a sentence unless its first word is an acronym or a name
// (`IP address`, `ISO code`): only a capital followed by lowercase letters is lowered.
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function place(name: string): string {
  return THE_WORDS.test(name) && !/^the\b/i.test(name) ? `the ${name}` : name;
}

function count(n: number, noun: string): string {
  return `${n <= 10 ? SMALL_NUMBERS[n] : String(n)} ${n === 1 ? noun : `${noun}s`}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
