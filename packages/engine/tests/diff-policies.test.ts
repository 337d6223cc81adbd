import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadPolicy, type LoadedPolicy } from '@pledge/policy-spec';
import { diffPolicies, interpret, isFlowInClass, type Decision, type FlowChange, type PolicyDiff } from '../src/index.js';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { flowArb, flowsFor, policyArb, poolParent, POOLS, type PolicyDocumentLike } from '../../../tests/support/random-policy.js';
import { HEAD } from './fixtures/policies.js';

// A policy change, as a reviewer might make one: each mutation picks its target with the numbers it is given.
type Mutation = { kind: number; a: number; b: number; c: number };
const SECTIONS = ['collect', 'use', 'share', 'forbid', 'retain'] as const;
const WIDEN_DIMS = ['categories', 'purposes', 'recipients', 'sources', 'jurisdictions'] as const;
/** A category only the new policy's taxonomy defines, named by an added rule and by some flows. */
const NEW_CATEGORY = 'user.contact.phone_number.mobile';

function mutate(doc: PolicyDocumentLike, donor: PolicyDocumentLike, mutations: readonly Mutation[]): PolicyDocumentLike {
  const out = structuredClone(doc) as Omit<PolicyDocumentLike, 'taxonomy'> & { taxonomy: Record<string, unknown> };
  const pick = <T,>(list: readonly T[], n: number) => (list.length === 0 ? undefined : list[n % list.length]);
  mutations.forEach(({ kind, a, b, c }, i) => {
    const section = SECTIONS[a % SECTIONS.length]!;
    const rules = out[section];
    const rule = pick(rules, b);
    switch (kind % 8) {
      case 0: // drop a rule
        if (rules.length > 0) rules.splice(b % rules.length, 1);
        break;
      case 1: {
        // add a rule of the same section from another random policy
        const extra = pick(donor[section], b);
        if (extra) rules.push({ ...structuredClone(extra), id: `${section}_added_${i}` });
        break;
      }
      case 2: {
        // widen a term to its parent
        const dim = WIDEN_DIMS[c % WIDEN_DIMS.length]!;
        const terms = rule?.[dim] as string[] | undefined;
        const term = terms && pick(terms, c);
        const parent = term && poolParent(dim, term);
        if (rule && terms && parent) rule[dim] = [...new Set(terms.map((t) => (t === term ? parent : t)))];
        break;
      }
      case 3: // remove a consent requirement
        if (rule && 'requires' in rule) delete rule['requires'];
        break;
      case 4: {
        // change a retention cap
        const retain = pick(out.retain, b);
        if (retain) retain['at_most'] = pick(['purpose', ...POOLS.durations], c);
        break;
      }
      case 5: // add a forbid rule
        out.forbid.push({ id: `forbid_added_${i}`, purposes: [pick(POOLS.purposes, b)!], ...(c % 2 ? { sources: ['automatic'] } : {}) });
        break;
      case 6: // change the children clause
        if (out.children) out.children['under'] = 1 + (c % 20);
        else out.children = { under: 13, unless_consent: 'parental' };
        break;
      default: {
        // add a category of the new policy's own, and a rule that allows it
        const categories = { ...(out.taxonomy['categories'] as object), [NEW_CATEGORY]: { label: 'Mobile number' } };
        out.taxonomy = { ...out.taxonomy, categories };
        out.use.push({ id: `use_mobile_${i}`, categories: ['user.contact.phone_number'], purposes: [pick(POOLS.purposes, b)!] });
      }
    }
  });
  return out as unknown as PolicyDocumentLike;
}

/** Random policy changes checked: 125 by default; `PLEDGE_FUZZ_RUNS` scales it as for the other property tests. */
const RUNS = Math.max(1, Math.ceil(Number(process.env.PLEDGE_FUZZ_RUNS ?? 20_000) / 160));

const mutationArb = fc.record({ kind: fc.nat(), a: fc.nat(), b: fc.nat(), c: fc.nat() });

function load(doc: unknown, file: string): LoadedPolicy | undefined {
  return loadPolicy(JSON.stringify(doc), file).policy;
}

const obligationSet = (d: Decision) =>
  [...new Set(d.obligations.map((o) => `${o.kind} ${o.duration ?? ''}`))].sort();
const differs = (a: Decision, b: Decision) =>
  a.decision !== b.decision || JSON.stringify(obligationSet(a)) !== JSON.stringify(obligationSet(b));
