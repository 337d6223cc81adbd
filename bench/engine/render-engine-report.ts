import type { Machine } from './describe-machine.js';
import type { Measurement } from './measure-decisions.js';

/** The results for one policy. */
export interface PolicyResult {
  id: string;
  /** Rules in collect, use, share, forbid and retain. */
  rules: number;
  /** Terms the policy adds to the standard taxonomy. */
  addedTerms: number;
  requests: number;
  /** What the engine decided on the requests; `errors` are denies with an `error/…` reason. */
  mix: { allowed: number; denied: number; errors: number };
  /** Requests on which the reference interpreter gives the same allow/deny as the compiled Decider. */
  interpreterAgrees: number;
  compile: { medianMs: number; maxMs: number; runs: number; firstPassNs: number };
  heap: { compiledBytes: number | undefined; afterRequestsBytes: number | undefined };
  measurements: Measurement[];
}

/** A whole engine benchmark run. */
export interface EngineReport {
  machine: Machine;
  cedarVersion: string;
  settings: {
    requests: number;
    requestSeed: number;
    generated: { rules: number; terms: number; seed: number };
    warmupMs: number;
    timeMs: number;
    rounds: number;
    compileRuns: { seed: number; generated: number };
  };
  /** Id of the generated policy. */
  generatedPolicy: string;
  /** The seed with a hand-written function and a Cedar encoding. */
  referenceSeed: string;
  policies: PolicyResult[];
  seconds: number;
}

/** One of the issue's performance targets, judged on a run. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

const BEGIN = '<!-- engine benchmark: begin (written by `pnpm bench`, bench/engine/run-engine-bench.ts) -->';
const END = '<!-- engine benchmark: end -->';

const SUBJECT_LABELS: Record<string, string> = {
  engine: 'engine (compiled Decider)',
  interpreter: 'reference interpreter',
  'hand-written': 'hand-written TypeScript',
  cedar: 'cedar-wasm',
  empty: 'empty function (harness cost)',
};
const SUBJECT_ORDER = ['engine', 'hand-written', 'cedar', 'interpreter', 'empty'];

/** Judges the run against the targets of issue 3 ("Performance"). */
export function evaluateTargets(report: EngineReport): TargetResult[] {
  const reference = report.policies.find((p) => p.id === report.referenceSeed);
  const generated = report.policies.find((p) => p.id === report.generatedPolicy);
  const get = (p: PolicyResult | undefined, name: string) => p?.measurements.find((m) => m.name === name);
  const engineRef = get(reference, 'engine');
  const hand = get(reference, 'hand-written');
  const engineGen = get(generated, 'engine');
  const targets: TargetResult[] = [];
  if (engineRef && hand) {
    const ratio = engineRef.decisionsPerSecond / hand.decisionsPerSecond;
    targets.push({
      target: `engine at least as fast as the hand-written function (${report.referenceSeed}): ratio >= 1.0`,
      measured: `${ratio.toFixed(2)} (${mps(engineRef)} vs ${mps(hand)} decisions/s)`,
      met: ratio >= 1,
    });
  }
  const engines = report.policies.map((p) => ({ id: p.id, m: get(p, 'engine') })).filter((e) => e.m !== undefined);
  if (engines.length > 0) {
    const worst = engines.reduce((a, b) => (b.m!.p99 > a.m!.p99 ? b : a));
    targets.push({
      target: 'engine p99 latency under 1 µs, on every policy',
      measured: `worst ${ns(worst.m!.p99)} (${worst.id})`,
      met: worst.m!.p99 < 1000,
    });
  }
  if (engineRef && engineGen) {
    const share = engineGen.decisionsPerSecond / engineRef.decisionsPerSecond;
    targets.push({
      target: `throughput on the ${report.settings.generated.rules}-rule policy at least half that on ${report.referenceSeed}`,
      measured: `${share.toFixed(2)} × (${mps(engineGen)} vs ${mps(engineRef)} decisions/s)`,
      met: share >= 0.5,
    });
  }
  if (generated) {
    targets.push({
      target: `${report.settings.generated.rules}-rule policy compiled in under 100 ms`,
      measured: `median ${generated.compile.medianMs.toFixed(1)} ms (max ${generated.compile.maxMs.toFixed(1)} ms, ${generated.compile.runs} compiles)`,
      met: generated.compile.medianMs < 100,
    });
  }
  return targets;
}

