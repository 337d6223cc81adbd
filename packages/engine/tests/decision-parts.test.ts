import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DIMENSION_KINDS } from '@pledge/policy-spec';
import { policyFrom, policyFromDocument } from '../../../tests/support/policy-from-document.js';
import { flowsFor, policyArb, POOLS, type FlowLike } from '../../../tests/support/random-policy.js';
import { CAT, IDN, JUR, PUR, REC, SRC, SUB } from '../src/compile-rules.js';
import { DIMENSIONS } from '../src/decision-parts.js';
import { compile, interpret, type Decision } from '../src/index.js';
import { DECIDERS, HEAD } from './fixtures/policies.js';

// `error/unknown-term` decisions say what the term was likely meant to be, in both deciders alike.

const policy = policyFrom(`${HEAD}
taxonomy:
  categories: { user.contact.email.work: { label: Work email address } }
use:
  - { id: support, categories: [user.contact], purposes: [essential.service.support] }
`);

const base = { category: 'user.contact.email', purpose: 'essential.service.support' };
const messageOf = (decision: Decision) => {
  expect(decision.decision).toBe('deny');
  expect(decision.reasons).toHaveLength(1);
  expect(decision.reasons[0]!.rule).toBe('error/unknown-term');
  return decision.reasons[0]!.message;
};

describe.each(DECIDERS)('%s: unknown terms', (_name, decide) => {
  test.each([
    [
      { category: 'user.contact.emial' },
      'unknown category `user.contact.emial` — did you mean `user.contact.email`?',
    ],
    [{ category: ['user.name', 'user.contct'] }, 'unknown category `user.contct` — did you mean `user.contact`?'],
    [{ purpose: 'analytic' }, 'unknown purpose `analytic` — did you mean `analytics`?'],
    [
      { recipient: 'processor.paymnt', action: 'share' },
      'unknown recipient `processor.paymnt` — did you mean `processor.payment`?',
    ],
    [{ source: 'user_provded' }, 'unknown source `user_provded` — did you mean `user_provided`?'],
    [{ subject: { kind: 'custmer' } }, 'unknown subject kind `custmer` — did you mean `customer`?'],
    [{ subject: { jurisdiction: 'EEAA' } }, 'unknown jurisdiction `EEAA` — did you mean `EEA`?'],
    [
      { identifiability: 'pseudonymised' },
      'unknown identifiability level `pseudonymised` — did you mean `pseudonymized`?',
    ],
    [{ consent: ['parentall'] }, 'unknown consent or purpose `parentall` — did you mean `parental`?'],
    [
      { consent: ['marketing.comunications'] },
      'unknown consent or purpose `marketing.comunications` — did you mean `marketing.communications`?',
    ],
    [
      { category: 'user.contact.email.wrk' },
      'unknown category `user.contact.email.wrk` — did you mean `user.contact.email.work`?',
    ],
    [
      { category: 'user.contact.phone' },
      'unknown category `user.contact.phone` — did you mean `user.contact.phone_number`?',
    ],
  ])('a typo gets the likely term: %j', (fields, message) => {
    expect(messageOf(decide(policy, { ...base, ...fields }))).toBe(message);
  });

  test.each([
    [{ category: 'payroll.records' }, 'unknown category `payroll.records`'],
    [{ purpose: 'fun' }, 'unknown purpose `fun`'],
    [{ subject: { kind: 'robot' } }, 'unknown subject kind `robot`'],
    [{ subject: { jurisdiction: 'FX' } }, 'unknown jurisdiction `FX`'],
    [{ consent: ['everything'] }, 'unknown consent or purpose `everything`'],
  ])('a far-off or ambiguous term gets none: %j', (fields, message) => {
    expect(messageOf(decide(policy, { ...base, ...fields }))).toBe(message);
  });

  test('a megabyte-long term is denied with a short message and no suggestion', () => {
    const huge = `user.contact.${'e'.repeat(1 << 20)}`;
    for (const fields of [
      { category: huge },
      { category: ['user.name', huge] },
      { purpose: huge },
      { source: huge },
      { consent: ['analytics', huge] },
      { subject: { jurisdiction: huge } },
    ]) {
      const message = messageOf(decide(policy, { ...base, ...fields }))!;
      expect(message.length).toBeLessThan(120);
      expect(message).not.toContain('did you mean');
    }
  });

  test('10,000 unknown categories in one flow: the first is the answer', () => {
    const category = Array.from({ length: 10_000 }, (_, i) => `user.contact.emial${i}`);
    expect(messageOf(decide(policy, { ...base, category }))).toBe(
      'unknown category `user.contact.emial0` — did you mean `user.contact.email`?',
    );
  });
});

