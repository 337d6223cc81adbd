// Runs a decision server (`pledge serve`, as it is deployed) as a child process, and reads what the operating
// system says it costs.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** How long the server may take to load the policy and listen. */
const START_TIMEOUT_MS = 20_000;

/**
 * Starts `node <script> …args` in `cwd` and resolves once its stderr says where it listens, as `pledge serve`
 * does (`--port 0` picks a free port). Resolves with the port, the pid, the tail of its stderr, whether it has
 * exited, and `stop()` (SIGTERM, then wait for the exit); rejects with the server's stderr when it exits or stays silent instead.
 */
export function startServerProcess(script, args, cwd) {
  const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the server did not say where it listens within ${START_TIMEOUT_MS / 1000} s; its stderr:\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
      // Keep the tail only: it is read when something goes wrong.
      stderr = (stderr + text).slice(-8192);
      const port = parseListeningPort(stderr);
      if (port === undefined || started) return;
      started = true;
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        port,
        stderr: () => stderr,
        hasExited: () => child.exitCode !== null || child.signalCode !== null,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    exited.then((status) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`the server exited (${status}) before listening; its stderr:\n${stderr}`));
    });
  });
}

/** The port in `pledge serve: listening on http://127.0.0.1:PORT (…)`, or undefined when the line is not there. */
export function parseListeningPort(stderr) {
  const match = /listening on http:\/\/(?:\[[^\]]*\]|[^\s/:]+):(\d+)/.exec(stderr);
  return match ? Number(match[1]) : undefined;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) process `pid` has used, from /proc; undefined where there is no /proc. */
export function readProcessCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds the whole machine has spent busy (every core; steal time included, as the hypervisor gave it to
 * someone else), from /proc/stat; undefined where there is no /proc.
 */
export function readMachineBusySeconds() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal: all but idle and iowait is busy.
    const busy = ticks.slice(0, 8).reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0);
    return busy / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Resident set size of process `pid` in bytes, from /proc; undefined where there is no /proc. */
export function readProcessRss(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