const ruleRefs = (reasons: readonly { rule: string }[]) => reasons.map((r) => r.rule);

/** The class's claim about each side holds for this (single-category) flow. */
function expectClaimHolds(change: FlowChange, flow: unknown, decisions: readonly [Decision, Decision]): void {
  ([
    [change.old, decisions[0]],
    [change.new, decisions[1]],
  ] as const).forEach(([claim, got]) => {
    expect(got.decision, JSON.stringify(flow)).toBe(claim.decision);
    expect(ruleRefs(got.reasons), JSON.stringify(flow)).toEqual(ruleRefs(claim.reasons));
    expect(obligationSet(got)).toEqual(obligationSet({ obligations: claim.obligations } as Decision));
  });
}

function categoriesOf(flow: Record<string, unknown>): string[] {
  return typeof flow['category'] === 'string' ? [flow['category']] : [...new Set(flow['category'] as string[])];
}

/** Completeness and soundness of `diff` on `flows`, against the reference interpreter. */
function checkDiff(diff: PolicyDiff, oldPolicy: LoadedPolicy, newPolicy: LoadedPolicy, flows: readonly Record<string, unknown>[]): void {
  const taxonomies = [oldPolicy.taxonomy, newPolicy.taxonomy];
  for (const change of diff.changes) {
    const decisions = [interpret(oldPolicy, change.example), interpret(newPolicy, change.example)] as const;
    expect(differs(...decisions), JSON.stringify(change.example)).toBe(true);
    expect(isFlowInClass(change.flows, change.example, taxonomies)).toBe(true);
    expectClaimHolds(change, change.example, decisions);
  }
  for (const flow of flows) {
    const decisions = [interpret(oldPolicy, flow), interpret(newPolicy, flow)] as const;
    const holding = diff.changes.filter((c) => isFlowInClass(c.flows, flow, taxonomies));
    if (differs(...decisions)) expect(holding.length, `no class holds ${JSON.stringify(flow)}`).toBeGreaterThan(0);
    // Every single-category flow in a class is decided as the class says.
    for (const category of categoriesOf(flow)) {
      const single = { ...flow, category };
      const inClasses = diff.changes.filter((c) => isFlowInClass(c.flows, single, taxonomies));
      expect(inClasses.length, `classes overlap on ${JSON.stringify(single)}`).toBeLessThanOrEqual(1);
      if (inClasses[0]) expectClaimHolds(inClasses[0], single, [interpret(oldPolicy, single), interpret(newPolicy, single)]);
    }
  }
}

