// Benchmark of `pledge serve` beside the in-process engine it wraps, on the same flows in one run:
//   - in-process: `compile(policy).decide` one flow at a time, `decideMany` on batches of 100, and the request
//     handler's own work without HTTP (decode the body, JSON.parse, decideMany, JSON.stringify the answer);
//   - over HTTP: `pledge serve` in a child process, node:http keep-alive clients, 1 and 16 at a time, one flow per
//     request and batches of 100; and the same with `--log` to a temporary file;
//   - the reference for the server itself: bare-server.mjs, the handler's work on a bare node:http server.
// The flows are the engine benchmark's (bench/engine/generate-requests.ts, same count and seed) on
// policies/accounting-def.yaml. Before timing, every server's answer to every flow, alone and in its batch, must
// equal the in-process engine's JSON byte for byte, or the run stops.
// Run after `pnpm build`:  node bench/serve/run.mjs [--seconds 2] [--warmup 0.5] [--rounds 5] [--write]
// --write replaces the serve section of BENCHMARKS.md (between the serve markers; added at the end if missing).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, setPriority, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTarget, driveHttp, driveInProcess, postDecide } from './measure-http.mjs';
import { renderServeSection, renderServeTable, spliceServeSection } from './render-serve-report.mjs';
import { readMachineBusySeconds, readProcessCpuSeconds, readProcessRss, startServerProcess } from './start-server-process.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const POLICY = 'policies/accounting-def.yaml';
// A free port, and no watching: a reload of the policy would change the answers in the middle of the run.
const SERVE_ARGS = ['--policy', POLICY, '--port', '0', '--no-watch'];
const SETTINGS = {
  policy: POLICY,
  flows: 4096,
  seed: 20240501,
  batch: 100,
  warmupSeconds: option('warmup', 0.5),
  seconds: option('seconds', 2),
  rounds: option('rounds', 5),
  concurrency: [1, 16],
};
if (!(SETTINGS.warmupSeconds >= 0)) fail('--warmup takes a number of seconds, 0 or more');
if (!(SETTINGS.seconds > 0)) fail('--seconds takes a number of seconds above 0');
if (!Number.isInteger(SETTINGS.rounds) || SETTINGS.rounds < 1) fail('--rounds takes a whole number, 1 or more');
const log = (text) => process.stderr.write(`${text}\n`);

const cli = join(root, 'packages', 'cli', 'dist', 'bin.js');
const generator = join(root, 'bench', 'dist', 'engine', 'generate-requests.js');
if (!existsSync(cli)) fail('packages/cli/dist/bin.js is missing: run `pnpm build` first');
if (!existsSync(generator)) fail('bench/dist/engine/generate-requests.js is missing: run `pnpm build` first');
const { compile } = await import('@pledge/engine');
const { formatDiagnostic, loadPolicy } = await import('@pledge/policy-spec');
const { generateRequests } = await import(generator);

const loadStart = loadavg();
const startedAt = new Date().toUTCString();
let priority = 'normal priority';
try {
  setPriority(-10);
  priority = 'priority raised (nice -10)';
} catch {
  // Not permitted (root only): run at normal priority and say so.
}

