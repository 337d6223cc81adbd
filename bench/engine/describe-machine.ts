import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';

/** Where and when a benchmark ran: enough to tell whether two runs can be compared. */
export interface Machine {
  /** `model name` from /proc/cpuinfo (or what Node reports elsewhere). */
  cpu: string;
  cores: number;
  node: string;
  v8: string;
  /** The output of `date`. */
  date: string;
  /** 1-minute load average when the run started: above the core count, other processes competed for the CPU. */
  loadAverage: number;
  /** The commit the tree is at, with `+ local changes` when packages/engine or bench differ from it. */
  commit: string;
  /** The benchmark process's scheduling priority, when the runner sets one. */
  priority?: string;
}

/** Reads the machine's description. `repoRoot` is the checkout, for the commit. */
export function describeMachine(repoRoot: string): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // Not Linux: keep what Node reports.
  }
  return {
    cpu,
    cores: availableParallelism(),
    node: process.version,
    v8: process.versions.v8,
    date: run('date', []) ?? new Date().toString(),
    loadAverage: loadavg()[0] ?? 0,
    commit: commitOf(repoRoot),
  };
}

function commitOf(repoRoot: string): string {
  const head = run('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  if (head === undefined) return 'unknown';
  const changes = run('git', ['-C', repoRoot, 'status', '--porcelain', '--', 'packages/engine', 'packages/policy-spec', 'bench']);
  return changes ? `${head} + local changes` : head;
}

function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
