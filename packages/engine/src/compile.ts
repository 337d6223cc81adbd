import { parseDurationDays, type LoadedPolicy } from '@pledge/policy-spec';
import {
  childrenReason,
  combineOutcomes,
  defaultDenyReason,
  DIMENSIONS,
  errorDecision,
  flowErrors,
  forbidReason,
  formatAt,
  nearMissReason,
  retainDenyReason,
  termCandidates,
  UNSTATED_FIELDS,
  type CategoryOutcome,
  type DefaultDenyCase,
  type TermNoun,
} from './decision-parts.js';
import { policyStamp } from './policy-stamp.js';
import {
  CAT,
  compileRules,
  IDN,
  JUR,
  PUR,
  REC,
  ruleBitsets,
  setBit,
  SRC,
  SUB,
  type CompiledRule,
  type Requirement,
} from './compile-rules.js';
import { FlowMemo } from './flow-memo.js';
import { freezeDeep } from './freeze-deep.js';
import { createLookup, indexTerms, withinFlags, type TermIndex } from './term-index.js';
import type { Decider, Decision, DecisionObligation, FlowAction, PolicyStamp, Reason } from './types.js';

// How the compiled decider works (the semantics are the interpreter's; this is only a faster way to the same answer):
// - every term is numbered per kind; each rule gets, per dimension it names, a flag array of the flow terms it
//   accepts (inside its terms for allow rules, overlapping them for forbid and retain rules);
// - the flow is checked in one pass over its keys; each term is looked up in a prototype-less object of the kind's
//   terms (see createLookup);
// - for category, purpose and recipient, each term has a bitset of the rules that accept it; a flow's
//   (action, category, purpose, recipient) "cell" is the AND of three bitsets and the action's, computed on first
//   use and cached;
// - inside a cell, the candidate rules are narrowed by the other dimensions (source, subject kind, jurisdiction,
//   identifiability), again cached, to a "fact cell" that only consent, age and retention can still change;
// - the flow memo (a FlowMemo: open addressing over an Int32Array) maps the flow's term numbers straight to its
//   fact cell, so a flow seen before costs one probe; a flow with no consent, age or retention gets the fact
//   cell's precomputed base decision;
// - the decisions that consents, a child's age or a retention change are kept in a second FlowMemo by (fact cell,
//   consents met, retention bucket and child), so a repeated flow gets back the same frozen Decision without
//   allocating.

const ACTIONS: readonly FlowAction[] = ['collect', 'use', 'share', 'retain'];
const COLLECT = 0;
const USE = 1;
const SHARE = 2;
const RETAIN = 3;
const ACTION_NUMBERS = createLookup(ACTIONS);

/** Bits of the unstated-able dimensions, in canonical order: source, subject kind, jurisdiction. */
const UNSTATED_BITS = [
  [SRC, 1, UNSTATED_FIELDS.sources],
  [SUB, 2, UNSTATED_FIELDS.subjects],
  [JUR, 4, UNSTATED_FIELDS.jurisdictions],
] as const;
/** The `unstated` list for each 3-bit mask, frozen once. */
const UNSTATED_LISTS: readonly (readonly string[])[] = Array.from({ length: 8 }, (_, mask) =>
  Object.freeze(UNSTATED_BITS.filter(([, bit]) => mask & bit).map(([, , field]) => field)),
);

/** Bounds on the memo tables, so a flood of distinct flows costs time, never unbounded memory. */
const MAX_CELLS = 1 << 15;
/** Fact cells given a number (so the flow memo can point at them), and entries in the flow memo. */
const MAX_FACTS = 1 << 15;
const MAX_FLOW_MEMO = 1 << 15;
/** Decisions kept for consents, ages and retentions; per-category outcomes per fact cell (multi-category flows). */
const MAX_DECISIONS = 1 << 14;
const MAX_OUTCOMES_PER_CELL = 64;
/** Int32s in all the consent tables (see consentBitsFor). */
const MAX_CONSENT_TABLE_INTS = 1 << 20;
const MAX_DURATIONS = 1024;
const MAX_ERRORS = 1024;
/** Longest text (retention, or an error's arguments together) kept as a memo key. */
const MAX_MEMO_TEXT = 256;
/** Fact cells built by `compile` itself (see precompute). */
const EAGER_FACTS = 256;
/** The largest integer V8 stores unboxed in an object field (a 31-bit Smi). */
const SMALL_INT_MAX = 2 ** 30 - 1;
const INT32_MAX = 2 ** 31 - 1;

/** Rules a cell's flows may match, before source, subject and identifiability narrow them. */
interface Cell {
  readonly action: number;
  readonly purpose: number;
  readonly category: string;
  readonly rules: readonly CompiledRule[];
  /** Bits (1 << dimension) of the extra dimensions any of `rules` names: only those split the cell. */
  readonly extras: number;
  readonly childrenApply: boolean;
  single: FactCell | undefined;
  split: Map<number, FactCell> | undefined;
}

