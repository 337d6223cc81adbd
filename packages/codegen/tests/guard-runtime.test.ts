import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, interpret } from '@pledge/engine';
import { suggest, TERM_KINDS } from '@pledge/policy-spec';
// The shared random policies exercise every path of the semantics: terms at several depths, policy-added terms,
// overlapping regions, consents, retention caps, children clauses.
import { policyFrom, policyFromDocument } from '../../../tests/support/policy-from-document.js';
import { brokenFlowArb, flowsFor, policyArb } from '../../../tests/support/random-policy.js';
import { buildGuardData } from '../src/build-guard-data.js';
import { decideGuardFlow, prepareGuard, suggestTerm } from '../src/guard-runtime.js';
import { policyFlowArb } from './fixtures/flows.js';
import { allTestPolicyPaths, HEAD, loadTestPolicy } from './fixtures/policies.js';

describe('the guard runtime decides as the engine does', () => {
  test('on random policies and flows', () => {
    fc.assert(
      fc.property(
        policyArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(fc.oneof({ weight: 9, arbitrary: flowsFor(doc) }, { weight: 1, arbitrary: brokenFlowArb }), { minLength: 40, maxLength: 40 }))),
        ([doc, flows]) => {
          const policy = policyFromDocument(doc);
          const decider = compile(policy);
          const guard = prepareGuard(buildGuardData(policy, decider.policy));
          for (const flow of flows) {
            const want = decider.decide(flow);
            expect(decideGuardFlow(guard, flow), JSON.stringify(flow)).toStrictEqual(want);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  test.each(allTestPolicyPaths())('on %s, against the compiled decider and the interpreter', (path) => {
    const policy = loadTestPolicy(path);
    const decider = compile(policy);
    const guard = prepareGuard(buildGuardData(policy, decider.policy));
    fc.assert(
      fc.property(policyFlowArb(policy), (flow) => {
        const got = decideGuardFlow(guard, flow);
        expect(got, JSON.stringify(flow)).toStrictEqual(decider.decide(flow));
        expect(got).toStrictEqual(interpret(policy, flow));
      }),
      { numRuns: 300 },
    );
  });

  test('on arbitrary values, never throwing', () => {
    const policy = loadTestPolicy(allTestPolicyPaths()[0]!);
    const decider = compile(policy);
    const guard = prepareGuard(buildGuardData(policy, decider.policy));
    fc.assert(
      fc.property(fc.oneof(fc.anything({ withNullPrototype: true }), fc.jsonValue()), (value) => {
        expect(decideGuardFlow(guard, value)).toStrictEqual(decider.decide(value));
      }),
      { numRuns: 1000 },
    );
  });

  test('returns frozen decisions', () => {
    const policy = loadTestPolicy(allTestPolicyPaths()[0]!);
    const guard = prepareGuard(buildGuardData(policy, compile(policy).policy));
    const d = decideGuardFlow(guard, { category: 'user.financial.credit_card', purpose: 'essential.service.payment_processing', recipient: 'processor.payment' });
    expect(d.decision).toBe('allow');
    expect(Object.isFrozen(d) && Object.isFrozen(d.reasons) && Object.isFrozen(d.reasons[0]) && Object.isFrozen(d.obligations)).toBe(true);
  });
});

describe('the guard runtime suggests what an unknown term was meant to be', () => {
  test('with the answer of policy-spec `suggest` capped at 100 characters, as the engine calls it', () => {
    const policy = loadTestPolicy(allTestPolicyPaths()[0]!);
    const pools = TERM_KINDS.map((kind) => policy.taxonomy.terms(kind).map((t) => t.id));
    const word = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', '.', '_', 'U', 'S'), maxLength: 14 }), fc.string({ maxLength: 110 }));
    fc.assert(
      fc.property(fc.constantFrom(...pools), fc.nat(), word, fc.nat(), (pool, pick, tail, cut) => {
        // A real term with its end replaced: close typos, completions and distant words all come up.
        const term = pool[pick % pool.length]!;
        const w = (term.slice(0, cut % (term.length + 1)) + tail).slice(0, 110);
        expect(suggestTerm(w, pool)).toBe(suggest(w, pool, 100));
      }),
      { numRuns: 3000 },
    );
  });

  test('and none for a term longer than 100 characters, however close', () => {
    const long = `user.${'a'.repeat(95)}`;
    expect(suggestTerm(`${long.slice(0, -1)}b`, [long])).toBe(long);
    expect(suggestTerm(`${long}b`, [long])).toBeUndefined();
    expect(suggestTerm('x'.repeat(1 << 20), [long])).toBeUndefined();
  });

  test('the engine caps suggestions at the same length', () => {
    const long = `user.${'a'.repeat(95)}`;
    const policy = policyFrom(`${HEAD}taxonomy:
  categories:
    ${long}: { label: Long, description: A category with a long name. }
use: [ { id: long, categories: [${long}], purposes: [analytics] } ]
`);
    const decider = compile(policy);
    const guard = prepareGuard(buildGuardData(policy, decider.policy));
    const messages = [`${long.slice(0, -1)}b`, `${long}b`].map((category) => {
      const flow = { category, purpose: 'analytics' };
      const got = decideGuardFlow(guard, flow);
      expect(got).toStrictEqual(decider.decide(flow));
      return got.reasons[0]!.message;
    });
    // Messages shorten long terms, so only the presence of the suggestion is checked.
    expect(messages[0]).toMatch(/^unknown category `user\.a+\.\.\.` — did you mean `user\.a+\.\.\.`\?$/);
    expect(messages[1]).toMatch(/^unknown category `user\.a+\.\.\.`$/);
  });

  test.each(allTestPolicyPaths())('%s: the same message as the engine for every kind of term', (path) => {
    const policy = loadTestPolicy(path);
    const decider = compile(policy);
    const guard = prepareGuard(buildGuardData(policy, decider.policy));
    const base = { category: 'user.name', purpose: 'essential.service' };
    const flows = [
      { ...base, category: 'user.contact.emial' },
      { ...base, purpose: 'essential.servce' },
      { ...base, recipient: 'processor.paymnt' },
      { ...base, source: 'user_provded' },
      { ...base, identifiability: 'pseudonymised' },
      { ...base, subject: { kind: 'custmer' } },
      { ...base, subject: { jurisdiction: 'EEAA' } },
      { ...base, consent: ['parentall'] },
      { ...base, consent: ['marketing.comunications'] },
      { ...base, subject: { kind: 'robot' } },
      { ...base, category: `user.contact.${'e'.repeat(1 << 20)}` },
    ];
    const messages = flows.map((flow) => {
      const got = decideGuardFlow(guard, flow);
      expect(got, JSON.stringify(flow).slice(0, 200)).toStrictEqual(decider.decide(flow));
      return got.reasons[0]!.message!;
    });
    expect(messages.slice(0, 9).every((m) => m.includes(' — did you mean `'))).toBe(true);
    expect(messages[0]).toBe('unknown category `user.contact.emial` — did you mean `user.contact.email`?');
    expect(messages[9]).toBe('unknown subject kind `robot`');
  });
});