describe('diffPolicies', () => {
  test('is exact on random policy changes: every differently decided flow is in a class, every class is right', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        policyArb,
        policyArb,
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        fc.context(),
        (doc, donor, mutations, ctx) => {
          const changed = mutate(doc, donor, mutations);
          const oldPolicy = load(doc, 'policies/old.yaml')!;
          const newPolicy = load(changed, 'policies/new.yaml');
          fc.pre(newPolicy !== undefined);
          const flows = fc.sample(
            fc.oneof(
              flowsFor(doc),
              flowsFor(changed),
              flowArb,
              flowArb.map((f) => ({ ...f, category: NEW_CATEGORY })),
            ),
            { numRuns: 80, seed: mutations[0]!.a },
          );
          const diff = diffPolicies(oldPolicy, newPolicy!);
          ctx.log(`${diff.changes.length} changes`);
          checkDiff(diff, oldPolicy, newPolicy!, flows);
          checked++;
        },
      ),
      { numRuns: RUNS },
    );
    // Few mutated policies may be invalid (then skipped): most runs must check something.
    expect(checked).toBeGreaterThan(RUNS * 0.8);
  });

  test('is exact on unrelated random policies, where most cells differ and each side decides many contexts alike', () => {
    fc.assert(
      fc.property(policyArb, policyArb, fc.nat(), (a, b, seed) => {
        const [oldPolicy, newPolicy] = [load(a, 'policies/a.yaml')!, load(b, 'policies/b.yaml')!];
        const flows = fc.sample(fc.oneof(flowsFor(a), flowsFor(b), flowArb), { numRuns: 40, seed });
        checkDiff(diffPolicies(oldPolicy, newPolicy), oldPolicy, newPolicy, flows);
      }),
      { numRuns: Math.ceil(RUNS / 20) },
    );
  });

  test('finds no change between a policy and itself, and between policies that differ only in wording and ids', () => {
    fc.assert(
      fc.property(policyArb, (doc) => {
        const policy = load(doc, 'policies/a.yaml')!;
        expect(diffPolicies(policy, policy).changes).toEqual([]);
        const reworded = structuredClone(doc);
        for (const section of SECTIONS) reworded[section].reverse().forEach((r, i) => ((r['id'] = `renamed_${i}`), (r['says'] = 'Other words.')));
        expect(diffPolicies(policy, load(reworded, 'policies/b.yaml')!).changes).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('diffPolicies on hand-made changes', () => {
  const base = `${HEAD}
use:
  - { id: newsletter, categories: [user.contact.email], purposes: [marketing.communications.email],
      requires: { consent: [marketing.communications.email] }, obligations: [unsubscribe_link], says: With your consent we send a newsletter. }
  - { id: support, categories: [user.contact], purposes: [essential.service.support] }
retain:
  - { id: contact, categories: [user.contact], at_most: P1Y }
`;
  const oldPolicy = policyFrom(base, 'policies/old.yaml');

  test('removing a consent requirement newly allows the flows without that consent: less protective', () => {
    const diff = diffPolicies(oldPolicy, policyFrom(base.replace('requires: { consent: [marketing.communications.email] }, ', ''), 'policies/new.yaml'));
    expect(diff.lessProtective).toBe(1);
    expect(diff.moreProtective).toBe(0);
    const [change] = diff.changes;
    expect(change).toMatchObject({
      protection: 'less',
      change: 'allowed',
      flows: {
        actions: ['use', 'retain'],
        categories: { inside: ['user.contact.email'] },
        purposes: { inside: ['marketing.communications.email'] },
        consent: { given: [], notGiven: ['marketing.communications.email'] },
      },
      old: { decision: 'deny' },
      new: { decision: 'allow', reasons: [{ rule: 'use/newsletter', at: 'policies/new.yaml:5:5' }] },
    });
    expect(change!.old.reasons.map((r) => r.rule)).toEqual(['default/deny', 'use/newsletter']);
    expect(change!.old.reasons[1]!.missing).toEqual(['consent marketing.communications.email']);
  });

  test('a longer retention cap is less protective, a shorter one more, with the flows it now denies', () => {
    const longer = diffPolicies(oldPolicy, policyFrom(base.replace('at_most: P1Y', 'at_most: P2Y'), 'policies/new.yaml'));
    expect(longer.changes.every((c) => c.protection === 'less')).toBe(true);
    const allowed = longer.changes.find((c) => c.change === 'allowed')!;
    expect(allowed.flows.retention).toEqual([{ moreThan: 'P365D', atMost: 'P730D' }]);
    const obligations = longer.changes.find((c) => c.change === 'obligations')!;
    expect(obligations.obligationsRemoved).toEqual([{ kind: 'retain_at_most', duration: 'P1Y' }]);
    expect(obligations.obligationsAdded).toEqual([{ kind: 'retain_at_most', duration: 'P2Y' }]);

    const shorter = diffPolicies(oldPolicy, policyFrom(base.replace('at_most: P1Y', 'at_most: P6M'), 'policies/new.yaml'));
    expect(shorter.lessProtective).toBe(0);
    // One of each per allowing rule: flows kept longer than six months are now denied, the others get the new cap.
    expect(new Set(shorter.changes.map((c) => c.change))).toEqual(new Set(['denied', 'obligations']));
  });

  test('a forbid rule is more protective and names the rule that now denies', () => {
    const diff = diffPolicies(oldPolicy, policyFrom(`${base}forbid:\n  - { id: no_auto, sources: [automatic], says: Nothing automatic. }\n`, 'policies/new.yaml'));
    expect(diff.lessProtective).toBe(0);
    expect(diff.changes.length).toBeGreaterThan(0);
    for (const change of diff.changes) {
      expect(change).toMatchObject({ protection: 'more', change: 'denied', new: { decision: 'deny' } });
      expect(change.new.reasons.map((r) => r.rule)).toContain('forbid/no_auto');
      // Flows that state another source are untouched; flows that state none are caught (unknown could be
      // automatic), in a class of their own since their reason says what to state.
      expect([{ inside: ['automatic'] }, { inside: [], unstated: true }]).toContainEqual(change.flows.source);
    }
  });

  test('reports at the highest term whose whole inside changed alike', () => {
    const diff = diffPolicies(oldPolicy, policyFrom(base.replace('categories: [user.contact], purposes: [essential.service.support]', 'categories: [user.contact, user.financial], purposes: [essential.service.support]'), 'policies/new.yaml'));
    const allowed = diff.changes.filter((c) => c.change === 'allowed');
    expect(allowed.map((c) => c.flows.categories)).toEqual([{ inside: ['user.financial'] }]);
    expect(allowed[0]!.flows.purposes).toEqual({ inside: ['essential.service.support'] });
  });
});

describe('diffPolicies on the seed policies', () => {
  const seed = (name: string, edit?: (text: string) => string) => {
    const text = readSeed(name);
    const edited = edit ? edit(text) : text;
    if (edit) expect(edited).not.toBe(text);
    return policyFrom(edited, `policies/${name}.yaml`);
  };

  test.each(['accounting-def', 'hpdeskjet-support', 'network-carrier', 'printo-gens', 'qb-customer-support'])(
    '%s against itself: no change',
    (name) => {
      const policy = seed(name);
      const diff = diffPolicies(policy, policy);
      expect(diff.changes).toEqual([]);
      expect(diff.notice).toBeUndefined();
    },
  );

  test('accounting-def without the newsletter consent: newly allowed newsletters, and the promised notice', () => {
    const oldPolicy = seed('accounting-def');
    const newPolicy = seed('accounting-def', (t) => t.replace('    requires: { consent: [marketing.communications.email] }\n', ''));
    const diff = diffPolicies(oldPolicy, newPolicy);
    expect(diff.lessProtective).toBeGreaterThan(0);
    expect(diff.moreProtective).toBe(0);
    for (const change of diff.changes) {
      expect(change.flows.purposes.inside).toEqual(['marketing.communications.email']);
      expect(change.flows.consent?.notGiven).toEqual(['marketing.communications.email']);
      expect(change.new.reasons.map((r) => r.rule)).toContain('use/newsletter');
    }
    expect(diff.notice).toMatchObject({ rule: 'changes/notice', notify: 'before_less_protective' });
    checkDiff(diff, oldPolicy, newPolicy, [
      { category: 'user.contact.email', purpose: 'marketing.communications.email' },
      { category: 'user.contact.email', purpose: 'marketing.communications.email', consent: ['marketing'] },
      { category: 'user.contact.email', purpose: 'marketing.communications.email', subject: { age: 10 } },
    ]);
  });

  test('accounting-def with a ban on sharing with affiliates: more protective, no notice', () => {
    const oldPolicy = seed('accounting-def');
    const newPolicy = seed('accounting-def', (t) =>
      t.replace('\nforbid:\n', '\nforbid:\n  - id: no_affiliates\n    recipients: [affiliate]\n    says: Our affiliates get nothing.\n\n'),
    );
    const diff = diffPolicies(oldPolicy, newPolicy);
    expect(diff.lessProtective).toBe(0);
    expect(diff.changes.length).toBeGreaterThan(0);
    expect(diff.notice).toBeUndefined();
    for (const change of diff.changes) {
      expect(change.change).toBe('denied');
      expect(change.flows.recipients.inside).toEqual(['affiliate']);
      expect(change.new.reasons[0]).toMatchObject({ rule: 'forbid/no_affiliates', says: 'Our affiliates get nothing.' });
      expect(change.old.reasons.map((r) => r.rule).some((r) => r.startsWith('share/affiliates_'))).toBe(true);
    }
  });

  test('network-carrier to printo-gens: a class for every flow decided differently, each class right', () => {
    const oldPolicy = seed('network-carrier');
    const newPolicy = seed('printo-gens');
    const diff = diffPolicies(oldPolicy, newPolicy);
    expect(diff.taxonomy.some((t) => t.definedIn === 'new')).toBe(true);
    const flows = fc.sample(fc.oneof(flowArb, flowsFor(oldPolicy.document as never), flowsFor(newPolicy.document as never)), {
      numRuns: 300,
      seed: 7,
    });
    checkDiff(diff, oldPolicy, newPolicy, flows);
  });
});

function readSeed(name: string): string {
  return readFileSync(join(import.meta.dirname, '..', '..', '..', 'policies', `${name}.yaml`), 'utf8');
}
