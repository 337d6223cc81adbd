import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile, interpret } from '@pledge/engine';
// The engine's random policies exercise every path of the semantics: terms at several depths, policy-added terms,
// overlapping regions, consents, retention caps, children clauses.
import { brokenFlowArb, flowsFor, policyArb } from '../../engine/tests/fixtures/random-policy.js';
import { policyFromDocument } from '../../engine/tests/fixtures/policies.js';
import { buildGuardData } from '../src/build-guard-data.js';
import { decideGuardFlow, prepareGuard } from '../src/guard-runtime.js';
import { policyFlowArb } from './fixtures/flows.js';
import { allTestPolicyPaths, loadTestPolicy } from './fixtures/policies.js';

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
