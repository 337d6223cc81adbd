import { parseDurationDays, TERM_KINDS, type LoadedPolicy, type TermKind } from '@pledge/policy-spec';
import { compile } from './compile.js';
import { formatAt } from './decision-parts.js';
import { mergeBoxes, type Box } from './diff-boxes.js';
import { ageBands, consentVectors, groupConsents, PURPOSE_ATOM, retentionBands, sortedUnique } from './diff-conditions.js';
import { createAcceptor, describeTerms, isInsideEither, unionTerms, type UnionTerms } from './diff-terms.js';
import type { AgeRange, ConsentCondition, FlowClass, OptionalTermSet, RetentionRange, TermSet } from './flow-class.js';
import type { Decider, Decision, DecisionObligation, FlowAction, PolicyStamp, Reason } from './types.js';

/** How one side (the old or the new policy) decides every flow of a change's class. */
export interface ChangeSide {
  readonly decision: 'allow' | 'deny';
  /** The decision's reasons, as the engine gives them for any flow of the class (error reasons without their message). */
  readonly reasons: readonly Reason[];
  readonly obligations: readonly DecisionObligation[];
}

/** An obligation without the rule that imposes it: what the caller must do. */
export interface ObligationTerm {
  readonly kind: string;
  readonly duration?: string;
}

/** A class of flows the two policies decide differently, and how. */
export interface FlowChange {
  /**
   * `less`: the new policy allows flows the old one denied, or allows them with fewer obligations or a longer
   * retention limit; `more`: the converse. An allow that both loses and gains obligations counts as `less`.
   */
  readonly protection: 'less' | 'more';
  /** `allowed`: now allowed; `denied`: now denied; `obligations`: allowed by both, with other obligations. */
  readonly change: 'allowed' | 'denied' | 'obligations';
  readonly flows: FlowClass;
  /** One flow of the class, as a caller would send it. */
  readonly example: Readonly<Record<string, unknown>>;
  readonly old: ChangeSide;
  readonly new: ChangeSide;
  /** Obligations the old decision carried and the new one does not (by kind and duration). */
  readonly obligationsRemoved: readonly ObligationTerm[];
  /** Obligations the new decision carries and the old one did not. */
  readonly obligationsAdded: readonly ObligationTerm[];
}

/** A term one policy's taxonomy defines and the other's does not: flows naming it are errors in the other. */
export interface TaxonomyChange {
  readonly kind: TermKind;
  readonly term: string;
  readonly definedIn: 'old' | 'new';
}

/** The new policy's promise about changes, when it asks for something before this change applies. */
export interface ChangeNotice {
  readonly rule: string;
  readonly notify: string;
  readonly says?: string;
  readonly at: string;
}

/** Which flows a policy change newly allows or newly denies: see {@link diffPolicies}. */
export interface PolicyDiff {
  readonly old: PolicyStamp & { readonly file: string };
  readonly new: PolicyStamp & { readonly file: string };
  /** Less protective changes first. */
  readonly changes: readonly FlowChange[];
  readonly lessProtective: number;
  readonly moreProtective: number;
  /**
   * Present when the new policy's `changes:` clause asks for notice or a choice before this change applies:
   * `before_less_protective` or `choice_before_material_change` with a less protective change, `before` with any.
   */
  readonly notice?: ChangeNotice;
  readonly taxonomy: readonly TaxonomyChange[];
}

const DIMS = ['categories', 'purposes', 'recipients', 'sources', 'subjects', 'jurisdictions', 'identifiability'] as const;
const [CAT, PUR, REC, SRC, SUB, JUR, IDN] = [0, 1, 2, 3, 4, 5, 6] as const;
const OPTIONAL = new Set<number>([SRC, SUB, JUR]);
const ACTIONS: readonly FlowAction[] = ['collect', 'use', 'share', 'retain'];
type Section = 'collect' | 'use' | 'share' | 'forbid' | 'retain';
/** Box dimensions: action, the seven term dimensions, age band, retention band. */
const AGE = 8;
const RET = 9;