describe('the compiled decider under a flood of distinct unknown terms', () => {
  test('answers each one, with its own suggestion, and still decides valid flows', () => {
    const decider = compile(policy);
    for (let i = 0; i < 3000; i++) {
      // Each one a different misspelling, so no memo answers it from an earlier one.
      const term = `user.contact.emai${String.fromCharCode(97 + (i % 26))}${i}`;
      expect(messageOf(decider.decide({ ...base, category: term }))).toBe(
        `unknown category \`${term}\` — did you mean \`user.contact.email\`?`,
      );
    }
    // After the flood, a bad flow sent again is still answered from the memo: the very same decision.
    const again = { ...base, category: 'user.contact.emial' };
    expect(decider.decide(again)).toBe(decider.decide(again));
    // Unknown keys and retentions too long to keep as memo keys.
    for (let i = 0; i < 2000; i++) {
      const long = `${'x'.repeat(300)}${i}`;
      expect(decider.decide({ ...base, [long]: 1 }).reasons[0]!.rule).toBe('error/unknown-key');
      expect(decider.decide({ ...base, retention: long }).reasons[0]!.rule).toBe('error/bad-duration');
    }
    expect(decider.decide(base).decision).toBe('allow');
  });
});

// A term with one to three characters inserted, dropped or changed, put in one field of a flow.
const typo = (term: string, [kind, at, char]: [number, number, string]) => {
  const i = at % (term.length + 1);
  if (kind === 0) return term.slice(0, i) + char + term.slice(i);
  if (kind === 1) return term.slice(0, i) + term.slice(i + 1);
  return term.slice(0, i) + char + term.slice(i + 1);
};
const typoArb = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.constantFrom('a', 'e', '.', '_', 'X', '-'));
const FIELDS = [
  'category',
  'purpose',
  'recipient',
  'source',
  'kind',
  'jurisdiction',
  'identifiability',
  'consent',
] as const;
const POOL_OF: Record<(typeof FIELDS)[number], readonly string[]> = {
  category: POOLS.categories,
  purpose: POOLS.purposes,
  recipient: POOLS.recipients,
  source: POOLS.sources,
  kind: POOLS.subjects,
  jurisdiction: POOLS.jurisdictions,
  identifiability: POOLS.identifiability,
  consent: [...POOLS.consents, ...POOLS.purposes],
};
function misspell(flow: FlowLike, field: (typeof FIELDS)[number], term: string): FlowLike {
  const out: FlowLike = { ...flow };
  if (field === 'kind' || field === 'jurisdiction') out.subject = { ...flow.subject, [field]: term };
  else if (field === 'consent') out.consent = [...((flow.consent as string[] | undefined) ?? []), term];
  else out[field] = term;
  return out;
}

describe('compile agrees with interpret on misspelt flows', () => {
  test('on random policies, every kind of term', () => {
    fc.assert(
      fc.property(
        policyArb.chain((doc) =>
          fc.tuple(
            fc.constant(doc),
            fc.array(
              fc
                .tuple(
                  flowsFor(doc),
                  fc.constantFrom(...FIELDS),
                  fc.nat(),
                  fc.array(typoArb, { minLength: 1, maxLength: 3 }),
                )
                .map(([flow, field, pick, edits]) => {
                  const pool = POOL_OF[field];
                  return misspell(flow, field, edits.reduce(typo, pool[pick % pool.length]!));
                }),
              { minLength: 20, maxLength: 20 },
            ),
          ),
        ),
        ([doc, flows]) => {
          const p = policyFromDocument(doc);
          const decider = compile(p);
          for (const flow of flows) {
            expect(decider.decide(flow), JSON.stringify(flow)).toStrictEqual(interpret(p, flow));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('DIMENSIONS', () => {
  test('lists every rule dimension of the policy format, at the positions the compiled rules use', () => {
    expect([...DIMENSIONS].sort()).toStrictEqual(Object.keys(DIMENSION_KINDS).sort());
    expect([CAT, PUR, REC, SRC, SUB, JUR, IDN].map((d) => DIMENSIONS[d])).toStrictEqual([
      'categories',
      'purposes',
      'recipients',
      'sources',
      'subjects',
      'jurisdictions',
      'identifiability',
    ]);
  });
});
