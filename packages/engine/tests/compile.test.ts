import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, interpret } from '../src/index.js';
import { policyFrom, policyFromDocument } from '../../../tests/support/policy-from-document.js';
import { brokenFlowArb, flowsFor, policyArb } from '../../../tests/support/random-policy.js';
import { HEAD } from './fixtures/policies.js';

const FLOWS_PER_POLICY = 100;
/** Cases in the differential test: 20,000 by default; `PLEDGE_FUZZ_RUNS` scales it (e.g. 1000000 for a nightly run). */
const CASES = Number(process.env.PLEDGE_FUZZ_RUNS ?? 20_000);

describe('compile agrees with interpret', () => {
  test(`on ${CASES} random (policy, flow) cases`, () => {
    fc.assert(
      fc.property(
        policyArb.chain((doc) =>
          fc.tuple(
            fc.constant(doc),
            fc.array(fc.oneof({ weight: 19, arbitrary: flowsFor(doc) }, { weight: 1, arbitrary: brokenFlowArb }), {
              minLength: FLOWS_PER_POLICY,
              maxLength: FLOWS_PER_POLICY,
            }),
          ),
        ),
        ([doc, flows]) => {
          const policy = policyFromDocument(doc);
          const decider = compile(policy);
          // Deciding each flow twice checks that memoized answers stay right.
          const first = decider.decideMany(flows);
          for (let i = 0; i < flows.length; i++) {
            const want = interpret(policy, flows[i]);
            expect(first[i], JSON.stringify(flows[i])).toStrictEqual(want);
            expect(decider.decide(flows[i])).toStrictEqual(want);
          }
        },
      ),
      { numRuns: Math.max(1, Math.ceil(CASES / FLOWS_PER_POLICY)) },
    );
  });

  test('on arbitrary values, and neither throws', () => {
    const policy = policyFrom(`${HEAD}
use: [ { id: support, categories: [user.contact], purposes: [essential.service.support] } ]
forbid: [ { id: no_auto, sources: [automatic] } ]
children: { under: 13 }
`);
    const decider = compile(policy);
    fc.assert(
      fc.property(
        fc.oneof(fc.anything({ withNullPrototype: true, withObjectString: true }), fc.jsonValue()),
        (value) => {
          const got = decider.decide(value);
          expect(got.decision === 'allow' || got.decision === 'deny').toBe(true);
          expect(got).toStrictEqual(interpret(policy, value));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the decider', () => {
  const policy = policyFrom(`${HEAD}
use:
  - { id: support, categories: [user.contact], purposes: [essential.service.support], obligations: [limit_access] }
  - id: newsletter
    categories: [user.contact.email]
    purposes: [marketing.communications.email]
    requires: { consent: [marketing.communications.email] }
retain: [ { id: contact, categories: [user.contact], at_most: P1Y } ]
`);
  const decider = compile(policy);

  test('is frozen, and so are its decisions', () => {
    expect(Object.isFrozen(decider)).toBe(true);
    const d = decider.decide({ category: 'user.contact.email', purpose: 'essential.service.support' });
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.reasons)).toBe(true);
    expect(Object.isFrozen(d.reasons[0])).toBe(true);
    expect(Object.isFrozen(d.obligations[0])).toBe(true);
    const fresh = decider.decide({
      category: ['user.contact.email', 'user.contact.phone_number'],
      purpose: 'essential.service.support',
    });
    expect(Object.isFrozen(fresh) && Object.isFrozen(fresh.reasons) && Object.isFrozen(fresh.reasons[1])).toBe(true);
    expect(() => ((decider as { decide: unknown }).decide = () => undefined)).toThrow();
  });

  test('returns the same decision object for a repeated flow', () => {
    const flow = { category: 'user.contact.email', purpose: 'essential.service.support' };
    expect(decider.decide({ ...flow })).toBe(decider.decide({ ...flow }));
    const withConsent = {
      category: 'user.contact.email',
      purpose: 'marketing.communications.email',
      consent: ['marketing'],
    };
    expect(decider.decide({ ...withConsent })).toBe(decider.decide({ ...withConsent }));
    expect(decider.decide({ ...withConsent }).decision).toBe('allow');
  });

  test('decideMany decides each flow in order', () => {
    const flows = [
      { category: 'user.contact.email', purpose: 'essential.service.support' },
      { category: 'user.name', purpose: 'analytics' },
      null,
    ];
    expect(decider.decideMany(flows)).toStrictEqual(flows.map((f) => decider.decide(f)));
    expect(decider.decideMany([])).toStrictEqual([]);
  });

  test('stamps decisions with the policy', () => {
    expect(decider.policy).toStrictEqual(interpret(policy, {}).policy);
    expect(decider.decide({}).policy).toBe(decider.policy);
  });

  test('turns a failure inside decide into error/internal', () => {
    const hostile = {
      category: 'user.contact.email',
      get purpose(): string {
        throw new Error('boom');
      },
    };
    const d = decider.decide(hostile);
    expect(d.decision).toBe('deny');
    expect(d.reasons.map((r) => r.rule)).toStrictEqual(['error/internal']);
    expect(interpret(policy, hostile)).toStrictEqual(d);
  });

  test('stays right when more distinct flows arrive than it memoizes', () => {
    // Enough distinct (category, purpose, recipient, jurisdiction) cells to fill the memo tables.
    const taxonomy = policy.taxonomy;
    const categories = taxonomy.terms('categories').map((t) => t.id);
    const purposes = taxonomy.terms('purposes').map((t) => t.id);
    const jurisdictions = taxonomy.terms('jurisdictions').map((t) => t.id);
    const regional = policyFrom(`${HEAD}
use: [ { id: eu, categories: [user], purposes: [essential], jurisdictions: [EEA] } ]
`);
    const byCell = compile(regional);
    let checked = 0;
    for (let i = 0; i < 40_000; i++) {
      const flow = {
        category: categories[i % categories.length]!,
        purpose: purposes[Math.floor(i / categories.length) % purposes.length]!,
        subject: { jurisdiction: jurisdictions[i % jurisdictions.length]! },
      };
      const got = byCell.decide(flow);
      if (i % 997 === 0 || i > 39_900) {
        expect(got).toStrictEqual(interpret(regional, flow));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('reads names from Object.prototype as unknown terms, keys, actions and durations', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const base = { category: 'user.contact.email', purpose: 'essential.service.support' };
    for (const name of names) {
      const flows: unknown[] = [
        { ...base, category: name },
        { ...base, category: ['user.name', name] },
        { ...base, purpose: name },
        { ...base, recipient: name },
        { ...base, source: name },
        { ...base, identifiability: name },
        { ...base, action: name },
        { ...base, retention: name },
        { ...base, consent: [name] },
        { ...base, subject: { kind: name } },
        { ...base, subject: { jurisdiction: name } },
        JSON.parse(`{ "category": "user.contact.email", "purpose": "essential.service.support", "${name}": 1 }`),
      ];
      for (const flow of flows) {
        const want = interpret(policy, flow);
        expect(want.reasons[0]!.rule, JSON.stringify(flow)).toMatch(/^error\//);
        expect(decider.decide(flow), JSON.stringify(flow)).toStrictEqual(want);
        expect(decider.decide(flow), JSON.stringify(flow)).toStrictEqual(want);
      }
    }
  });

  test('reads inherited enumerable keys, as the interpreter does', () => {
    const inherited = Object.create({ category: 'user.contact.email' }) as Record<string, unknown>;
    inherited.purpose = 'essential.service.support';
    const stray = Object.create({ colour: 'red' }) as Record<string, unknown>;
    Object.assign(stray, { category: 'user.contact.email', purpose: 'essential.service.support' });
    expect(decider.decide(inherited).decision).toBe('allow');
    expect(decider.decide(stray).reasons.map((r) => r.rule)).toStrictEqual(['error/unknown-key']);
    for (const flow of [inherited, stray]) expect(decider.decide(flow)).toStrictEqual(interpret(policy, flow));
  });

  test('gives the same answers for fresh strings and for strings it has seen', () => {
    const flow = { category: 'user.contact.email', purpose: 'marketing.communications.email', consent: ['marketing'] };
    const first = decider.decide(flow);
    // Built at run time, so not the same string objects as above.
    const parsed = JSON.parse(JSON.stringify(flow)) as typeof flow;
    const joined = { category: ['user', 'contact', 'email'].join('.'), purpose: parsed.purpose, consent: ['market' + 'ing'] };
    expect(decider.decide(parsed)).toBe(first);
    expect(decider.decide(joined)).toBe(first);
    expect(decider.decide({ ...flow, retention: 'P2Y' })).toStrictEqual(interpret(policy, { ...flow, retention: 'P2Y' }));
    expect(decider.decide({ ...flow, retention: ['P', '2Y'].join('') })).toBe(decider.decide({ ...flow, retention: 'P2Y' }));
    expect(decider.decide({ ...flow, retention: 'P1H' }).reasons[0]!.rule).toBe('error/bad-duration');
    expect(decider.decide({ ...flow, retention: 'P1H' })).toStrictEqual(interpret(policy, { ...flow, retention: 'P1H' }));
  });

  test('stays right when more consent combinations arrive than it memoizes decisions', () => {
    // Leaf purposes outside marketing: each consent meets exactly one requirement.
    const all = policy.taxonomy.terms('purposes').map((t) => t.id);
    const purposes = all
      .filter((p) => !p.startsWith('marketing') && !all.some((q) => q.startsWith(`${p}.`)))
      .slice(0, 15);
    expect(purposes).toHaveLength(15);
    const p = policyFrom(`${HEAD}
use: [ { id: gated, categories: [user.contact], purposes: [marketing], requires: { consent: [${purposes.join(', ')}] } } ]
retain: [ { id: short, categories: [user.contact.email], at_most: P30D } ]
`);
    const d = compile(p);
    // 2^15 subsets of the consents: more (fact cell, consents met) pairs than the decision memo holds.
    const flowFor = (i: number) => ({
      category: 'user.contact.email',
      purpose: 'marketing.communications',
      consent: purposes.filter((_, bit) => i & (1 << bit)),
      ...(i % 3 === 0 ? { retention: 'P1Y' } : {}),
    });
    const early = Array.from({ length: 40 }, (_, i) => d.decide(flowFor(i + 1)));
    for (let i = 1; i < 1 << 15; i++) {
      const got = d.decide(flowFor(i));
      if (i % 401 === 0 || i > (1 << 15) - 40) expect(got).toStrictEqual(interpret(p, flowFor(i)));
    }
    early.forEach((decision, i) => {
      expect(decision.reasons.find((r) => r.rule === 'use/gated')!.missing).toHaveLength(15 - popCount(i + 1));
      expect(d.decide(flowFor(i + 1))).toStrictEqual(decision);
    });
    expect(d.decide(flowFor((1 << 15) - 1)).decision).toBe('allow');
    const kept = { ...flowFor((1 << 15) - 1), retention: 'P1Y' };
    expect(d.decide(kept).reasons.map((r) => r.rule)).toStrictEqual(['retain/short']);
    expect(d.decide(kept)).toStrictEqual(interpret(p, kept));
  });

  test('stays right when its consent tables reach their bound', () => {
    // 1,500 purposes of our own, each needing consent to itself: one consent table per purpose, 1,500 consent
    // numbers each, more than the tables may hold in all.
    const added = Array.from({ length: 1500 }, (_, i) => `own.p${i}`);
    const p = policyFrom(`${HEAD}
taxonomy:
  purposes: { own: { label: Our own }, ${added.map((t) => `${t}: { label: Own ${t} }`).join(', ')} }
use: [ { id: own, categories: [user.contact], purposes: [own], requires: { consent: purpose } } ]
`);
    const d = compile(p);
    const flows = added.flatMap((purpose, i) => [
      { category: 'user.contact.email', purpose, consent: [i % 2 === 0 ? purpose : 'own'] },
      { category: 'user.contact.email', purpose, consent: [added[(i + 1) % added.length]!] },
    ]);
    const first = flows.map((f) => d.decide(f));
    expect(first.map((x) => x.decision)).toStrictEqual(flows.map((_, i) => (i % 2 === 0 ? 'allow' : 'deny')));
    for (let i = 0; i < flows.length; i += 97) expect(first[i]).toStrictEqual(interpret(p, flows[i]));
    expect(first[flows.length - 1]).toStrictEqual(interpret(p, flows[flows.length - 1]));
    flows.forEach((f, i) => expect(d.decide(f)).toBe(first[i]));
  });

  test('stays right with more consents than fit a memo key, and more fact combinations than a cell memoizes', () => {
    const purposes = policy.taxonomy
      .terms('purposes')
      .map((t) => t.id)
      .filter((p) => !p.startsWith('marketing'));
    const many = purposes.slice(0, 34);
    const p = policyFrom(`${HEAD}
use:
  - { id: many, categories: [user.contact], purposes: [marketing], requires: { consent: [${many.join(', ')}] } }
  - { id: some, categories: [user], purposes: [marketing.advertising], requires: { consent: [${many.slice(0, 8).join(', ')}] } }
retain: [ { id: short, categories: [user.contact.email], at_most: P30D }, { id: long, categories: [user], at_most: P1Y } ]
`);
    const d = compile(p);
    fc.assert(
      fc.property(
        fc.subarray(many),
        fc.constantFrom('user.contact.email', 'user.name', ['user.contact.email', 'user.name']),
        fc.constantFrom('marketing', 'marketing.advertising'),
        fc.constantFrom(undefined, 'P7D', 'P60D', 'P2Y'),
        (consent, category, purpose, retention) => {
          const flow = { category, purpose, consent, ...(retention ? { retention } : {}) };
          expect(d.decide(flow)).toStrictEqual(interpret(p, flow));
        },
      ),
      { numRuns: 600 },
    );
    expect(d.decide({ category: 'user.contact.email', purpose: 'marketing', consent: many })).toMatchObject({
      decision: 'allow',
    });
  });
});

function popCount(n: number): number {
  let count = 0;
  for (; n !== 0; n &= n - 1) count++;
  return count;
}