/** A rule of either policy, its terms resolved to flags over the union numbering of each dimension. */
interface DiffRule {
  /** Position in the list of both policies' rules. */
  readonly index: number;
  readonly side: 0 | 1;
  readonly section: Section;
  readonly accept: readonly (Uint8Array | undefined)[];
  readonly actions: readonly string[] | undefined;
  readonly requires: 'purpose' | readonly string[] | undefined;
  readonly capDays: number | undefined;
  readonly atMost: string | undefined;
  readonly obligations: readonly unknown[] | undefined;
  /** Per dimension: for each class of that dimension, whether the rule accepts it (all 1 when it does not name it). */
  byClass: Uint8Array[];
}

/** The terms of one dimension split into classes that every rule of both policies treats alike. */
interface Partition {
  readonly union: UnionTerms;
  readonly classes: readonly (readonly number[])[];
  /** Per class: which policies define its terms, `'11'` when both do. */
  readonly known: readonly string[];
  /** Optional dimensions: the class number standing for "unstated" (one past the last class). */
  readonly unstated: number | undefined;
}

/** What a box of flows stands for: both sides' decisions and one flow of the box. */
interface Payload {
  readonly decisions: readonly [Decision, Decision];
  readonly example: Readonly<Record<string, unknown>>;
}

/** The condition fields of a flow (all but action, category, purpose and recipient), with the box values they stand for. */
interface Combo {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly globals: readonly number[][];
  readonly consent: readonly [string, boolean][];
}

/**
 * Compares two loaded policies flow by flow and returns every class of flows they decide differently (allow
 * versus deny, or other obligations), each marked less or more protective, with the rules behind each side.
 *
 * Exact over the flows both policies can read: for every flow whose decisions differ, some class holds it (a flow
 * of several categories through one of its categories), and every flow of a class is decided as the class says.
 * The flows compared name any term either policy defines (a term only one defines is an error, so a deny, in the
 * other); their `consent` lists name terms both define. Classes are merged as far as exactness allows and name
 * the highest taxonomy terms whose whole inside changed alike.
 */
