import type { PolicyDocument } from './generated/policy.js';

/** The kinds of taxonomy terms. Each is its own namespace. */
export const TERM_KINDS = [
  'categories',
  'purposes',
  'recipients',
  'sources',
  'subjects',
  'identifiability',
  'consents',
  'obligations',
  'rights',
  'jurisdictions',
] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** One term of each kind, for messages: `unknown ${TERM_NOUNS.categories} …` reads "unknown category …". */
export const TERM_NOUNS: Readonly<Record<TermKind, string>> = {
  categories: 'category',
  purposes: 'purpose',
  recipients: 'recipient',
  sources: 'source',
  subjects: 'subject',
  identifiability: 'identifiability level',
  consents: 'consent',
  obligations: 'obligation',
  rights: 'right',
  jurisdictions: 'jurisdiction',
};

/** One term with its human-readable label and description. */
export interface TermInfo {
  id: string;
  kind: TermKind;
  label: string;
  description?: string;
  /** Regions list the jurisdictions inside them. */
  members?: readonly string[];
  /** `standard` for the shipped taxonomy, `policy` for a policy's own `taxonomy:` additions. */
  origin: 'standard' | 'policy';
}

/** The raw shape of taxonomy data: the standard file and a policy's `taxonomy:` section share it. */
export type TaxonomyData = NonNullable<PolicyDocument['taxonomy']>;

/**
 * A resolved taxonomy: standard terms plus a policy's additions.
 * Dotted terms nest (`user.contact` contains `user.contact.email`); a region contains its members.
 */
export interface Taxonomy {
  has(kind: TermKind, id: string): boolean;
  get(kind: TermKind, id: string): TermInfo | undefined;
  /** All terms of a kind, in definition order (standard first). */
  terms(kind: TermKind): readonly TermInfo[];
  /** The term itself and every term that contains it, nearest first. Empty for an unknown term. */
  ancestors(kind: TermKind, id: string): readonly string[];
  /** True when `id` is `container` or lies inside it. */
  isWithin(kind: TermKind, id: string, container: string): boolean;
  /** True when one of the two terms contains the other (or they are equal). */
  overlaps(kind: TermKind, a: string, b: string): boolean;
}

/** A problem found while merging taxonomy data; the loader positions it. */
export interface TaxonomyConflict {
  kind: TermKind;
  id: string;
  message: string;
}

/** Builds a taxonomy from layers of data (standard first, then the policy's additions). */
export function buildTaxonomy(
  layers: readonly { data: TaxonomyData; origin: TermInfo['origin'] }[],
): { taxonomy: Taxonomy; conflicts: TaxonomyConflict[] } {
  const byKind = new Map<TermKind, Map<string, TermInfo>>(TERM_KINDS.map((k) => [k, new Map()]));
  const conflicts: TaxonomyConflict[] = [];
  for (const { data, origin } of layers) {
    for (const kind of TERM_KINDS) {
      const table = data[kind] as Record<string, { label: string; description?: string; members?: string[] }> | undefined;
      if (!table) continue;
      const terms = byKind.get(kind)!;
      for (const [id, def] of Object.entries(table)) {
        if (terms.has(id)) {
          conflicts.push({ kind, id, message: `\`${id}\` is already defined in the ${terms.get(id)!.origin} taxonomy` });
          continue;
        }
        const info: TermInfo = { id, kind, label: def.label, origin };
        if (def.description !== undefined) info.description = def.description;
        if (def.members !== undefined) info.members = def.members;
        terms.set(id, info);
      }
    }
  }
  for (const kind of TERM_KINDS) {
    const terms = byKind.get(kind)!;
    for (const info of terms.values()) {
      const dot = info.id.lastIndexOf('.');
      if (dot > 0 && !terms.has(info.id.slice(0, dot))) {
        conflicts.push({ kind, id: info.id, message: `\`${info.id}\` has no parent term \`${info.id.slice(0, dot)}\`` });
      }
      for (const member of info.members ?? []) {
        if (!terms.has(member)) conflicts.push({ kind, id: info.id, message: `region \`${info.id}\` lists unknown member \`${member}\`` });
      }
    }
  }
  return { taxonomy: createTaxonomy(byKind), conflicts };
}

function createTaxonomy(byKind: Map<TermKind, Map<string, TermInfo>>): Taxonomy {
  // Containers of each jurisdiction: the regions that list it as a member.
  const regionsOf = new Map<string, string[]>();
  for (const info of byKind.get('jurisdictions')!.values()) {
    for (const member of info.members ?? []) {
      const list = regionsOf.get(member) ?? [];
      list.push(info.id);
      regionsOf.set(member, list);
    }
  }
  const cache = new Map<string, readonly string[]>();
  const lists = new Map<TermKind, readonly TermInfo[]>();

  function computeAncestors(kind: TermKind, id: string): readonly string[] {
    const terms = byKind.get(kind)!;
    if (!terms.has(id)) return [];
    if (kind !== 'jurisdictions') {
      const out = [id];
      for (let dot = id.lastIndexOf('.'); dot > 0; dot = id.lastIndexOf('.', dot - 1)) out.push(id.slice(0, dot));
      return out;
    }
    // Breadth-first through regions; a cycle in member lists cannot loop because of `seen`.
    const seen = new Set([id]);
    const out = [id];
    for (let i = 0; i < out.length; i++) {
      for (const region of regionsOf.get(out[i]!) ?? []) {
        if (!seen.has(region)) {
          seen.add(region);
          out.push(region);
        }
      }
    }
    return out;
  }

  const taxonomy: Taxonomy = {
    has: (kind, id) => byKind.get(kind)!.has(id),
    get: (kind, id) => byKind.get(kind)!.get(id),
    terms(kind) {
      let list = lists.get(kind);
      if (!list) lists.set(kind, (list = Object.freeze([...byKind.get(kind)!.values()])));
      return list;
    },
    ancestors(kind, id) {
      const key = `${kind}\u0000${id}`;
      let list = cache.get(key);
      if (!list) cache.set(key, (list = Object.freeze(computeAncestors(kind, id))));
      return list;
    },
    isWithin: (kind, id, container) => taxonomy.ancestors(kind, id).includes(container),
    overlaps: (kind, a, b) => taxonomy.isWithin(kind, a, b) || taxonomy.isWithin(kind, b, a),
  };
  return taxonomy;
}
