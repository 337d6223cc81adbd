import { describe, expect, test } from 'vitest';
import type { Measurement } from '../engine/measure-decisions.js';
import { evaluateTargets, renderEngineReport, spliceEngineSection, type EngineReport, type PolicyResult } from '../engine/render-engine-report.js';

const m = (name: string, p50: number, p99: number): Measurement => ({
  name,
  batch: 1000,
  samples: 100,
  p50,
  p99,
  mean: p50,
  decisionsPerSecond: 1e9 / p50,
  cpuP50: p50 * 0.9,
  cpuP99: p99 * 0.5,
  allowedPerPass: 1,
});

const policy = (id: string, rules: number, measurements: Measurement[], compileMs = 1): PolicyResult => ({
  id,
  rules,
  addedTerms: 0,
  requests: 4096,
  mix: { allowed: 2000, denied: 1700, errors: 396 },
  interpreterAgrees: 4096,
  compile: { medianMs: compileMs, maxMs: compileMs * 2, runs: 9, firstPassNs: 5000 },
  heap: { compiledBytes: 200_000, afterRequestsBytes: 2_000_000 },
  measurements,
});

function report(engineNs: number, handNs: number, generatedNs: number, compileMs: number): EngineReport {
  return {
    machine: { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', v8: '11', date: 'Sun Nov 22 2026', loadAverage: 0.5, commit: 'abc1234' },
    cedarVersion: '4.13.0',
    settings: {
      requests: 4096,
      requestSeed: 1,
      generated: { rules: 1000, terms: 500, seed: 2 },
      warmupMs: 500,
      timeMs: 2000,
      rounds: 4,
      compileRuns: { seed: 15, generated: 9 },
    },
    generatedPolicy: 'generated-1000',
    referenceSeed: 'accounting-def',
    policies: [
      policy('accounting-def', 46, [m('engine', engineNs, engineNs * 2), m('hand-written', handNs, handNs * 2), m('cedar', 300_000, 900_000), m('interpreter', 20_000, 90_000), m('empty', 5, 6)]),
      policy('generated-1000', 1000, [m('engine', generatedNs, generatedNs * 2), m('interpreter', 900_000, 2_000_000), m('empty', 5, 6)], compileMs),
    ],
    seconds: 90,
  };
}

describe('evaluateTargets', () => {
  test('all met', () => {
    const targets = evaluateTargets(report(100, 150, 180, 20));
    expect(targets.map((t) => t.met)).toEqual([true, true, true, true]);
    expect(targets[0]!.measured).toMatch(/^1\.50 /);
  });

  test('each target can fail on its own', () => {
    expect(evaluateTargets(report(200, 150, 300, 20)).map((t) => t.met)).toEqual([false, true, true, true]);
    expect(evaluateTargets(report(600, 900, 700, 20)).map((t) => t.met)).toEqual([true, false, true, true]);
    expect(evaluateTargets(report(100, 150, 250, 20)).map((t) => t.met)).toEqual([true, true, false, true]);
    expect(evaluateTargets(report(100, 150, 180, 150)).map((t) => t.met)).toEqual([true, true, true, false]);
  });
});

describe('renderEngineReport', () => {
  const text = renderEngineReport(report(100, 150, 180, 20));

  test('states the machine, the date, the command and the method', () => {
    expect(text).toContain('Test CPU, 2 cores');
    expect(text).toContain('Sun Nov 22 2026');
    expect(text).toContain('`pnpm bench`');
    expect(text).toContain('p50 and p99 are those of the batch means');
  });

  test('tables every subject, the ratios and the targets', () => {
    expect(text).toContain('| accounting-def | 46 | engine (compiled Decider) | 10.00 M | 100.0 ns | 200.0 ns | 90.0 ns | 100.0 ns | 1,000 × 100 |');
    expect(text).toContain('| engine / hand-written | 1.50 |');
    expect(text).toContain('| engine / cedar-wasm | 3,000 |');
    expect(text).toContain('cedar-wasm 4.13.0');
    expect(text).not.toContain('not met');
  });
});

describe('spliceEngineSection', () => {
  const section = renderEngineReport(report(100, 150, 180, 20));

  test('creates the file with an Engine heading', () => {
    const file = spliceEngineSection(undefined, section);
    expect(file.startsWith('# Benchmarks\n')).toBe(true);
    expect(file).toContain(`## Engine\n\n${section}\n`);
  });

  test('replaces only the engine section and keeps the others', () => {
    const first = spliceEngineSection(undefined, section);
    const withLint = `${first}\n## Lint\n\nLint numbers.\n`;
    const again = spliceEngineSection(withLint, renderEngineReport(report(90, 150, 180, 20)));
    expect(again).toContain('## Lint\n\nLint numbers.\n');
    expect(again).toContain('| engine / hand-written | 1.67 |');
    expect(again).not.toContain('| engine / hand-written | 1.50 |');
    expect(again.match(/## Engine/g)).toHaveLength(1);
  });

  test('adds the section to a file that has none', () => {
    const file = spliceEngineSection('# Benchmarks\n\n## Lint\n\nLint numbers.\n', section);
    expect(file).toContain('## Lint\n\nLint numbers.\n');
    expect(file.indexOf('## Engine')).toBeGreaterThan(file.indexOf('## Lint'));
  });
});
