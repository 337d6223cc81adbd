import { parseDurationDays, type Taxonomy, type TermKind } from '@pledge/policy-spec';
import type { FlowAction } from './types.js';

/**
 * A set of terms of one kind: every term inside one of `inside` (the term itself and the terms below it, in
 * either policy's taxonomy), plus the terms in `exactly` (themselves only, not what lies below them). With
 * `except: true` it is every other term.
 */
export interface TermSet {
  readonly inside: readonly string[];
  readonly exactly?: readonly string[];
  readonly except?: true;
}

/** A term set for a flow field the flow may leave unstated; `unstated: true` includes flows that leave it out. */
export interface OptionalTermSet extends TermSet {
  readonly unstated?: true;
}

/** Ages from `from` (default 0) up to but not including `under` (default: no limit, and flows that give no age). */
export interface AgeRange {
  readonly from?: number;
  readonly under?: number;
}

/**
 * Retention longer than `moreThan` and at most `atMost` (ISO 8601 durations, compared in days as the engine does).
 * A flow that states no retention counts as keeping the data no time: it falls in the range without `moreThan`.
 */
export interface RetentionRange {
  readonly moreThan?: string;
  readonly atMost?: string;
}

/**
 * Which consents the flow's `consent` covers. `given` and `notGiven` list consent or purpose ids (covered: the flow
 * names the id or a term containing it); `purpose` is whether it covers the flow's own purpose. Unlisted: either.
 */
export interface ConsentCondition {
  readonly given: readonly string[];
  readonly notGiven: readonly string[];
  readonly purpose?: boolean;
}

/**
 * A set of flows, as a reviewer reads it: what is done (actions), with which data, why, for whom, and the conditions
 * that matter. A condition that is absent does not narrow the set. A class is a set of single-category flows: a flow
 * naming several categories is decided as the conjunction of its categories, so when its decision changes, the flow
 * of one of its categories changes too.
 */
export interface FlowClass {
  readonly actions: readonly FlowAction[];
  readonly categories: TermSet;
  readonly purposes: TermSet;
  readonly recipients: TermSet;
  readonly source?: OptionalTermSet;
  readonly subjectKind?: OptionalTermSet;
  readonly jurisdiction?: OptionalTermSet;
  readonly identifiability?: TermSet;
  /** Absent: any age, or none given. */
  readonly age?: readonly AgeRange[];
  readonly consent?: ConsentCondition;
  readonly retention?: readonly RetentionRange[];
}

/**
 * True when `flow` (a well-formed flow, defaults as the engine fills them in) lies in `flowClass`; a flow naming
 * several categories when one of its categories does. Containment is read in either of `taxonomies` (the two
 * policies' taxonomies), as the diff that made the class reads it. A term neither taxonomy defines, or a consent
 * one of them lacks, puts the flow outside every class.
 */
export function isFlowInClass(flowClass: FlowClass, flow: unknown, taxonomies: readonly Taxonomy[]): boolean {
  if (typeof flow !== 'object' || flow === null) return false;
  const f = flow as Record<string, unknown>;
  const categories = typeof f['category'] === 'string' ? [f['category']] : Array.isArray(f['category']) ? f['category'] : [];
  const purpose = f['purpose'];
  if (typeof purpose !== 'string') return false;
  const recipient = typeof f['recipient'] === 'string' ? f['recipient'] : 'first_party';
  const firstParty = recipient === 'first_party' || recipient.startsWith('first_party.');
  const action = (typeof f['action'] === 'string' ? f['action'] : firstParty ? 'use' : 'share') as FlowAction;
  const subject = (typeof f['subject'] === 'object' && f['subject'] !== null ? f['subject'] : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const inSet = (kind: TermKind, set: TermSet, term: string) => {
    const hit =
      set.inside.some((root) => taxonomies.some((t) => t.isWithin(kind, term, root))) ||
      (set.exactly ?? []).includes(term);
    return set.except ? !hit : hit;
  };
  const inOptional = (kind: TermKind, set: OptionalTermSet | undefined, term: string | undefined) =>
    set === undefined || (term === undefined ? set.unstated === true : inSet(kind, set, term));

  // A term neither taxonomy defines makes the flow an error in both, decided alike: outside every class.
  const stated: [TermKind, unknown][] = [
    ['purposes', purpose],
    ['recipients', recipient],
    ['sources', f['source']],
    ['subjects', subject['kind']],
    ['jurisdictions', subject['jurisdiction']],
    ['identifiability', f['identifiability']],
    ...categories.map((c): [TermKind, unknown] => ['categories', c]),
  ];
  if (stated.some(([kind, term]) => typeof term === 'string' && !taxonomies.some((t) => t.has(kind, term)))) return false;
  // Classes hold flows whose consents every policy defines (see `diffPolicies`).
  const given = Array.isArray(f['consent']) ? (f['consent'] as unknown[]).filter((c): c is string => typeof c === 'string') : [];
  if (!given.every((g) => taxonomies.every((t) => t.has('consents', g) || t.has('purposes', g)))) return false;
  if (!flowClass.actions.includes(action)) return false;
  if (!inSet('purposes', flowClass.purposes, purpose) || !inSet('recipients', flowClass.recipients, recipient)) return false;
  if (!categories.some((c) => typeof c === 'string' && inSet('categories', flowClass.categories, c))) return false;
  if (!inOptional('sources', flowClass.source, str(f['source']))) return false;
  if (!inOptional('subjects', flowClass.subjectKind, str(subject['kind']))) return false;
  if (!inOptional('jurisdictions', flowClass.jurisdiction, str(subject['jurisdiction']))) return false;
  if (flowClass.identifiability && !inSet('identifiability', flowClass.identifiability, str(f['identifiability']) ?? 'identified'))
    return false;

  if (flowClass.age) {
    const age = typeof subject['age'] === 'number' ? subject['age'] : Infinity;
    if (!flowClass.age.some((r) => age >= (r.from ?? 0) && (r.under === undefined || age < r.under))) return false;
  }
  if (flowClass.retention) {
    const days = typeof f['retention'] === 'string' ? (parseDurationDays(f['retention']) ?? 0) : 0;
    const inRange = (r: RetentionRange) =>
      (r.moreThan === undefined || days > parseDurationDays(r.moreThan)!) &&
      (r.atMost === undefined || days <= parseDurationDays(r.atMost)!);
    if (!flowClass.retention.some(inRange)) return false;
  }
  if (flowClass.consent) {
    const covers = (needed: string, kind: TermKind) =>
      given.some((g) => g === needed || taxonomies.some((t) => t.isWithin(kind, needed, g)));
    const has = (needed: string) => covers(needed, 'purposes') || covers(needed, 'consents');
    const { given: yes, notGiven: no, purpose: toPurpose } = flowClass.consent;
    if (!yes.every(has) || no.some(has)) return false;
    if (toPurpose !== undefined && covers(purpose, 'purposes') !== toPurpose) return false;
  }
  return true;
}