export function diffPolicies(oldPolicy: LoadedPolicy, newPolicy: LoadedPolicy): PolicyDiff {
  const policies = [oldPolicy, newPolicy] as const;
  const taxonomies = [oldPolicy.taxonomy, newPolicy.taxonomy] as const;
  const deciders: readonly [Decider, Decider] = [compile(oldPolicy), compile(newPolicy)];
  const unions = DIMS.map((d) => unionTerms(d, taxonomies));
  const rules = policies.flatMap((policy, side) => diffRules(policy, side as 0 | 1, unions)).map((r, index) => ({ ...r, index }));

  // Consent atoms: every consent a rule or a children clause of either policy asks for.
  const atomIds = [
    ...new Set([
      ...rules.flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : [])),
      ...policies.flatMap((p) => (p.document.children?.unless_consent ? [p.document.children.unless_consent] : [])),
    ]),
  ];
  const consentGroups = groupConsents(atomIds, policies);

  const partitions = DIMS.map((_, d) => partitionDim(d, unions[d]!, rules, policies, consentGroups));
  for (const rule of rules) {
    rule.byClass = partitions.map((p, d) => {
      const flags = rule.accept[d];
      const out = new Uint8Array(p.classes.length + (p.unstated === undefined ? 0 : 1)).fill(1);
      if (flags === undefined) return out;
      p.classes.forEach((terms, c) => (out[c] = flags[terms[0]!]!));
      if (p.unstated !== undefined) out[p.unstated] = isAllow(rule.section) ? 0 : 1;
      return out;
    });
  }

  const ageBounds = sortedUnique(policies.flatMap((p) => (p.document.children ? [p.document.children.under] : [])).filter((u) => u > 0));
  const capBounds = sortedUnique(rules.flatMap((r) => (r.capDays === undefined ? [] : [r.capDays])));

  const boxes: Box<Payload>[] = [];
  const keys = new WeakMap<Decision, string>();
  const keyOf = (d: Decision) => {
    let k = keys.get(d);
    if (k === undefined) keys.set(d, (k = decisionKey(d)));
    return k;
  };
  const fingerprints = rules.map(fingerprint);
  // Cells whose rules are the same on both sides decide alike, when nothing in them is a term one side lacks.
  const sameVocabulary = [SRC, SUB, JUR, IDN].every((d) => unions[d]!.known.every((k) => k.every((x) => x === 1)));
  const sameChildren = JSON.stringify(childrenShape(oldPolicy)) === JSON.stringify(childrenShape(newPolicy));
  const contexts = new Map<string, Box<Payload>[] | null>();
  const cellsByContext = new Map<string, Box<undefined>[]>();
  const childrenByPurpose = new Map<number, boolean[]>();

  // `retain` flows are decided as `use` ones unless a forbid rule names `retain` without `use`.
  const retainAlike = !rules.some((r) => r.actions?.includes('retain') && !r.actions.includes('use'));
  for (const { action, cat, pur, rec } of enumerateCells(rules, partitions, retainAlike)) {
    const relevant = relevantRules(rules, action, cat, pur, rec);
    if (!relevant.canAllow[0] && !relevant.canAllow[1]) continue; // denied by both
    const purpose = representative(partitions[PUR]!, pur);
    let childrenApplies = childrenByPurpose.get(pur);
    if (!childrenApplies) {
      childrenApplies = policies.map((p, side) => {
        const children = p.document.children;
        if (!children || children.under <= 0) return false;
        return !(children.exempt_purposes ?? []).some((e) => taxonomies[side]!.isWithin('purposes', purpose, e));
      });
      childrenByPurpose.set(pur, childrenApplies);
    }
    const needsPurpose = relevant.all.some((r) => isAllow(r.section) && r.requires === 'purpose');
    const known = [CAT, PUR, REC].map((d, i) => partitions[d]!.known[[cat, pur, rec][i]!]).join('');
    // Cells with the same rules, children exemption, known terms (and purpose, when a rule needs consent to it)
    // decide each combination of conditions alike: decide them once.
    const contextKey = `${action}|${known}|${relevant.all.map((r) => r.index).join(',')}|${childrenApplies.join(',')}|${needsPurpose ? pur : ''}`;
    let context = contexts.get(contextKey);
    if (context === undefined) {
      const unchanged =
        sameVocabulary &&
        sameChildren &&
        known === '111111' &&
        sameMultiset(
          relevant.all.filter((r) => r.side === 0).map((r) => fingerprints[r.index]!),
          relevant.all.filter((r) => r.side === 1).map((r) => fingerprints[r.index]!),
        );
      context = unchanged ? null : decideContext(action, cat, pur, rec, relevant.all, childrenApplies, needsPurpose);
      contexts.set(contextKey, context);
    }
    if (context === null) continue;
    const actions = action === 'use' && retainAlike ? [1, 3] : [ACTIONS.indexOf(action)];
    let cells = cellsByContext.get(contextKey);
    if (!cells) cellsByContext.set(contextKey, (cells = []));
    cells.push({ key: '', dims: [actions, [cat], [pur], [rec]], consent: new Map(), payload: undefined });
  }

  // Each context's cells are merged among themselves, then crossed with the context's condition boxes.
  for (const [contextKey, cells] of cellsByContext) {
    const conditionBoxes = contexts.get(contextKey)!;
    for (const cell of mergeBoxes(cells, [1, 2, 3, 0])) {
      const [actions, cats, purs, recs] = cell.dims as [number[], number[], number[], number[]];
      const base = {
        action: ACTIONS[actions[0]!]!,
        category: representative(partitions[CAT]!, cats[0]!),
        purpose: representative(partitions[PUR]!, purs[0]!),
        recipient: representative(partitions[REC]!, recs[0]!),
      };
      for (const box of conditionBoxes!) {
        boxes.push({
          key: box.key,
          dims: [actions, cats, purs, recs, ...box.dims],
          consent: box.consent,
          payload: { decisions: box.payload.decisions, example: { ...base, ...box.payload.example } },
        });
      }
    }
  }

  // Decides every combination of conditions in a cell and returns those the policies decide differently, as boxes
  // over the condition dimensions only (merged).
  function decideContext(
    action: FlowAction,
    cat: number,
    pur: number,
    rec: number,
    relevant: readonly DiffRule[],
    childrenApplies: readonly boolean[],
    needsPurpose: boolean,
  ): Box<Payload>[] {
    const purpose = representative(partitions[PUR]!, pur);
    const base = { action, category: representative(partitions[CAT]!, cat), purpose, recipient: representative(partitions[REC]!, rec) };
    const found: Box<Payload>[] = [];
    for (const combo of conditionCombos(relevant, childrenApplies, needsPurpose, purpose)) {
      const flow = Object.assign({}, base, combo.fields);
      const decisions = [deciders[0].decide(flow), deciders[1].decide(flow)] as const;
      if (!differ(decisions[0], decisions[1])) continue;
      found.push({
        key: `${keyOf(decisions[0])}\n${keyOf(decisions[1])}`,
        dims: combo.globals.map((g) => [...g]),
        consent: new Map(combo.consent),
        payload: { decisions, example: combo.fields },
      });
    }
    return found.length > 1 ? mergeBoxes(found, [0, 1, 2, 3, 4, 5]) : found;
  }

  // The flows of a cell other than its action and three terms: one per combination of the condition classes, age
  // and retention bands and consent coverages that the cell's rules tell apart.
  function conditionCombos(relevant: readonly DiffRule[], childrenApplies: readonly boolean[], needsPurpose: boolean, purpose: string): Combo[] {
    const [srcs, subs, jurs, idns] = [SRC, SUB, JUR, IDN].map((d) => localClasses(partitions[d]!, d, relevant)) as [
      LocalValue[],
      LocalValue[],
      LocalValue[],
      LocalValue[],
    ];
    const limits = sortedUnique(policies.flatMap((p, side) => (childrenApplies[side] ? [p.document.children!.under] : [])));
    const ages = ageBands(ageBounds, limits);
    const retentions = retentionBands(capBounds, sortedUnique(relevant.flatMap((r) => (r.capDays === undefined ? [] : [r.capDays]))));
    const localAtoms = [
      ...new Set([
        ...relevant.filter((r) => isAllow(r.section)).flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : [])),
        ...policies.flatMap((p, side) => (childrenApplies[side] && p.document.children!.unless_consent ? [p.document.children!.unless_consent] : [])),
      ]),
    ];
    const consents = consentVectors(localAtoms, needsPurpose, atomIds, consentGroups, purpose, taxonomies);
    const out: Combo[] = [];
    for (const src of srcs)
      for (const sub of subs)
        for (const jur of jurs)
          for (const idn of idns)
            for (const age of ages)
              for (const ret of retentions)
                for (const consent of consents) {
                  const fields: Record<string, unknown> = { identifiability: idn.rep };
                  if (src.rep !== undefined) fields['source'] = src.rep;
                  const subject: Record<string, unknown> = {};
                  if (sub.rep !== undefined) subject['kind'] = sub.rep;
                  if (jur.rep !== undefined) subject['jurisdiction'] = jur.rep;
                  if (age.rep !== undefined) subject['age'] = age.rep;
                  if (Object.keys(subject).length > 0) fields['subject'] = subject;
                  if (consent.ids.length > 0) fields['consent'] = consent.ids;
                  if (ret.rep !== undefined) fields['retention'] = `P${ret.rep}D`;
                  out.push({
                    fields,
                    globals: [src.globals, sub.globals, jur.globals, idn.globals, age.globals, ret.globals],
                    consent: consent.vector,
                  });
                }
    return out;
  }

  const merged = mergeBoxes(boxes, [1 + CAT, 1 + PUR, 1 + REC, 0, RET, AGE, 1 + IDN, 1 + JUR, 1 + SUB, 1 + SRC]);
  const changes = merged
    .map((box) => describeChange(box, partitions, ageBounds, capBounds))
    .sort(compareChanges);
  const lessProtective = changes.filter((c) => c.protection === 'less').length;
  const notice = changeNotice(newPolicy, lessProtective, changes.length);
  return {
    old: { ...deciders[0].policy, file: oldPolicy.file },
    new: { ...deciders[1].policy, file: newPolicy.file },
    changes,
    lessProtective,
    moreProtective: changes.length - lessProtective,
    ...(notice ? { notice } : {}),
    taxonomy: taxonomyChanges(policies),
  };
}