/** The engine section of BENCHMARKS.md, between its markers. */
export function renderEngineReport(report: EngineReport): string {
  const { machine, settings } = report;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  const reference = report.policies.find((p) => p.id === report.referenceSeed);
  const get = (p: PolicyResult | undefined, name: string) => p?.measurements.find((m) => m.name === name);

  push(
    BEGIN,
    '',
    `Reproduce with \`pnpm bench\` at the repository root (it builds first; the engine part alone: \`pnpm --filter @pledge/bench bench:engine\`).`,
    '',
    `- **Date:** ${machine.date}`,
    `- **Machine:** ${machine.cpu}, ${machine.cores} cores; Node ${machine.node} (V8 ${machine.v8}); @cedar-policy/cedar-wasm ${report.cedarVersion || 'not run'}`,
    `- **Load average at start:** ${machine.loadAverage.toFixed(2)} (above ${machine.cores}, other processes were competing for the CPU; compare runs made on a quiet machine)${machine.priority ? `; benchmark priority ${machine.priority}` : ''}`,
    `- **Tree:** ${machine.commit}`,
    `- **Whole run:** ${report.seconds.toFixed(0)} s`,
    '',
    '### Targets (issue 3)',
    '',
    '| target | measured | status |',
    '|---|---|---|',
    ...evaluateTargets(report).map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'met' : '**not met**'} |`),
    '',
  );

  if (reference) {
    const engine = get(reference, 'engine');
    const hand = get(reference, 'hand-written');
    const cedar = get(reference, 'cedar');
    const empty = get(reference, 'empty');
    push(`### Ratios on ${reference.id} (decisions per second, from the medians)`, '', '| ratio | value |', '|---|---|');
    if (engine && hand) push(`| engine / hand-written | ${(engine.decisionsPerSecond / hand.decisionsPerSecond).toFixed(2)} |`);
    if (engine && cedar) push(`| engine / cedar-wasm | ${Math.round(engine.decisionsPerSecond / cedar.decisionsPerSecond).toLocaleString('en-US')} |`);
    if (hand && cedar) push(`| hand-written / cedar-wasm | ${Math.round(hand.decisionsPerSecond / cedar.decisionsPerSecond).toLocaleString('en-US')} |`);
    const interp = get(reference, 'interpreter');
    if (engine && interp) push(`| engine / reference interpreter | ${(engine.decisionsPerSecond / interp.decisionsPerSecond).toFixed(0)} |`);
    if (engine && hand && empty) {
      push(
        `| engine / hand-written, harness cost (${ns(empty.p50)}) taken off both | ${((hand.p50 - empty.p50) / Math.max(engine.p50 - empty.p50, 0.01)).toFixed(2)} |`,
      );
    }
    push('');
  }

  push(
    '### Decisions per second and latency per decision',
    '',
    'Latency is per decision: p50 and p99 of the batch means on the clock, then the same from the CPU time the batches used (see "How it is measured"). decisions/s and the targets use the clock.',
    '',
    '| policy | rules | subject | decisions/s | p50 | p99 | p50, CPU time | p99, CPU time | batch × samples |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const p of report.policies) {
    const ordered = [...p.measurements].sort((a, b) => SUBJECT_ORDER.indexOf(a.name) - SUBJECT_ORDER.indexOf(b.name));
    ordered.forEach((m, i) => {
      const label = m.name === 'cedar' ? `${SUBJECT_LABELS[m.name]} ${report.cedarVersion}` : (SUBJECT_LABELS[m.name] ?? m.name);
      push(
        `| ${i === 0 ? p.id : ''} | ${i === 0 ? p.rules : ''} | ${label} | ${mps(m)} | ${ns(m.p50)} | ${ns(m.p99)} | ${ns(m.cpuP50)} | ${ns(m.cpuP99)} | ${m.batch.toLocaleString('en-US')} × ${m.samples.toLocaleString('en-US')} |`,
      );
    });
  }
  push('');

  push(
    '### Compile time and memory (engine)',
    '',
    '| policy | rules | terms added | compile, median | compile, max | first pass, per decision | heap after compile | heap after deciding the requests |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const p of report.policies) {
    push(
      `| ${p.id} | ${p.rules} | ${p.addedTerms} | ${p.compile.medianMs.toFixed(2)} ms | ${p.compile.maxMs.toFixed(2)} ms | ${ns(p.compile.firstPassNs)} | ${bytes(p.heap.compiledBytes)} | ${bytes(p.heap.afterRequestsBytes)} |`,
    );
  }
  push('');

  push(
    '### The requests',
    '',
    '| policy | requests | allowed | denied | denied, unknown term | interpreter agrees |',
    '|---|---:|---:|---:|---:|---:|',
  );
  for (const p of report.policies) {
    push(`| ${p.id} | ${p.requests} | ${p.mix.allowed} | ${p.mix.denied} | ${p.mix.errors} | ${p.interpreterAgrees} / ${p.requests} |`);
  }
  push('');

  push(
    '### How it is measured',
    '',
    `- **Requests.** ${settings.requests.toLocaleString('en-US')} flows per policy, generated from the policy's own rules with a fixed seed (${settings.requestSeed}; bench/engine/generate-requests.ts): 35% inside an allow rule with its requirements granted, 15% from a rule that requires consent (granted half the time), 10% inside a forbid rule, 20% random category × purpose × recipient, 10% about a child, 10% with one misspelt term. Each flow names one category; optional fields (source, subject, identifiability, retention) are stated some of the time. Every subject decides the same flows in the same order, cycling through them, so after the first pass the engine answers from its lazily built tables; "first pass" in the compile table is the cost of deciding each flow for the first time on a fresh Decider.`,
    `- **Subjects.** The compiled Decider (\`compile(policy).decide\`), the reference interpreter (\`interpret\`), and on ${report.referenceSeed}: a hand-written function (bench/engine/create-accounting-def-check.ts: nested ifs and Set lookups, allow/deny only, no reasons) and cedar-wasm with the policy encoded in Cedar (bench/engine/accounting-def-cedar.ts), the policy set parsed once with \`preparsePolicySet\` and each request's Cedar call, entities included, built before timing; cedar-wasm keeps no entity store between calls, so the entities cross into wasm with every call. The run stops unless the hand-written function and Cedar give the engine's allow/deny on every request. The empty function returns a constant: its time is the harness's own cost, included in every other row.`,
    `- **Timing.** A decision takes a microsecond or less, too little to time one call at a time (reading the clock costs tens of nanoseconds), so each sample times a batch of consecutive decisions with \`process.hrtime.bigint()\` and divides: 1,000 decisions per batch for every subject under 5 µs a decision, for slower ones as many as take about 1 ms (one or two, for Cedar). p50 and p99 are those of the batch means, so p99 is the 99th percentile of 1,000-decision averages, not of single calls. decisions/s is 1e9 / p50. Each batch's CPU time (\`process.cpuUsage()\`, user + system, all threads) is recorded too: when the scheduler interrupts a batch, its clock time grows but its CPU time does not, so on a busy machine the CPU-time columns are nearer to a quiet machine's figures (above all for p99). Each subject is warmed up for ${settings.warmupMs} ms, then the subjects take turns for ${settings.rounds} rounds, ${settings.timeMs} ms each in all, so a change in load falls on all of them.`,
    `- **Generated policy.** ${report.generatedPolicy}: ${settings.generated.rules} rules (6% collect, 48% use, 36% share, 6% forbid, 4% retain) over ${settings.generated.terms} added terms (categories, purposes, recipients in two-level families), seed ${settings.generated.seed}; bench/engine/generate-policy.ts.`,
    `- **Compile time** is the median of ${settings.compileRuns.seed} compiles (${settings.compileRuns.generated} for the generated policy) after one warm-up compile; loading and validating the YAML is not included. **Memory** is the growth of the V8 heap caused by a compiled Decider, right after \`compile\` and after it has decided every request once: eight Deciders are kept alive and the growth divided by eight, the heap measured after \`gc()\` until it stops shrinking (\`node --expose-gc --no-flush-bytecode\`).`,
    '',
    END,
  );
  return lines.join('\n');
}

