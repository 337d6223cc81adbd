import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadPolicy, type LoadedPolicy } from '@pledge/policy-spec';
import { compile, interpret } from '../src/index.js';
import { brokenFlowArb, flowsFor, type PolicyDocumentLike } from '../../../tests/support/random-policy.js';

// The compiled decider and the interpreter agree on the real policies too, for flows aimed at their rules.

const dir = new URL('../../../policies/', import.meta.url);
const files = (() => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.test.yaml'));
  } catch {
    return [];
  }
})();

describe.runIf(files.length > 0)('seed policies', () => {
  test.each(files)('%s: compile agrees with interpret', (file) => {
    const { policy, diagnostics } = loadPolicy(readFileSync(new URL(file, dir), 'utf8'), `policies/${file}`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toStrictEqual([]);
    const loaded = policy as LoadedPolicy;
    const decider = compile(loaded);
    const flows = fc.sample(
      fc.oneof(
        { weight: 9, arbitrary: flowsFor(loaded.document as unknown as PolicyDocumentLike) },
        { weight: 1, arbitrary: brokenFlowArb },
      ),
      { numRuns: 1000, seed: 42 },
    );
    let allowed = 0;
    for (const flow of flows) {
      const got = decider.decide(flow);
      expect(got, JSON.stringify(flow)).toStrictEqual(interpret(loaded, flow));
      expect(got.reasons.some((r) => r.rule === 'error/internal')).toBe(false);
      if (got.decision === 'allow') allowed++;
    }
    // The flows reach the allow paths, not only the denials.
    expect(allowed).toBeGreaterThan(50);
  });
});