function representative(partition: Partition, c: number): string {
  return partition.union.terms[partition.classes[c]![0]!]!;
}

// What decides how a rule acts on flows, without its id and wording: two rules with equal fingerprints decide alike.
function fingerprint(rule: DiffRule): string {
  const requires = rule.requires === undefined || rule.requires === 'purpose' ? String(rule.requires) : [...rule.requires].sort().join(',');
  const obligations = (rule.obligations ?? []).map((o) => JSON.stringify(o)).sort().join(',');
  const actions = rule.actions ? [...rule.actions].sort().join(',') : '';
  return [rule.section, rule.byClass.map((flags) => flags.join('')).join('/'), actions, requires, obligations, rule.atMost ?? ''].join('|');
}

function childrenShape(policy: LoadedPolicy): unknown {
  const c = policy.document.children;
  return c && { under: c.under, unless: c.unless_consent ?? null, exempt: [...(c.exempt_purposes ?? [])].sort() };
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

function isAllow(section: Section): boolean {
  return section === 'collect' || section === 'use' || section === 'share';
}

function diffRules(policy: LoadedPolicy, side: 0 | 1, unions: readonly UnionTerms[]): Omit<DiffRule, 'index'>[] {
  const acceptors = unions.map((u) => createAcceptor(u, policy.taxonomy));
  const out: Omit<DiffRule, 'index'>[] = [];
  for (const section of ['collect', 'use', 'share', 'forbid', 'retain'] as const) {
    for (const rule of (policy.document[section] ?? []) as unknown as Record<string, unknown>[]) {
      const mode = isAllow(section) ? 'within' : 'overlap';
      const atMost = rule['at_most'] as string | undefined;
      out.push({
        side,
        section,
        accept: DIMS.map((dim, d) => (Array.isArray(rule[dim]) ? acceptors[d]!(rule[dim] as string[], mode) : undefined)),
        actions: rule['actions'] as string[] | undefined,
        requires: (rule['requires'] as { consent: 'purpose' | string[] } | undefined)?.consent,
        capDays: atMost === undefined || atMost === 'purpose' ? undefined : parseDurationDays(atMost),
        atMost,
        obligations: rule['obligations'] as unknown[] | undefined,
        byClass: [],
      });
    }
  }
  return out;
}

// Splits a dimension's terms into classes with the same signature: which policies define the term, which rules
// accept it, and for purposes what else the decision reads of them (children exemptions, consent coverage).
function partitionDim(
  d: number,
  union: UnionTerms,
  rules: readonly DiffRule[],
  policies: readonly [LoadedPolicy, LoadedPolicy],
  consentGroups: Map<string, string[]>,
): Partition {
  const taxonomies = policies.map((p) => p.taxonomy);
  const columns: Uint8Array[] = rules.flatMap((r) => (r.accept[d] ? [r.accept[d]!] : []));
  if (d === PUR) {
    policies.forEach((p, side) => {
      const exempt = p.document.children?.exempt_purposes;
      if (exempt) columns.push(Uint8Array.from(union.terms, (t) => (exempt.some((e) => taxonomies[side]!.isWithin('purposes', t, e)) ? 1 : 0)));
    });
    for (const ids of consentGroups.values()) {
      columns.push(Uint8Array.from(union.terms, (t) => (ids.some((g) => isInsideEither(taxonomies, 'purposes', t, g)) ? 1 : 0)));
      columns.push(Uint8Array.from(union.terms, (t) => (ids.some((g) => !isInsideEither(taxonomies, 'purposes', t, g)) ? 1 : 0)));
    }
  }
  if (d === REC) columns.push(Uint8Array.from(union.terms, (t) => (isFirstParty(t) ? 1 : 0)));
  const bySignature = new Map<string, number[]>();
  union.terms.forEach((_, t) => {
    let sig = `${union.known[0][t]}${union.known[1][t]}`;
    for (const column of columns) sig += column[t];
    const list = bySignature.get(sig) ?? [];
    list.push(t);
    bySignature.set(sig, list);
  });
  const classes = [...bySignature.values()];
  const known = classes.map((terms) => `${union.known[0][terms[0]!]}${union.known[1][terms[0]!]}`);
  return { union, classes, known, unstated: OPTIONAL.has(d) ? classes.length : undefined };
}

function isFirstParty(recipient: string): boolean {
  return recipient === 'first_party' || recipient.startsWith('first_party.');
}

interface Cell {
  action: FlowAction;
  cat: number;
  pur: number;
  rec: number;
}

// Every (action, category, purpose, recipient) class combination that some allow rule of either policy names:
// elsewhere both policies deny every flow. With `retainAlike`, `use` cells stand for `retain` ones too.
function* enumerateCells(rules: readonly DiffRule[], partitions: readonly Partition[], retainAlike: boolean): Generator<Cell> {
  const seen = new Set<string>();
  const accepted = (rule: DiffRule, d: number) =>
    partitions[d]!.classes.map((_, c) => c).filter((c) => rule.byClass[d]![c] === 1);
  const recipients = (share: boolean) =>
    partitions[REC]!.classes.map((_, c) => c).filter((c) => isFirstParty(partitions[REC]!.union.terms[partitions[REC]!.classes[c]![0]!]!) !== share);
  const firstParty = recipients(false);
  for (const side of [0, 1] as const) {
    const of = (section: Section) => rules.filter((r) => r.side === side && r.section === section);
    const emit = function* (action: FlowAction, cats: number[], purs: number[], recs: number[]) {
      for (const cat of cats)
        for (const pur of purs)
          for (const rec of recs) {
            const key = `${action}|${cat}|${pur}|${rec}`;
            if (seen.has(key)) continue;
            seen.add(key);
            yield { action, cat, pur, rec };
          }
    };
    for (const rule of of('use')) {
      for (const action of retainAlike ? (['use'] as const) : (['use', 'retain'] as const)) {
        yield* emit(action, accepted(rule, CAT), accepted(rule, PUR), firstParty);
      }
    }
    for (const rule of of('share')) {
      yield* emit('share', accepted(rule, CAT), accepted(rule, PUR), accepted(rule, REC).filter((c) => !firstParty.includes(c)));
    }
    const purposeRules = [...of('use'), ...of('share')];
    for (const rule of of('collect')) {
      const cats = accepted(rule, CAT);
      for (const p of purposeRules) {
        const both = accepted(p, CAT).filter((c) => cats.includes(c));
        const purs = accepted(p, PUR).filter((c) => rule.byClass[PUR]![c] === 1);
        yield* emit('collect', both, purs, firstParty.filter((c) => rule.byClass[REC]![c] === 1));
      }
    }
  }
}

// The rules of both policies that can take part in deciding flows of the cell, and whether each policy has
// allow rules enough to allow any of them.
function relevantRules(
  rules: readonly DiffRule[],
  action: FlowAction,
  cat: number,
  pur: number,
  rec: number,
): { all: DiffRule[]; canAllow: [boolean, boolean] } {
  const matches = (r: DiffRule, skipRec = false) =>
    r.byClass[CAT]![cat] === 1 && r.byClass[PUR]![pur] === 1 && (skipRec || r.byClass[REC]![rec] === 1);
  const all: DiffRule[] = [];
  // Per side: allow rules found for the action (for `collect`: collect rules), and use or share rules for its purpose.
  const found = [0, 0];
  const forPurpose = [0, 0];
  for (const r of rules) {
    let take = false;
    if (r.section === 'forbid') {
      take = matches(r) && (r.actions === undefined || r.actions.some((a) => a === action || (a === 'use' && action === 'retain')));
    } else if (r.section === 'retain') take = matches(r);
    else if (action === 'collect') {
      if (r.section === 'collect') take = matches(r) && ++found[r.side]! > 0;
      else take = matches(r, true) && ++forPurpose[r.side]! > 0;
    } else if (r.section === (action === 'share' ? 'share' : 'use')) take = matches(r) && ++found[r.side]! > 0;
    if (take) all.push(r);
  }
  const canAllow = [0, 1].map((s) => found[s]! > 0 && (action !== 'collect' || forPurpose[s]! > 0)) as [boolean, boolean];
  return { all, canAllow };
}

interface LocalValue {
  /** The term the flow names, or undefined to leave the field unstated. */
  rep: string | undefined;
  /** The global classes this value stands for. */
  globals: number[];
}

// The classes of a condition dimension that the cell's rules tell apart: global classes (and "unstated") grouped
// by which policies define them and which of those rules accept them.
function localClasses(partition: Partition, d: number, relevant: readonly DiffRule[]): LocalValue[] {
  const naming = relevant.filter((r) => r.accept[d] !== undefined);
  const groups = new Map<string, LocalValue>();
  const count = partition.classes.length + (partition.unstated === undefined ? 0 : 1);
  for (let c = 0; c < count; c++) {
    const isUnstated = c === partition.unstated;
    let sig = isUnstated ? '11' : partition.known[c]!;
    // Leaving a field unstated is never like stating it for a rule that names it: the reasons say so.
    for (const r of naming) sig += isUnstated ? 'u' : r.byClass[d]![c];
    const group = groups.get(sig);
    if (group) {
      group.globals.push(c);
      // A value that may be left unstated is left unstated in the flow that stands for it: simpler examples.
      if (isUnstated) group.rep = undefined;
    } else {
      groups.set(sig, {
        rep: isUnstated ? undefined : partition.union.terms[partition.classes[c]![0]!]!,
        globals: [c],
      });
    }
  }
  return [...groups.values()];
}

// Decisions differ when one allows and the other denies, or both allow with other obligations (kind and duration).
function differ(a: Decision, b: Decision): boolean {
  if (a.decision !== b.decision) return true;
  if (a.decision === 'deny') return false;
  const set = (d: Decision) => [...new Set(d.obligations.map(obligationKey))].sort().join('\n');
  return set(a) !== set(b);
}

function obligationKey(o: ObligationTerm): string {
  return `${o.kind}\u0000${o.duration ?? ''}`;
}

// What a class claims about a side: the decision, each reason (rule, what it missed, what was unstated), and the
// obligations with their rules.
function decisionKey(d: Decision): string {
  const reasons = d.reasons.map((r) => `${r.rule}|${(r.missing ?? []).join(',')}|${(r.unstated ?? []).join(',')}`);
  const obligations = d.obligations.map((o) => `${o.kind}|${o.duration ?? ''}|${o.rule}`);
  return `${d.decision};${reasons.join(';')};${obligations.join(';')}`;
}


function describeChange(box: Box<Payload>, partitions: readonly Partition[], ageBounds: readonly number[], capBounds: readonly number[]): FlowChange {
  const termSet = (d: number): TermSet => {
    const p = partitions[d]!;
    const members = new Set(box.dims[d + 1]!.filter((c) => c !== p.unstated).flatMap((c) => p.classes[c]!));
    return describeTerms(p.union, members, true);
  };
  const condition = (d: number): OptionalTermSet | undefined => {
    const p = partitions[d]!;
    const values = box.dims[d + 1]!;
    if (values.length === p.classes.length + (p.unstated === undefined ? 0 : 1)) return undefined;
    const set = termSet(d);
    return values.includes(p.unstated ?? -1) ? { ...set, unstated: true } : set;
  };
  const flows: Record<string, unknown> = {
    actions: box.dims[0]!.map((a) => ACTIONS[a]!),
    categories: termSet(CAT),
    purposes: termSet(PUR),
    recipients: termSet(REC),
  };
  const conditions: [string, number][] = [
    ['source', SRC],
    ['subjectKind', SUB],
    ['jurisdiction', JUR],
    ['identifiability', IDN],
  ];
  for (const [name, d] of conditions) {
    const c = condition(d);
    if (c) flows[name] = c;
  }
  const ages = box.dims[AGE]!;
  if (ages.length <= ageBounds.length) {
    flows['age'] = ranges(ages).map(([from, to]): AgeRange => {
      const r: { from?: number; under?: number } = {};
      if (from > 0) r.from = ageBounds[from - 1]!;
      if (to < ageBounds.length) r.under = ageBounds[to]!;
      return r;
    });
  }
  const kept = box.dims[RET]!;
  if (kept.length <= capBounds.length) {
    flows['retention'] = ranges(kept).map(([from, to]): RetentionRange => {
      const r: { moreThan?: string; atMost?: string } = {};
      if (from > 0) r.moreThan = `P${capBounds[from - 1]!}D`;
      if (to < capBounds.length) r.atMost = `P${capBounds[to]!}D`;
      return r;
    });
  }
  if (box.consent.size > 0) {
    const entries = [...box.consent];
    const consent: { given: string[]; notGiven: string[]; purpose?: boolean } = {
      given: entries.filter(([a, v]) => v && a !== PURPOSE_ATOM).map(([a]) => a).sort(),
      notGiven: entries.filter(([a, v]) => !v && a !== PURPOSE_ATOM).map(([a]) => a).sort(),
    };
    if (box.consent.has(PURPOSE_ATOM)) consent.purpose = box.consent.get(PURPOSE_ATOM)!;
    flows['consent'] = consent satisfies ConsentCondition;
  }

  const [before, after] = box.payload.decisions;
  const removed = subtract(before.obligations, after.obligations);
  const added = subtract(after.obligations, before.obligations);
  let change: FlowChange['change'];
  let protection: FlowChange['protection'];
  if (before.decision !== after.decision) {
    change = after.decision === 'allow' ? 'allowed' : 'denied';
    protection = change === 'allowed' ? 'less' : 'more';
  } else {
    change = 'obligations';
    protection = removed.some((r) => !added.some((a) => isAsStrict(a, r))) ? 'less' : 'more';
  }
  return {
    protection,
    change,
    flows: flows as unknown as FlowClass,
    example: box.payload.example,
    old: side(before),
    new: side(after),
    obligationsRemoved: removed,
    obligationsAdded: added,
  };
}

// Runs of consecutive band numbers, as [first, last] pairs.
function ranges(values: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values) {
    const last = out[out.length - 1];
    if (last && last[1] === v - 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}

function subtract(from: readonly DecisionObligation[], other: readonly DecisionObligation[]): ObligationTerm[] {
  const have = new Set(other.map(obligationKey));
  const seen = new Set<string>();
  const out: ObligationTerm[] = [];
  for (const o of from) {
    const k = obligationKey(o);
    if (have.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(o.duration === undefined ? { kind: o.kind } : { kind: o.kind, duration: o.duration });
  }
  return out;
}

// `a` replaces `b` at least as strictly: the same kind with a duration no longer than b's.
function isAsStrict(a: ObligationTerm, b: ObligationTerm): boolean {
  if (a.kind !== b.kind || a.duration === undefined || b.duration === undefined) return false;
  return parseDurationDays(a.duration)! <= parseDurationDays(b.duration)!;
}

function side(d: Decision): ChangeSide {
  return {
    decision: d.decision,
    reasons: d.reasons.map((r) => {
      if (!r.rule.startsWith('error/') || r.message === undefined) return r;
      const { message: _message, ...rest } = r;
      return rest;
    }),
    obligations: d.obligations,
  };
}

const CHANGE_ORDER = { allowed: 0, obligations: 1, denied: 2 } as const;

function compareChanges(a: FlowChange, b: FlowChange): number {
  const first = (s: TermSet) => s.inside[0] ?? s.exactly?.[0] ?? '';
  return (
    (a.protection === b.protection ? 0 : a.protection === 'less' ? -1 : 1) ||
    CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] ||
    ACTIONS.indexOf(a.flows.actions[0]!) - ACTIONS.indexOf(b.flows.actions[0]!) ||
    first(a.flows.categories).localeCompare(first(b.flows.categories)) ||
    first(a.flows.purposes).localeCompare(first(b.flows.purposes)) ||
    first(a.flows.recipients).localeCompare(first(b.flows.recipients))
  );
}

function changeNotice(policy: LoadedPolicy, less: number, total: number): ChangeNotice | undefined {
  const clause = policy.document.changes;
  if (!clause) return undefined;
  const applies = clause.notify === 'before' ? total > 0 : clause.notify === 'on_posting' ? false : less > 0;
  if (!applies) return undefined;
  const notice: { rule: string; notify: string; says?: string; at: string } = {
    rule: clause.id === undefined ? 'changes' : `changes/${clause.id}`,
    notify: clause.notify,
    at: formatAt(policy.locate(['changes'])),
  };
  if (clause.says !== undefined) notice.says = clause.says;
  return notice;
}

function taxonomyChanges(policies: readonly [LoadedPolicy, LoadedPolicy]): TaxonomyChange[] {
  const out: TaxonomyChange[] = [];
  for (const kind of TERM_KINDS) {
    for (const [from, to, definedIn] of [
      [0, 1, 'old'],
      [1, 0, 'new'],
    ] as const) {
      for (const { id } of policies[from].taxonomy.terms(kind)) {
        if (!policies[to].taxonomy.has(kind, id)) out.push({ kind, term: id, definedIn });
      }
    }
  }
  return out;
}