/** One allow rule in a fact cell, with what it still lacks whatever the consents. */
interface Entry {
  readonly rule: CompiledRule;
  readonly unstatedMask: number;
  /** Indexes into the fact cell's requirements. */
  readonly needs: readonly number[];
  /** The near-miss reason when only unstated dimensions keep it from allowing. */
  readonly nearReason: Reason | undefined;
}

interface Cap {
  readonly days: number;
  readonly reason: Reason;
}

/** Everything but consent, age and retention is settled: the decision is a function of those facts. */
interface FactCell {
  /** Its place in `facts`, or -1 when the table was full (then the flow memo does not point at it). */
  readonly id: number;
  readonly category: string;
  readonly action: number;
  /** Whether a child's age can deny the flow: the policy has a `children:` clause and the purpose is not exempt. */
  readonly childrenApply: boolean;
  readonly forbidReasons: readonly Reason[];
  readonly caps: readonly Cap[];
  /** Distinct cap durations, ascending: a retention falls in a bucket between two of them. */
  readonly capDays: readonly number[];
  /** `capDays[0]`, at most {@link SMALL_INT_MAX} (so V8 keeps it as a small integer): a retention up to it exceeds no cap. */
  readonly minCapDays: number;
  readonly retainObligations: readonly DecisionObligation[];
  /** One half (the action's rules) or two for `collect` (collect rules; use and share rules for the purpose). */
  readonly halves: readonly (readonly Entry[])[];
  readonly requirements: readonly Requirement[];
  /** `requirements.length`, beside the other fields the hot path reads. */
  readonly requirementCount: number;
  /**
   * With 1 to 30 requirements: for each consent number, the bits (1 << r) of the requirements it meets, shared by
   * the fact cells with the same requirements. Undefined otherwise, or when those tables reached their bound.
   */
  readonly consentBits: Int32Array | undefined;
  /** Scratch for the consents met, one bit per requirement. */
  readonly met: Uint32Array;
  /** The decision without consents, child or exceeded cap: most flows get this one. */
  base: Decision;
  /** Per-category outcomes for multi-category flows, by facts key; made on first need. */
  outcomes: Map<number, CategoryOutcome> | undefined;
}

/**
 * Compiles `policy` into a {@link Decider}: the taxonomy and rules are indexed once, so each decision is a few
 * map lookups. Decides exactly as {@link interpret} does (a property test holds them to it). Call once per policy
 * version; the Decider is frozen and safe to share.
 */
export function compile(policy: LoadedPolicy): Decider {
  const stamp = policyStamp(policy);
  const decide = createDecide(policy, stamp);
  const decider: Decider = {
    policy: stamp,
    decide,
    decideMany(flows) {
      if (!Array.isArray(flows)) throw new TypeError('decideMany expects an array of flows');
      const out = new Array<Decision>(flows.length);
      for (let i = 0; i < flows.length; i++) out[i] = decide(flows[i]);
      return out;
    },
  };
  return Object.freeze(decider);
}