// The flows, as the server will see them: through JSON, so both sides decide exactly the same objects.
const { policy, diagnostics } = loadPolicy(readFileSync(join(root, POLICY), 'utf8'), POLICY);
if (!policy) fail(`${POLICY} does not load:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
const decider = compile(policy);
const flows = generateRequests(policy, SETTINGS.flows, SETTINGS.seed).map((r) => JSON.parse(JSON.stringify(r.flow)));
// Batches cycle through the flows, so together they hold every flow (the last one wraps round to the first flows).
const batches = Array.from({ length: Math.ceil(flows.length / SETTINGS.batch) }, (_, j) =>
  Array.from({ length: SETTINGS.batch }, (_, k) => flows[(j * SETTINGS.batch + k) % flows.length]),
);
const singleBodies = flows.map((f) => ({ bytes: Buffer.from(JSON.stringify(f)), flows: 1 }));
const batchBodies = batches.map((b) => ({ bytes: Buffer.from(JSON.stringify(b)), flows: b.length }));

const work = mkdtempSync(join(tmpdir(), 'pledge-serve-bench-'));
const logFile = join(work, 'decisions.jsonl');
const servers = [];
let logged = { bytes: 0, flows: 0 };
try {
  const plain = await startServer(cli, ['serve', ...SERVE_ARGS]);
  const logging = await startServer(cli, ['serve', ...SERVE_ARGS, '--log', logFile]);
  const bare = await startServer(join(root, 'bench', 'serve', 'bare-server.mjs'), [POLICY]);
  log(`pledge serve on ports ${plain.port} and ${logging.port} (--log ${logFile}), the bare server on ${bare.port}`);
  for (const server of [plain, logging, bare]) await checkAnswers(server);
  await drainLog();
  log(`every server answers all ${flows.length} flows, alone and in ${batches.length} batches, as the in-process engine does`);
  logged = { bytes: 0, flows: 0 };

  const rows = defineRows(plain, logging, bare);
  const samples = new Map(rows.map((row) => [row.id, []]));
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    // The rows take turns, round after round, so a change in the machine's load falls on all of them alike; each
    // round starts one row further on, so load that comes and goes in step with the rounds does not always fall on
    // the same row.
    const shift = (round - 1) % rows.length;
    for (const row of [...rows.slice(shift), ...rows.slice(0, shift)]) {
      // Each turn opens its connections afresh, during its warm-up.
      row.server?.target.reconnect();
      const warm = SETTINGS.warmupSeconds > 0 ? await row.drive(SETTINGS.warmupSeconds * 1000) : { flows: 0 };
      const sample = await measure(row);
      samples.get(row.id).push(sample);
      if (row.server === logging) await drainLog(row, warm.flows + sample.flows);
      const busy = sample.othersShare === undefined ? '' : `; others used ${Math.round(sample.othersShare * 100)}% of the machine`;
      log(`round ${round}/${SETTINGS.rounds} ${row.label}, ${row.clients ?? 'in-process'}: ${Math.round(sample.flows / sample.seconds)} flows/s${busy}`);
    }
  }

  const results = rows.map((row) => summarise(row, samples.get(row.id)));
  const machine = describeMachine(loadStart);
  const others = [...samples.values()].flat().map((s) => s.othersShare).filter((v) => v !== undefined);
  machine.others = others.length ? { median: median(others), max: Math.max(...others) } : undefined;
  machine.rss = { plain: readProcessRss(plain.pid), logging: readProcessRss(logging.pid), bare: readProcessRss(bare.pid) };
  const command = `node bench/serve/run.mjs ${args.filter((a) => a !== '--write').join(' ')}`.trim();
  const report = { machine, settings: SETTINGS, command, logged, results };
  process.stdout.write(`${renderServeTable(results)}\n\n${JSON.stringify({ ...report, results: results.map(({ row, ...r }) => ({ id: row.id, ...r })) }, null, 2)}\n`);
  if (args.includes('--write')) {
    const file = join(root, 'BENCHMARKS.md');
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    writeFileSync(file, spliceServeSection(current, renderServeSection(report)));
    log('wrote BENCHMARKS.md (serve section)');
  }
} catch (error) {
  process.exitCode = 1;
  log(`bench/serve: ${error instanceof Error ? error.message : String(error)}`);
  // A server that died mid-run shows up above as a refused connection; its stderr says why.
  for (const server of servers) if (server.hasExited()) log(`a server exited during the run; its stderr:\n${server.stderr()}`);
} finally {
  for (const server of servers) await server.stop();
  rmSync(work, { recursive: true, force: true });
}

/** Starts `node script …args` in the repository root (at this process's priority, which it inherits), with a keep-alive client. */
async function startServer(script, scriptArgs) {
  const server = await startServerProcess(script, scriptArgs, root);
  servers.push(server);
  return { ...server, target: createTarget(server.port, Math.max(...SETTINGS.concurrency)) };
}

/** Every flow alone and every batch: the server's JSON must be the engine's, byte for byte. */
async function checkAnswers(server) {
  const cases = [
    ...flows.map((flow, i) => ({ body: singleBodies[i].bytes, want: JSON.stringify(decider.decide(flow)), what: `flow ${i} ${JSON.stringify(flow)}` })),
    ...batches.map((batch, j) => ({ body: batchBodies[j].bytes, want: JSON.stringify(decider.decideMany(batch)), what: `batch ${j}` })),
  ];
  let next = 0;
  const client = async () => {
    while (next < cases.length) {
      const { body, want, what } = cases[next++];
      const got = await postDecide(server.target, body);
      if (got !== want) throw new Error(`the server on port ${server.port} does not answer ${what} as the engine does:\n  engine: ${want.slice(0, 2000)}\n  server: ${got.slice(0, 2000)}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, client));
}

