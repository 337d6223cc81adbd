import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Decision } from '../src/index.js';
import { policyFromDocument } from '../../../tests/support/policy-from-document.js';
import {
  flowsFor,
  policyArb,
  poolParent,
  POOLS,
  poolTermsWithin,
  type FlowLike,
  type PolicyDocumentLike,
} from '../../../tests/support/random-policy.js';
import { DECIDERS } from './fixtures/policies.js';

// The properties DESIGN.md promises, on random policies and flows, for both deciders.

const RUNS = 40;
const FLOWS = 25;

/** A random policy with a batch of flows aimed at it. */
const cases = policyArb.chain((doc) =>
  fc.tuple(fc.constant(doc), fc.array(flowsFor(doc), { minLength: FLOWS, maxLength: FLOWS })),
);

const isError = (d: Decision) => d.reasons.some((r) => r.rule.startsWith('error/'));
const actionOf = (flow: FlowLike) =>
  (flow.action as string | undefined) ??
  (flow.recipient !== undefined && flow.recipient !== 'first_party' ? 'share' : 'use');
const categoriesOf = (flow: FlowLike) => [
  ...new Set(Array.isArray(flow.category) ? (flow.category as string[]) : [flow.category as string]),
];
const withRule = (
  doc: PolicyDocumentLike,
  section: 'forbid' | 'use',
  rule: Record<string, unknown>,
): PolicyDocumentLike => ({
  ...doc,
  [section]: [...doc[section], rule],
});