/**
 * BENCHMARKS.md with the engine section replaced by `section` (or added under `## Engine`), leaving every other
 * section as it is. `current` is the file's text, or undefined when there is no file yet.
 */
export function spliceEngineSection(current: string | undefined, section: string): string {
  if (current === undefined) {
    return `# Benchmarks\n\nWhat the project measures, how to run it again, and the latest results.\n\n## Engine\n\n${section}\n`;
  }
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin >= 0 && end > begin) return current.slice(0, begin) + section + current.slice(end + END.length);
  const heading = current.indexOf('\n## Engine\n');
  if (heading >= 0) {
    const at = heading + '\n## Engine\n'.length;
    return `${current.slice(0, at)}\n${section}\n${current.slice(at)}`;
  }
  return `${current.replace(/\n*$/, '\n')}\n## Engine\n\n${section}\n`;
}

function mps(m: Measurement): string {
  const d = m.decisionsPerSecond;
  if (d >= 1e6) return `${(d / 1e6).toFixed(2)} M`;
  if (d >= 1e3) return `${(d / 1e3).toFixed(1)} k`;
  return d.toFixed(0);
}

function ns(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} ms`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} µs`;
  return `${n.toFixed(1)} ns`;
}

function bytes(n: number | undefined): string {
  if (n === undefined) return 'n/a';
  if (Math.abs(n) >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  return `${(n / 1024).toFixed(1)} KiB`;
}
