/** Something to time: a function that decides one input, and the inputs to feed it in turn. */
export interface DecisionSubject<T> {
  name: string;
  decide: (input: T) => string;
  /** The benchmark requests, already in the form `decide` takes. The length must be a power of two. */
  inputs: readonly T[];
}

/** A {@link DecisionSubject} of any input type, so subjects of different inputs can be timed together. */
export interface AnySubject {
  name: string;
  decide: (input: never) => string;
  inputs: readonly unknown[];
}

/** How long to warm each subject up and to time it, in how many interleaved rounds. */
export interface MeasureOptions {
  warmupMs: number;
  /** Timed milliseconds per subject, split evenly over the rounds. */
  timeMs: number;
  /**
   * The subjects take turns, round after round, so that a change in the machine's load during the run (other
   * processes, frequency) falls on all of them alike rather than on whichever ran at that moment.
   */
  rounds: number;
}

/** What timing a subject gave. Latencies are nanoseconds per decision. */
export interface Measurement {
  name: string;
  /** Decisions per timed batch. */
  batch: number;
  /** Timed batches. */
  samples: number;
  /** Per-decision latency: the median and the 99th percentile of the batch means. */
  p50: number;
  p99: number;
  mean: number;
  /** 1e9 / p50. */
  decisionsPerSecond: number;
  /**
   * The same percentiles of the batches' CPU time (`process.cpuUsage()`, user + system, all of the process's
   * threads) per decision. A batch the scheduler interrupts takes longer on the clock but not in CPU time, so on a
   * busy machine these are closer to what a quiet one would show.
   */
  cpuP50: number;
  cpuP99: number;
  /** How many decisions of one pass over the inputs were `allow` (a check that the work was done). */
  allowedPerPass: number;
}

/**
 * A timed batch should take about this long: long enough that the clock's own cost (~50 ns) stays out of the
 * result, short enough that slow subjects still give thousands of samples.
 */
const TARGET_BATCH_NS = 1_000_000;
/** Batches never hold more decisions than this; subjects faster than {@link FAST_NS} get exactly this many. */
export const MAX_BATCH = 1_000;
/** Per-decision cost (ns) up to which a subject counts as fast. */
const FAST_NS = 5_000;

type Loop<T> = (decide: (input: T) => string, inputs: readonly T[], mask: number, start: number, batch: number) => number;

/**
 * Times each subject's `decide` over its inputs, in batches: a single decision takes well under a microsecond,
 * too little to time one call at a time, so each sample is the mean over a batch of consecutive inputs (1,000
 * for subjects under 5 µs a decision; for slower ones as many as take about 1 ms, at least one), timed with
 * `process.hrtime.bigint()`. Reports, per subject, the median and 99th percentile of those batch means.
 *
 * Each subject gets its own copy of the timing loop (compiled from source with `new Function`), so V8 profiles and
 * inlines each subject's call site on its own and no subject pays for another's shape. The subjects are warmed
 * up first, then timed in turns (see {@link MeasureOptions.rounds}).
 */
export function measureDecisions(subjects: readonly AnySubject[], options: MeasureOptions): Measurement[] {
  const timers = subjects.map((s) => createTimer(s as unknown as DecisionSubject<unknown>));
  for (const timer of timers) timer.warm(options.warmupMs);
  const slice = options.timeMs / options.rounds;
  for (let round = 0; round < options.rounds; round++) for (const timer of timers) timer.time(slice);
  return timers.map((t) => t.result());
}

interface Timer {
  warm(ms: number): void;
  time(ms: number): void;
  result(): Measurement;
}

function createTimer<T>(subject: DecisionSubject<T>): Timer {
  const { inputs } = subject;
  const mask = inputs.length - 1;
  if (inputs.length === 0 || (inputs.length & mask) !== 0) throw new Error(`${subject.name}: the inputs must be a power of two in number`);
  const loop = createLoop<T>();
  const means: number[] = [];
  const cpuMeans: number[] = [];
  let start = 0;
  let batch = 1;
  let sink = 0;
  return {
    warm(ms) {
      // Growing chunks until the time is up; then the cost of one decision, from the last second half of the
      // warm-up (past the first calls and the compiler's work), sizes the batches.
      let chunk = 1;
      const t0 = process.hrtime.bigint();
      const end = t0 + BigInt(Math.round(ms * 1e6));
      const half = t0 + BigInt(Math.round(ms * 5e5));
      let now = t0;
      let lateStart = 0n;
      let late = 0;
      while (now < end) {
        sink += loop(subject.decide, inputs, mask, start, chunk);
        start = (start + chunk) & mask;
        const before = now;
        now = process.hrtime.bigint();
        if (before >= half) {
          if (lateStart === 0n) lateStart = before;
          late += chunk;
        }
        if (chunk < MAX_BATCH) chunk = Math.min(MAX_BATCH, chunk * 2);
      }
      const estimate = late > 0 ? Number(now - lateStart) / late : Number(now - t0);
      // Fast subjects all get the same batch, so that their p99s are alike in kind; the estimate is noisy on a
      // busy machine and only sizes the batches of subjects well above a microsecond.
      batch = estimate <= FAST_NS ? MAX_BATCH : Math.max(1, Math.min(MAX_BATCH, Math.round(TARGET_BATCH_NS / estimate)));
    },
    time(ms) {
      const end = process.hrtime.bigint() + BigInt(Math.round(ms * 1e6));
      for (;;) {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        sink += loop(subject.decide, inputs, mask, start, batch);
        const t1 = process.hrtime.bigint();
        const cpu = process.cpuUsage(c0);
        means.push(Number(t1 - t0) / batch);
        cpuMeans.push(((cpu.user + cpu.system) * 1000) / batch);
        start = (start + batch) & mask;
        if (t1 >= end) break;
      }
    },
    result() {
      // Count allows over exactly one pass, untimed: the result depends on every decision, so none can be skipped.
      const allowedPerPass = loop(subject.decide, inputs, mask, 0, inputs.length);
      if (sink < 0) throw new Error('unreachable');
      const sorted = [...means].sort((a, b) => a - b);
      const cpuSorted = [...cpuMeans].sort((a, b) => a - b);
      const p50 = quantile(sorted, 0.5);
      return {
        name: subject.name,
        batch,
        samples: sorted.length,
        p50,
        p99: quantile(sorted, 0.99),
        mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
        decisionsPerSecond: 1e9 / p50,
        cpuP50: quantile(cpuSorted, 0.5),
        cpuP99: quantile(cpuSorted, 0.99),
        allowedPerPass,
      };
    },
  };
}

/** The `q` quantile of ascending `sorted` (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of `values` (any order). */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function createLoop<T>(): Loop<T> {
  // A fresh function per subject: see measureDecisions.
  return new Function(
    'decide',
    'inputs',
    'mask',
    'start',
    'batch',
    `let allowed = 0;
for (let i = 0; i < batch; i++) {
  if (decide(inputs[(start + i) & mask]) === 'allow') allowed++;
}
return allowed;`,
  ) as Loop<T>;
}