function createDecide(policy: LoadedPolicy, stamp: PolicyStamp): (flow: unknown) => Decision {
  const taxonomy = policy.taxonomy;
  const index = DIMENSIONS.map((kind) => indexTerms(taxonomy, kind));
  const [categories, purposes, recipients, sources, subjects, jurisdictions, identifiability] = index as [
    TermIndex,
    TermIndex,
    TermIndex,
    TermIndex,
    TermIndex,
    TermIndex,
    TermIndex,
  ];
  // What a flow's `consent` may name: consents and purposes, numbered together.
  const consentTerms = [...new Set([...taxonomy.terms('consents').map((t) => t.id), ...purposes.terms])];
  const consentLookup = createLookup(consentTerms);
  const consentCount = consentTerms.length;
  const firstParty = withinFlags(recipients, ['first_party']);
  const firstPartyId = recipients.ids.get('first_party');
  const identifiedId = identifiability.ids.get('identified');
  if (firstPartyId === undefined || identifiedId === undefined) {
    throw new Error('the taxonomy lacks `first_party` or `identified`, which flows default to');
  }

  // Requirements, shared by every rule that needs the same consent.
  const requirements = new Map<string, Requirement>();
  const requirementNumbers = new Map<Requirement, number>();
  const requirement = (needed: string): Requirement => {
    let r = requirements.get(needed);
    if (!r) {
      const accepts = new Uint8Array(consentCount);
      for (const satisfier of [
        needed,
        ...taxonomy.ancestors('purposes', needed),
        ...taxonomy.ancestors('consents', needed),
      ]) {
        const c = consentLookup[satisfier];
        if (c !== undefined) accepts[c] = 1;
      }
      requirements.set(needed, (r = Object.freeze({ label: `consent ${needed}`, accepts })));
      requirementNumbers.set(r, requirementNumbers.size);
    }
    return r;
  };
  const purposeRequirements: (Requirement | undefined)[] = [];
  // consentBitsFor's tables, by the numbers of the requirements they are for, and the int32s they hold in all.
  const consentTables = new Map<string, Int32Array>();
  let consentTableInts = 0;
  function consentBitsFor(needed: readonly Requirement[]): Int32Array | undefined {
    if (needed.length === 0 || needed.length > 30) return undefined;
    const key = needed.map((r) => requirementNumbers.get(r)).join(',');
    let table = consentTables.get(key);
    if (table === undefined) {
      if (consentTableInts + consentCount > MAX_CONSENT_TABLE_INTS) return undefined;
      table = new Int32Array(consentCount);
      for (let c = 0; c < consentCount; c++) {
        for (let r = 0; r < needed.length; r++) if (needed[r]!.accepts[c] === 1) table[c]! |= 1 << r;
      }
      consentTables.set(key, table);
      consentTableInts += consentCount;
    }
    return table;
  }

  const rules = compileRules(policy, index, requirement);
  const words = Math.max(1, Math.ceil(rules.length / 32));

  // Per action, the rules that can apply at all.
  const actionMasks = ACTIONS.map((action, a) => {
    const mask = new Uint32Array(words);
    for (const rule of rules) {
      let applies: boolean;
      // A forbid rule's `use` also covers `retain` flows, which are decided as uses.
      if (rule.section === 'forbid')
        applies = !rule.actions || rule.actions.some((x) => x === action || (x === 'use' && a === RETAIN));
      else if (rule.section === 'retain') applies = true;
      else if (a === COLLECT) applies = true;
      else applies = rule.section === (a === SHARE ? 'share' : 'use');
      if (applies) setBit(mask, rule.index);
    }
    return mask;
  });
  // The purpose half of a collect flow ignores recipients, so share rules pass the recipient test there.
  const shareMask = new Uint32Array(words);
  for (const rule of rules) if (rule.section === 'share') setBit(shareMask, rule.index);

  const bitsets = [CAT, PUR, REC].map((d) => ruleBitsets(rules, d, index[d]!.terms.length, words));
  const [categoryBits, purposeBits, recipientBits] = bitsets as [Uint32Array, Uint32Array, Uint32Array];

  // Children.
  const children = policy.document.children;
  const childReason = children
    ? freezeDeep(childrenReason(children, formatAt(policy.locate(['children']))))
    : undefined;
  const exempt = withinFlags(purposes, children?.exempt_purposes ?? []);
  const childConsent = children?.unless_consent === undefined ? undefined : requirement(children.unless_consent);

  const purposeCount = purposes.terms.length;
  const recipientCount = recipients.terms.length;
  const subjectCount = subjects.terms.length;
  const jurisdictionCount = jurisdictions.terms.length;
  const identifiabilityCount = identifiability.terms.length;
  const cells = new Map<number, Cell>();
  let cellCount = 0;
  // Retention text → days, or -1 when it is not a duration; prototype-less like the term lookups.
  const durations = Object.create(null) as Record<string, number | undefined>;
  let durationCount = 0;
  // Fact cells by number, and the memo from a flow's term numbers to the number of the fact cell deciding it.
  // `factBases[i]` is `facts[i].base`, so the commonest flows return without reading the fact cell itself.
  const facts: FactCell[] = [];
  const factBases: Decision[] = [];
  // Its keys pack a flow's terms into three int32s: category and action; purpose and recipient; source, subject kind,
  // jurisdiction and identifiability. A taxonomy too large for that (millions of combinations) leaves it empty.
  const sourceCount = sources.terms.length;
  const keysFit =
    categories.terms.length * 4 <= INT32_MAX &&
    purposeCount * recipientCount <= INT32_MAX &&
    (sourceCount + 1) * (subjectCount + 1) * (jurisdictionCount + 1) * identifiabilityCount <= INT32_MAX;
  const flowMemo = new FlowMemo(keysFit ? MAX_FLOW_MEMO : 0);
  // The decisions that consents, a child's age or a retention change: by (fact cell, consents met, bucket and child).
  const decisionMemo = new FlowMemo(MAX_DECISIONS);
  const memoDecisions: Decision[] = [];
  const internalError = freezeDeep(errorDecision(flowErrors.internal(), stamp));

  // Error decisions are memoized by kind and arguments (nested maps, so a lookup builds no string), so a stream of
  // the same bad flow costs no allocation.
  const errors = new Map<string, Map<string, Map<string, Decision>>>();
  let errorCount = 0;
  // Did-you-mean candidates of each kind of unknown term, gathered on the first one (valid flows never need them).
  const candidates = new Map<TermNoun, readonly string[]>();
  const candidatesOf = (noun: TermNoun): readonly string[] => {
    let list = candidates.get(noun);
    if (list === undefined) candidates.set(noun, (list = termCandidates(taxonomy, noun)));
    return list;
  };
  function fail(kind: ErrorKind, a = '', b = ''): Decision {
    let decision = errors.get(kind)?.get(a)?.get(b);
    if (decision) return decision;
    decision = freezeDeep(errorDecision(errorReason(kind, a, b, candidatesOf), stamp));
    // Long arguments are not kept: a memo key would keep a hostile flow's megabyte-long term alive.
    if (a.length + b.length <= MAX_MEMO_TEXT) {
      // Full: start again, so that the bad flows a service keeps sending stay memoized after a burst of others.
      if (errorCount >= MAX_ERRORS) {
        errors.clear();
        errorCount = 0;
      }
      let byA = errors.get(kind);
      if (!byA) errors.set(kind, (byA = new Map()));
      let byB = byA.get(a);
      if (!byB) byA.set(a, (byB = new Map()));
      byB.set(b, decision);
      errorCount++;
    }
    return decision;
  }

  function cellFor(action: number, cat: number, pur: number, rec: number): Cell {
    const key = ((cat * purposeCount + pur) * recipientCount + rec) * 4 + action;
    let cell = cells.get(key);
    if (cell) return cell;
    const am = actionMasks[action]!;
    const cb = cat * words;
    const pb = pur * words;
    const rb = rec * words;
    const candidates: CompiledRule[] = [];
    let extras = 0;
    for (let w = 0; w < words; w++) {
      let bits = am[w]! & categoryBits[cb + w]! & purposeBits[pb + w]!;
      bits &= action === COLLECT ? recipientBits[rb + w]! | shareMask[w]! : recipientBits[rb + w]!;
      for (let b = 0; bits !== 0; b++, bits >>>= 1) {
        if (bits & 1) {
          const rule = rules[w * 32 + b]!;
          candidates.push(rule);
          extras |= rule.extras;
        }
      }
    }
    cell = {
      action,
      purpose: pur,
      category: categories.terms[cat]!,
      rules: candidates,
      extras,
      childrenApply: children !== undefined && exempt[pur] === 0,
      single: undefined,
      split: undefined,
    };
    if (cellCount < MAX_CELLS) {
      cells.set(key, cell);
      cellCount++;
    }
    return cell;
  }

  // The flow memo's third key: source, subject kind and jurisdiction (each -1 when unstated) and identifiability.
  function factsKey(src: number, sub: number, jur: number, idn: number): number {
    return (((src + 1) * (subjectCount + 1) + sub + 1) * (jurisdictionCount + 1) + jur + 1) * identifiabilityCount + idn;
  }

  // The fact cell deciding one category of a checked flow: from the flow memo when it has seen these terms, else
  // through the cell memo (and remembered).
  function factFor(
    action: number,
    cat: number,
    pur: number,
    rec: number,
    src: number,
    sub: number,
    jur: number,
    idn: number,
  ): FactCell {
    const key = factsKey(src, sub, jur, idn);
    const id = flowMemo.find(cat * 4 + action, pur * recipientCount + rec, key);
    return id >= 0 ? facts[id]! : factMiss(action, cat, pur, rec, src, sub, jur, idn, key);
  }

  // factFor when the flow memo has not seen the terms (`key` is their factsKey): through the cell memo, then
  // remembered.
  function factMiss(
    action: number,
    cat: number,
    pur: number,
    rec: number,
    src: number,
    sub: number,
    jur: number,
    idn: number,
    key: number,
  ): FactCell {
    const fact = factCellFor(cellFor(action, cat, pur, rec), src, sub, jur, idn);
    if (fact.id >= 0) flowMemo.insert(cat * 4 + action, pur * recipientCount + rec, key, fact.id);
    return fact;
  }

  function factCellFor(cell: Cell, src: number, sub: number, jur: number, idn: number): FactCell {
    const extras = cell.extras;
    if (extras === 0) return (cell.single ??= buildFactCell(cell, src, sub, jur, idn));
    let key = 0;
    if (extras & (1 << SRC)) key = src + 1;
    if (extras & (1 << SUB)) key = key * (subjectCount + 1) + sub + 1;
    if (extras & (1 << JUR)) key = key * (jurisdictionCount + 1) + jur + 1;
    if (extras & (1 << IDN)) key = key * identifiabilityCount + idn;
    let fact = cell.split?.get(key);
    if (!fact) {
      fact = buildFactCell(cell, src, sub, jur, idn);
      if (cellCount < MAX_CELLS) {
        (cell.split ??= new Map()).set(key, fact);
        cellCount++;
      }
    }
    return fact;
  }

  function buildFactCell(cell: Cell, src: number, sub: number, jur: number, idn: number): FactCell {
    const values = [-1, -1, -1, src, sub, jur];
    const forbidReasons: Reason[] = [];
    const caps: Cap[] = [];
    const retainObligations: DecisionObligation[] = [];
    const halves: Entry[][] = cell.action === COLLECT ? [[], []] : [[]];
    const needed: Requirement[] = [];
    for (const rule of cell.rules) {
      let unstatedMask = 0;
      let matches = true;
      for (let u = 0; u < UNSTATED_BITS.length; u++) {
        const [d, bit] = UNSTATED_BITS[u]!;
        const accept = rule.accept[d];
        if (accept === undefined) continue;
        const v = values[d]!;
        if (v < 0) unstatedMask |= bit;
        else if (accept[v] === 0) matches = false;
      }
      if (rule.accept[IDN] !== undefined && rule.accept[IDN]![idn] === 0) matches = false;
      if (!matches) continue;
      const unstated = UNSTATED_LISTS[unstatedMask]!;
      if (rule.section === 'forbid') {
        forbidReasons.push(
          unstatedMask === 0 ? rule.reason : freezeDeep(forbidReason(rule.ref, rule.says, rule.at, unstated)),
        );
      } else if (rule.section === 'retain') {
        retainObligations.push(rule.retainObligation!);
        if (rule.capDays !== undefined) {
          caps.push({
            days: rule.capDays,
            reason: freezeDeep(retainDenyReason(rule.ref, rule.says, rule.at, unstated, rule.atMost!)),
          });
        }
      } else {
        let reqs = rule.requires;
        if (reqs === 'purpose') {
          reqs = [(purposeRequirements[cell.purpose] ??= requirement(purposes.terms[cell.purpose]!))];
        }
        const needs: number[] = [];
        for (const r of reqs ?? []) {
          let i = needed.indexOf(r);
          if (i < 0) i = needed.push(r) - 1;
          needs.push(i);
        }
        const nearReason =
          unstatedMask === 0 ? undefined : freezeDeep(nearMissReason(rule.ref, rule.says, rule.at, [], unstated));
        const half = cell.action === COLLECT && rule.section !== 'collect' ? 1 : 0;
        halves[half]!.push({ rule, unstatedMask, needs, nearReason });
      }
    }
    const id = facts.length < MAX_FACTS ? facts.length : -1;
    const capDays = [...new Set(caps.map((c) => c.days))].sort((a, b) => a - b);
    const fact: FactCell = {
      id,
      category: cell.category,
      action: cell.action,
      childrenApply: cell.childrenApply,
      forbidReasons,
      caps,
      capDays,
      minCapDays: Math.min(capDays[0] ?? SMALL_INT_MAX, SMALL_INT_MAX),
      retainObligations,
      halves,
      requirements: needed,
      requirementCount: needed.length,
      consentBits: consentBitsFor(needed),
      met: needed.length === 0 ? NO_REQUIREMENTS : new Uint32Array(Math.ceil(needed.length / 32)),
      base: internalError, // replaced just below, once the cell can evaluate itself
      outcomes: undefined,
    };
    fact.base = freezeDeep(combineOutcomes(stamp, undefined, [fact.category], [freezeDeep(evaluate(fact, 0))]));
    if (id >= 0) {
      facts.push(fact);
      factBases.push(fact.base);
    }
    return fact;
  }

  // Which of the fact cell's requirements the flow's (checked) consents meet, as bits (bit r for requirement r),
  // when it has at most 30 of them; else -1 unless no consent is given. Writes nothing: `loadMet` fills `fact.met`
  // for `evaluate` when a decision has to be made.
  function metKeyOf(fact: FactCell, consent: readonly string[]): number {
    if (consent.length === 0 || fact.requirementCount === 0) return 0;
    if (fact.requirementCount > 30) return -1;
    let bits = 0;
    const table = fact.consentBits;
    if (table !== undefined) {
      for (let c = 0; c < consent.length; c++) bits |= table[consentLookup[consent[c]!]!]!;
    } else {
      const reqs = fact.requirements;
      for (let c = 0; c < consent.length; c++) {
        const id = consentLookup[consent[c]!]!;
        for (let r = 0; r < reqs.length; r++) if (reqs[r]!.accepts[id] === 1) bits |= 1 << r;
      }
    }
    return bits;
  }

  // Puts the requirements the consents meet into `fact.met`, from `metKey` (metKeyOf's answer) when it has them.
  function loadMet(fact: FactCell, consent: readonly string[], metKey: number): void {
    const met = fact.met;
    met.fill(0);
    if (metKey > 0) met[0] = metKey;
    else if (metKey < 0) {
      const reqs = fact.requirements;
      for (let c = 0; c < consent.length; c++) {
        const id = consentLookup[consent[c]!]!;
        for (let r = 0; r < reqs.length; r++) if (reqs[r]!.accepts[id] === 1) met[r >>> 5]! |= 1 << (r & 31);
      }
    }
  }

  // How many of the fact cell's distinct caps `days` exceeds (0 for an unstated retention, days = -1).
  function bucketOf(fact: FactCell, days: number): number {
    if (days <= fact.minCapDays) return 0;
    let bucket = 0;
    while (bucket < fact.capDays.length && fact.capDays[bucket]! < days) bucket++;
    return bucket;
  }

  // The category's outcome given the consents met (in `fact.met`) and the retention bucket.
  function evaluate(fact: FactCell, bucket: number): CategoryOutcome {
    const denials: Reason[] = fact.forbidReasons.slice();
    if (bucket > 0) {
      const limit = fact.capDays[bucket - 1]!;
      for (const cap of fact.caps) if (cap.days <= limit) denials.push(cap.reason);
    }
    const allowing: CompiledRule[] = [];
    const nearMisses: Reason[] = [];
    const allowed: boolean[] = [];
    let unstatedMask = 0;
    for (const half of fact.halves) {
      const before = allowing.length;
      const near: Reason[] = [];
      let nearMask = 0;
      for (const entry of half) {
        let missing: string[] | undefined;
        for (const r of entry.needs) {
          if ((fact.met[r >>> 5]! & (1 << (r & 31))) === 0) (missing ??= []).push(fact.requirements[r]!.label);
        }
        if (entry.unstatedMask === 0 && missing === undefined) {
          allowing.push(entry.rule);
          continue;
        }
        const rule = entry.rule;
        near.push(
          missing === undefined
            ? entry.nearReason!
            : freezeDeep(nearMissReason(rule.ref, rule.says, rule.at, missing, UNSTATED_LISTS[entry.unstatedMask]!)),
        );
        nearMask |= entry.unstatedMask;
      }
      const ok = allowing.length > before;
      allowed.push(ok);
      if (!ok) {
        nearMisses.push(...near);
        unstatedMask |= nearMask;
      }
    }
    if (allowed.includes(false)) {
      let which: DefaultDenyCase;
      if (fact.action !== COLLECT) which = fact.action === SHARE ? 'share' : 'use';
      else if (!allowed[0]) which = allowed[1] ? 'collect-rule' : 'collect-both';
      else which = 'collect-purpose';
      denials.push(defaultDenyReason(which, UNSTATED_LISTS[unstatedMask]!), ...nearMisses);
    }
    if (denials.length > 0) return { allowed: false, reasons: denials, obligations: [] };
    const obligations: DecisionObligation[] = [];
    for (const rule of allowing) obligations.push(...rule.obligations);
    obligations.push(...fact.retainObligations);
    return { allowed: true, reasons: allowing.map((r) => r.reason), obligations };
  }

  function outcomeOf(fact: FactCell, consent: readonly string[], days: number): CategoryOutcome {
    const metKey = metKeyOf(fact, consent);
    const bucket = bucketOf(fact, days);
    if (metKey < 0) {
      loadMet(fact, consent, metKey);
      return freezeDeep(evaluate(fact, bucket));
    }
    const key = metKey * (fact.capDays.length + 1) + bucket;
    let outcome = fact.outcomes?.get(key);
    if (!outcome) {
      loadMet(fact, consent, metKey);
      outcome = freezeDeep(evaluate(fact, bucket));
      fact.outcomes ??= new Map();
      if (fact.outcomes.size < MAX_OUTCOMES_PER_CELL) fact.outcomes.set(key, outcome);
    }
    return outcome;
  }

  function decideOne(fact: FactCell, consent: readonly string[], days: number, childDeny: boolean): Decision {
    const metKey = metKeyOf(fact, consent);
    const bucket = bucketOf(fact, days);
    if (metKey === 0 && bucket === 0 && !childDeny) return fact.base;
    const memoize = metKey >= 0 && fact.id >= 0;
    const bucketAndChild = bucket * 2 + (childDeny ? 1 : 0);
    if (memoize) {
      const d = decisionMemo.find(fact.id, metKey, bucketAndChild);
      if (d >= 0) return memoDecisions[d]!;
    }
    loadMet(fact, consent, metKey);
    const outcome = freezeDeep(evaluate(fact, bucket));
    const decision = freezeDeep(combineOutcomes(stamp, childDeny ? childReason : undefined, [fact.category], [outcome]));
    if (memoize) {
      if (memoDecisions.length >= MAX_DECISIONS) {
        decisionMemo.clear();
        memoDecisions.length = 0;
      }
      decisionMemo.insert(fact.id, metKey, bucketAndChild, memoDecisions.length);
      memoDecisions.push(decision);
    }
    return decision;
  }

  // Days of a retention text, -1 when it is not a duration.
  function retentionDays(text: string): number {
    let days = durations[text];
    if (days === undefined) {
      days = parseDurationDays(text) ?? -1;
      if (durationCount < MAX_DURATIONS && text.length <= MAX_MEMO_TEXT) {
        durations[text] = days;
        durationCount++;
      }
    }
    return days;
  }

  // Step 1 (check the flow) inline, then the cells. Mirrors interpret.ts's checkFlow key by key.
  function decideUnsafe(input: unknown): Decision {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail('invalidFlow');
    const flow = input as Record<string, unknown>;
    let action = -1;
    let cat = -1;
    let cats: number[] | undefined;
    let pur = -1;
    let rec = -1;
    let idn = -1;
    let src = -1;
    let sub = -1;
    let jur = -1;
    let age = -1;
    let days = -1;
    let consent: readonly string[] = NO_CONSENT;
    for (const key in flow) {
      const value = flow[key];
      if (value === undefined) continue;
      switch (key) {
        case 'action': {
          if (typeof value !== 'string') return fail('badType', 'action');
          const a = ACTION_NUMBERS[value];
          if (a === undefined) return fail('badAction', value);
          action = a;
          break;
        }
        case 'category':
          if (typeof value === 'string') {
            const c = categories.lookup[value];
            if (c === undefined) return fail('unknownTerm', 'category', value);
            cat = c;
            cats = undefined;
          } else if (Array.isArray(value)) {
            if (value.length === 0) return fail('missingCategory');
            cats = undefined;
            for (let i = 0; i < value.length; i++) {
              const term: unknown = value[i];
              if (typeof term !== 'string') return fail('badType', 'category');
              const c = categories.lookup[term];
              if (c === undefined) return fail('unknownTerm', 'category', term);
              if (i === 0) cat = c;
              else if (cats === undefined) {
                if (c !== cat) cats = [cat, c];
              } else if (!cats.includes(c)) cats.push(c);
            }
          } else return fail('badType', 'category');
          break;
        case 'purpose': {
          if (typeof value !== 'string') return fail('badType', 'purpose');
          const p = purposes.lookup[value];
          if (p === undefined) return fail('unknownTerm', 'purpose', value);
          pur = p;
          break;
        }
        case 'recipient': {
          if (typeof value !== 'string') return fail('badType', 'recipient');
          const r = recipients.lookup[value];
          if (r === undefined) return fail('unknownTerm', 'recipient', value);
          rec = r;
          break;
        }
        case 'identifiability': {
          if (typeof value !== 'string') return fail('badType', 'identifiability');
          const i = identifiability.lookup[value];
          if (i === undefined) return fail('unknownTerm', 'identifiability level', value);
          idn = i;
          break;
        }
        case 'source': {
          if (typeof value !== 'string') return fail('badType', 'source');
          const s = sources.lookup[value];
          if (s === undefined) return fail('unknownTerm', 'source', value);
          src = s;
          break;
        }
        case 'retention': {
          if (typeof value !== 'string') return fail('badType', 'retention');
          const d = retentionDays(value);
          if (d < 0) return fail('badDuration', value);
          days = d;
          break;
        }
        case 'consent':
          if (!Array.isArray(value)) return fail('badType', 'consent');
          for (let i = 0; i < value.length; i++) {
            const c: unknown = value[i];
            if (typeof c !== 'string') return fail('badType', 'consent');
            if (consentLookup[c] === undefined) return fail('unknownTerm', 'consent or purpose', c);
          }
          consent = value as string[];
          break;
        case 'subject': {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('badType', 'subject');
          const subject = value as Record<string, unknown>;
          for (const subjectKey in subject) {
            const v = subject[subjectKey];
            if (v === undefined) continue;
            switch (subjectKey) {
              case 'kind': {
                if (typeof v !== 'string') return fail('badType', 'subject.kind');
                const k = subjects.lookup[v];
                if (k === undefined) return fail('unknownTerm', 'subject kind', v);
                sub = k;
                break;
              }
              case 'age':
                if (typeof v !== 'number') return fail('badType', 'subject.age');
                if (!Number.isFinite(v) || v < 0) return fail('badAge');
                age = v;
                break;
              case 'jurisdiction': {
                if (typeof v !== 'string') return fail('badType', 'subject.jurisdiction');
                const j = jurisdictions.lookup[v];
                if (j === undefined) return fail('unknownTerm', 'jurisdiction', v);
                jur = j;
                break;
              }
              default:
                return fail('unknownKey', `subject.${subjectKey}`);
            }
          }
          break;
        }
        default:
          return fail('unknownKey', key);
      }
    }
    if (cat < 0) return fail('missingCategory');
    if (pur < 0) return fail('missingPurpose');
    if (rec < 0) rec = firstPartyId!;
    const isFirstParty = firstParty[rec] === 1;
    if (action < 0) action = isFirstParty ? USE : SHARE;
    if (isFirstParty === (action === SHARE)) {
      return fail('recipientActionMismatch', ACTIONS[action]!, recipients.terms[rec]!);
    }
    if (idn < 0) idn = identifiedId!;

    const key = factsKey(src, sub, jur, idn);
    const id = flowMemo.find(cat * 4 + action, pur * recipientCount + rec, key);
    // The commonest case: one category, nothing that could change the fact cell's base decision.
    if (id >= 0 && cats === undefined && consent.length === 0 && days < 0 && (age < 0 || children === undefined)) {
      return factBases[id]!;
    }
    const fact = id >= 0 ? facts[id]! : factMiss(action, cat, pur, rec, src, sub, jur, idn, key);
    const childDeny =
      age >= 0 &&
      fact.childrenApply &&
      age < children!.under &&
      !(childConsent !== undefined && grants(consent, childConsent));
    if (cats === undefined) return decideOne(fact, consent, days, childDeny);

    const terms: string[] = [];
    const outcomes: CategoryOutcome[] = [];
    for (const c of cats) {
      terms.push(categories.terms[c]!);
      outcomes.push(outcomeOf(factFor(action, c, pur, rec, src, sub, jur, idn), consent, days));
    }
    return freezeDeep(combineOutcomes(stamp, childDeny ? childReason : undefined, terms, outcomes));
  }

  // Ahead of time, the fact cells of the flows the allow rules name most directly: each use rule's own categories ×
  // purposes (as use and retain flows) and each share rule's categories × purposes × recipients, with no source,
  // subject or identifiability stated. At most EAGER_FACTS of them, so a large policy still compiles quickly; every
  // other cell is built on first use.
  function precompute(): void {
    let budget = EAGER_FACTS;
    const build = (action: number, category: string, purpose: string, recipient: string): boolean => {
      const cat = categories.ids.get(category);
      const pur = purposes.ids.get(purpose);
      const rec = recipients.ids.get(recipient);
      if (cat === undefined || pur === undefined || rec === undefined) return true;
      factFor(action, cat, pur, rec, -1, -1, -1, identifiedId!);
      return --budget > 0;
    };
    for (const rule of policy.document.use ?? []) {
      for (const category of rule.categories) {
        for (const purpose of rule.purposes) {
          if (!build(USE, category, purpose, 'first_party') || !build(RETAIN, category, purpose, 'first_party')) return;
        }
      }
    }
    for (const rule of policy.document.share ?? []) {
      for (const category of rule.categories) {
        for (const purpose of rule.purposes) {
          for (const recipient of rule.recipients) if (!build(SHARE, category, purpose, recipient)) return;
        }
      }
    }
  }
  precompute();

  // Whether the (checked) consents grant `requirement`.
  function grants(consent: readonly string[], requirement: Requirement): boolean {
    for (let c = 0; c < consent.length; c++) if (requirement.accepts[consentLookup[consent[c]!]!] === 1) return true;
    return false;
  }

  return function decide(flow: unknown): Decision {
    try {
      return decideUnsafe(flow);
    } catch {
      return internalError;
    }
  };
}

type ErrorKind = keyof typeof flowErrors;

// The error reason of `kind` with its (string) arguments; `candidatesOf` gives the did-you-mean candidates of an
// unknown term.
function errorReason(
  kind: ErrorKind,
  a: string,
  b: string,
  candidatesOf: (noun: TermNoun) => readonly string[],
): Reason {
  switch (kind) {
    case 'badType':
      return flowErrors.badType(a as Parameters<typeof flowErrors.badType>[0]);
    case 'badAction':
      return flowErrors.badAction(a);
    case 'unknownTerm':
      return flowErrors.unknownTerm(a as TermNoun, b, candidatesOf(a as TermNoun));
    case 'badDuration':
      return flowErrors.badDuration(a);
    case 'unknownKey':
      return flowErrors.unknownKey(a);
    case 'recipientActionMismatch':
      return flowErrors.recipientActionMismatch(a as FlowAction, b);
    default:
      return flowErrors[kind]();
  }
}

const NO_CONSENT: readonly string[] = Object.freeze([]);
const NO_REQUIREMENTS = new Uint32Array(0);