function defineRows(plain, logging, bare) {
  const one = flows.map((f) => ({ input: f, flows: 1 }));
  const many = batches.map((b) => ({ input: b, flows: b.length }));
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  // What the server's handler does with a body besides HTTP: decode, parse, decide, serialise the answer.
  const handle = (bytes) => {
    const input = JSON.parse(utf8.decode(bytes));
    const isBatch = Array.isArray(input);
    const decisions = decider.decideMany(isBatch ? input : [input]);
    return Buffer.byteLength(JSON.stringify(isBatch ? decisions : decisions[0]));
  };
  const inProcess = (id, label, call, inputs, group) => ({ id, label, perCall: inputs[0].flows, drive: async (ms) => driveInProcess(call, inputs, group, ms) });
  const http = (id, label, server, bodies, clients) => ({
    id,
    label,
    server,
    clients,
    perCall: bodies[0].flows,
    drive: (ms) => driveHttp(server.target, bodies, clients, ms),
  });
  const rows = [
    inProcess('decide', 'engine `decide`', (f) => (decider.decide(f).decision === 'allow' ? 1 : 0), one, 1000),
    inProcess('decide-many', 'engine `decideMany`', (b) => decider.decideMany(b).length, many, 1),
    inProcess('handler-1', 'JSON in, engine, JSON out', handle, singleBodies.map((b) => ({ input: b.bytes, flows: 1 })), 1),
    inProcess('handler-100', 'JSON in, engine, JSON out', handle, batchBodies.map((b) => ({ input: b.bytes, flows: b.flows })), 1),
  ];
  for (const clients of SETTINGS.concurrency) rows.push(http(`http-1-c${clients}`, 'HTTP `pledge serve`', plain, singleBodies, clients));
  for (const clients of SETTINGS.concurrency) rows.push(http(`http-100-c${clients}`, 'HTTP `pledge serve`', plain, batchBodies, clients));
  const most = Math.max(...SETTINGS.concurrency);
  rows.push(http(`bare-1-c${most}`, 'HTTP bare node:http server', bare, singleBodies, most));
  rows.push(http(`bare-100-c${most}`, 'HTTP bare node:http server', bare, batchBodies, most));
  rows.push(http(`log-1-c${most}`, 'HTTP `pledge serve --log FILE`', logging, singleBodies, most));
  rows.push(http(`log-100-c${most}`, 'HTTP `pledge serve --log FILE`', logging, batchBodies, most));
  return rows;
}

/**
 * One timed turn of a row, with the CPU time this process and the server used meanwhile, and the share of the
 * machine's cores that went to anything else (other processes, or the hypervisor's other guests).
 */
async function measure(row) {
  const machineBefore = readMachineBusySeconds();
  const serverBefore = row.server ? readProcessCpuSeconds(row.server.pid) : undefined;
  const clientBefore = process.cpuUsage();
  const result = await row.drive(SETTINGS.seconds * 1000);
  const client = process.cpuUsage(clientBefore);
  const serverAfter = row.server ? readProcessCpuSeconds(row.server.pid) : undefined;
  const machineAfter = readMachineBusySeconds();
  const clientCpuSeconds = (client.user + client.system) / 1e6;
  const serverCpuSeconds = serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
  const othersShare =
    machineBefore === undefined || machineAfter === undefined
      ? undefined
      : Math.max(0, machineAfter - machineBefore - clientCpuSeconds - (serverCpuSeconds ?? 0)) / (result.seconds * availableParallelism());
  return { ...result, clientCpuSeconds, serverCpuSeconds, othersShare };
}

/**
 * Waits until the decision log stops growing, adds what it holds to the tally (with the `sent` flows, when `row`
 * is given) and empties it, so the temporary file stays small however long the run.
 */
async function drainLog(row, sent) {
  let size = -1;
  for (let i = 0; i < 50 && statSync(logFile).size !== size; i++) {
    size = statSync(logFile).size;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (row) {
    if (size === 0) throw new Error(`the server started with --log wrote nothing to ${logFile} during "${row.label}"`);
    logged.bytes += size;
    logged.flows += sent;
  }
  truncateSync(logFile, 0);
}

/** The medians of a row's rounds. Latencies are milliseconds per call; CPU per flow in microseconds. */
function summarise(row, rounds) {
  const of = (pick) => median(rounds.map(pick).filter((v) => v !== undefined && Number.isFinite(v)));
  const cpu = (s) => (row.server ? s.serverCpuSeconds : s.clientCpuSeconds);
  return {
    row,
    id: row.id,
    label: row.label,
    clients: row.clients,
    flowsPerCall: row.perCall,
    callsPerSecond: of((s) => s.requests / s.seconds),
    flowsPerSecond: of((s) => s.flows / s.seconds),
    p50: of((s) => percentile(s.latencies, 0.5)),
    p99: of((s) => percentile(s.latencies, 0.99)),
    cpuPerFlowUs: of((s) => (cpu(s) === undefined ? undefined : (cpu(s) * 1e6) / s.flows)),
    serverCpuShare: row.server ? of((s) => (s.serverCpuSeconds === undefined ? undefined : s.serverCpuSeconds / s.seconds)) : undefined,
    clientCpuShare: of((s) => s.clientCpuSeconds / s.seconds),
    othersShare: of((s) => s.othersShare),
    calls: rounds.reduce((n, s) => n + s.requests, 0),
  };
}

function percentile(values, p) {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function describeMachine(loadAtStart) {
  let cpu = cpus()[0]?.model ?? 'unknown';
  let tree = 'unknown';
  try {
    tree = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changes = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'packages/policy-spec/src', 'packages/engine/src', 'packages/cli/src', 'bench/serve', POLICY], { encoding: 'utf8' });
    if (changes.trim() !== '') tree += ' + local changes';
  } catch {
    // Not a git checkout: say so.
  }
  return {
    date: startedAt,
    cpu: cpu.trim(),
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: loadAtStart.map((l) => l.toFixed(2)),
    loadAtEnd: loadavg().map((l) => l.toFixed(2)),
    priority,
    tree,
  };
}

function fail(message) {
  process.stderr.write(`bench/serve: ${message}\n`);
  process.exit(2);
}