describe.each(DECIDERS)('%s', (_name, decide) => {
  test('deny overrides allow: a forbid rule matching the flow denies it, whatever allows it', () => {
    fc.assert(
      fc.property(cases, fc.nat(), ([doc, flows], pick) => {
        const flow = flows[pick % flows.length]!;
        const forbid = { id: 'added', categories: categoriesOf(flow).slice(0, 1), purposes: [flow.purpose] };
        const after = decide(policyFromDocument(withRule(doc, 'forbid', forbid)), flow);
        expect(after.decision).toBe('deny');
        expect(after.reasons.map((r) => r.rule)).toContain('forbid/added');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  test('adding a forbid rule never turns a deny into an allow', () => {
    const forbidArb = fc.record({
      id: fc.constant('added'),
      categories: fc.constantFrom(...POOLS.categories).map((c) => [c]),
      sources: fc.constantFrom(...POOLS.sources).map((s) => [s]),
    });
    fc.assert(
      fc.property(cases, forbidArb, ([doc, flows], forbid) => {
        const before = policyFromDocument(doc);
        const after = policyFromDocument(withRule(doc, 'forbid', forbid));
        for (const flow of flows) {
          if (decide(before, flow).decision === 'deny') expect(decide(after, flow).decision).toBe('deny');
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('nothing is allowed without an allowing rule of the right section for each category', () => {
    fc.assert(
      fc.property(cases, ([doc, flows]) => {
        const policy = policyFromDocument(doc);
        const bare = policyFromDocument({ ...doc, collect: [], use: [], share: [] });
        for (const flow of flows) {
          expect(decide(bare, flow).decision).toBe('deny');
          const d = decide(policy, flow);
          if (d.decision !== 'allow') continue;
          const action = actionOf(flow);
          const multi = categoriesOf(flow).length > 1;
          for (const category of categoriesOf(flow)) {
            const rules = d.reasons
              .filter((r) => r.effect === 'allow' && (!multi || r.category === category))
              .map((r) => r.rule);
            if (action === 'collect') {
              expect(rules.some((r) => r.startsWith('collect/'))).toBe(true);
              expect(rules.some((r) => r.startsWith('use/') || r.startsWith('share/'))).toBe(true);
            } else {
              expect(rules.length).toBeGreaterThan(0);
              expect(rules.every((r) => r.startsWith(action === 'share' ? 'share/' : 'use/'))).toBe(true);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a forbid rule on a parent term covers every term inside it', () => {
    const dimension = fc.constantFrom('categories', 'purposes', 'jurisdictions') as fc.Arbitrary<
      'categories' | 'purposes' | 'jurisdictions'
    >;
    fc.assert(
      fc.property(cases, dimension, fc.nat(), ([doc, flows], kind, seed) => {
        const parents = (POOLS[kind] as readonly string[]).filter((t) => poolTermsWithin(kind, t).length > 1);
        const parent = parents[seed % parents.length]!;
        const policy = policyFromDocument(withRule(doc, 'forbid', { id: 'added', [kind]: [parent] }));
        for (const [i, child] of poolTermsWithin(kind, parent).entries()) {
          const flow = { ...flows[i % flows.length]! };
          if (kind === 'categories') flow.category = child;
          else if (kind === 'purposes') flow.purpose = child;
          else flow.subject = { ...flow.subject, jurisdiction: child };
          const d = decide(policy, flow);
          expect(d.decision).toBe('deny');
          expect(d.reasons.map((r) => r.rule)).toContain('forbid/added');
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('widening an allow rule to a parent term keeps every flow it allowed allowed', () => {
    const widen = (kind: 'categories' | 'purposes' | 'recipients', terms: unknown) =>
      Array.isArray(terms) ? [...new Set((terms as string[]).map((t) => poolParent(kind, t) ?? t))] : terms;
    fc.assert(
      fc.property(cases, ([doc, flows]) => {
        const wider = { ...doc };
        for (const section of ['collect', 'use', 'share'] as const) {
          wider[section] = doc[section].map((rule) => ({
            ...rule,
            categories: widen('categories', rule.categories),
            ...(rule.purposes ? { purposes: widen('purposes', rule.purposes) } : {}),
            ...(rule.recipients ? { recipients: widen('recipients', rule.recipients) } : {}),
          }));
        }
        const before = policyFromDocument(doc);
        const after = policyFromDocument(wider);
        for (const flow of flows) {
          if (decide(before, flow).decision === 'allow') expect(decide(after, flow).decision).toBe('allow');
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('granting one more consent never turns an allow into a deny', () => {
    fc.assert(
      fc.property(cases, fc.constantFrom(...POOLS.consents, ...POOLS.purposes), ([doc, flows], extra) => {
        const policy = policyFromDocument(doc);
        for (const flow of flows) {
          if (decide(policy, flow).decision !== 'allow') continue;
          const consent = [...new Set([...((flow.consent as string[] | undefined) ?? []), extra])];
          expect(decide(policy, { ...flow, consent }).decision).toBe('allow');
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a child without the lifting consent is denied outside the exempt purposes', () => {
    const clause = fc.record({
      under: fc.integer({ min: 2, max: 21 }),
      unless_consent: fc.constantFrom(...POOLS.consents),
      exempt_purposes: fc.constantFrom(['legal'], ['essential.service'], ['analytics', 'legal.compliance']),
    });
    fc.assert(
      fc.property(cases, clause, fc.nat(), ([doc, flows], children, seed) => {
        const policy = policyFromDocument({ ...doc, children });
        const exempt = children.exempt_purposes.flatMap((p) => poolTermsWithin('purposes', p));
        for (const flow of flows) {
          if (exempt.includes(flow.purpose as string)) continue;
          const consent = ((flow.consent as string[] | undefined) ?? []).filter((c) => c !== children.unless_consent);
          const child = { ...flow, consent, subject: { ...flow.subject, age: seed % children.under } };
          const d = decide(policy, child);
          expect(d.decision).toBe('deny');
          if (!isError(d)) expect(d.reasons[0]!.rule).toBe('children/under-' + children.under);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('leaving source, subject.kind or subject.jurisdiction unstated never turns a deny into an allow', () => {
    fc.assert(
      fc.property(cases, ([doc, flows]) => {
        const policy = policyFromDocument(doc);
        for (const flow of flows) {
          if (decide(policy, flow).decision !== 'deny') continue;
          const { source: _source, ...noSource } = flow;
          expect(decide(policy, noSource).decision).toBe('deny');
          if (flow.subject) {
            const { kind: _kind, ...noKind } = flow.subject;
            const { jurisdiction: _jurisdiction, ...noJurisdiction } = flow.subject;
            expect(decide(policy, { ...flow, subject: noKind }).decision).toBe('deny');
            expect(decide(policy, { ...flow, subject: noJurisdiction }).decision).toBe('deny');
            const ageOnly = flow.subject.age === undefined ? {} : { age: flow.subject.age };
            expect(decide(policy, { ...noSource, subject: ageOnly }).decision).toBe('deny');
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('naming a parent term instead of a child never turns a deny into an allow', () => {
    fc.assert(
      fc.property(cases, ([doc, flows]) => {
        const policy = policyFromDocument(doc);
        for (const flow of flows) {
          if (decide(policy, flow).decision !== 'deny') continue;
          const variants: FlowLike[] = [];
          const cats = categoriesOf(flow);
          const catParent = poolParent('categories', cats[0]!);
          if (catParent) variants.push({ ...flow, category: [catParent, ...cats.slice(1)] });
          const purposeParent = poolParent('purposes', flow.purpose as string);
          if (purposeParent) variants.push({ ...flow, purpose: purposeParent });
          const recipientParent =
            flow.recipient === undefined ? undefined : poolParent('recipients', flow.recipient as string);
          if (recipientParent) variants.push({ ...flow, recipient: recipientParent });
          const jurisdiction = flow.subject?.jurisdiction as string | undefined;
          const region = jurisdiction === undefined ? undefined : poolParent('jurisdictions', jurisdiction);
          if (region) variants.push({ ...flow, subject: { ...flow.subject, jurisdiction: region } });
          for (const variant of variants) expect(decide(policy, variant).decision).toBe('deny');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
