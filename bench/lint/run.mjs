// Benchmark of `pledge lint` against `tsc --noEmit` (TypeScript 7, native) and the JavaScript TypeScript that ts-morph
// embeds, on the same files in one run:
//   - a large real code base: the TypeScript sources shipped in the `effect` npm package (downloaded with `npm pack`
//     into a temporary directory, never committed);
//   - examples/support-desk copied N times, at two sizes, to show how lint time grows with code size.
// A fourth row, "JS TS parse + bind", is the floor under any analysis on the JavaScript compiler (parse-bind-js.mjs):
// it loads, parses and binds the same files the way lint does and asks nothing of the type checker.
// Run after `pnpm build`:  node bench/lint/run.mjs [--copies 20,80] [--runs 1] [--skip-real] [--skip-js-tsc] [--keep] [--write]
// --write replaces the tables in BENCHMARKS.md between the lint markers (the text after them is written by hand).
// Prints a Markdown table and the raw figures as JSON. Peak memory is the maximum resident set size (GNU time). With
// --runs N the tools take turns N times; the table shows each tool's best run (least wall time) and the medians.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REAL_PACKAGE = 'effect@3.22.4';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(`--${name}`);
const copies = option('copies', '20,80').split(',').map(Number);
const runs = Number(option('runs', '1'));

const cli = join(root, 'packages', 'cli', 'dist', 'bin.js');
if (!existsSync(cli)) fail('packages/cli/dist/bin.js is missing: run `pnpm build` first');
const tsc7 = findNativeTsc();
const policy = join(root, 'policies', 'accounting-def.yaml');
const work = mkdtempSync(join(tmpdir(), 'pledge-lint-bench-'));
const log = (text) => process.stderr.write(`${text}\n`);

const FLOOR = 'JS TS parse + bind (floor)';
const COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

const corpora = [];
if (!flag('skip-real')) corpora.push(setUpReal());
for (const n of copies) corpora.push(setUpDesk(n));

const results = [];
for (const corpus of corpora) {
  log(`\n${corpus.name}`);
  const tools = [
    ['pledge lint', 'node', [cli, 'lint', corpus.dir, '--format', 'json', '--fail-on', 'none']],
    ['tsc 7 --noEmit', tsc7, ['-p', join(corpus.dir, 'tsconfig.json'), '--noEmit']],
  ];
  if (!flag('skip-js-tsc')) tools.push(['tsc (JS, ts-morph) --noEmit', 'node', [join(root, 'bench', 'lint', 'tsc-js.mjs'), join(corpus.dir, 'tsconfig.json')]]);
  tools.push([FLOOR, 'node', [join(root, 'bench', 'lint', 'parse-bind-js.mjs'), join(corpus.dir, 'tsconfig.json')]]);
  // The tools take turns, run after run, so that a shared machine's changing load falls on all of them alike.
  const samples = new Map(tools.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, command, commandArgs] of tools) samples.get(name).push(measure(name, command, commandArgs));
  }
  const report = JSON.parse(samples.get('pledge lint')[0].stdout);
  const row = { corpus: corpus.name, files: report.files, lines: report.lines, sinkCalls: report.sinkCalls, flows: report.flows, findings: report.findings.length, tools: {} };
  for (const [name] of tools) row.tools[name] = summary(samples.get(name), report.lines);
  row.ratio = row.tools['pledge lint'].seconds / row.tools['tsc 7 --noEmit'].seconds;
  results.push(row);
}

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: loadavg().map((l) => l.toFixed(2)) };
process.stdout.write(`${renderTable(results)}\n\nmachine: ${JSON.stringify(machine)}\n\n${JSON.stringify({ machine, results }, null, 2)}\n`);
if (flag('write')) writeReport(renderTable(results), machine);
if (flag('keep')) log(`corpora kept in ${work}`);
else rmSync(work, { recursive: true, force: true });

function setUpReal() {
  const cache = join(tmpdir(), 'pledge-bench-cache');
  mkdirSync(cache, { recursive: true });
  const tarball = join(cache, `${REAL_PACKAGE.replace('@', '-')}.tgz`);
  if (!existsSync(tarball)) {
    log(`downloading ${REAL_PACKAGE} with npm pack…`);
    const name = execFileSync('npm', ['pack', REAL_PACKAGE, '--silent'], { cwd: cache, encoding: 'utf8' }).trim().split('\n').pop();
    if (join(cache, name) !== tarball) cpSync(join(cache, name), tarball);
  }
  const dir = join(work, 'effect');
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', dir, '--strip-components=1', 'package/src']);
  // effect's sources use timers and `console`, so this corpus compiles with the DOM library as well.
  writeProject(dir, ['src/**/*.ts'], { lib: ['ES2023', 'DOM'] }, [
    // `core.sync` and `core.fail` are called hundreds of times, and dozens of other functions share their names:
    // every such call is resolved through the type checker, which is what lint pays for on a real code base.
    { call: 'core.sync', module: './src/internal/core', action: 'share', recipient: 'processor.analytics', purpose: 'analytics' },
    { call: 'core.fail', module: './src/internal/core', action: 'share', recipient: 'processor.analytics', purpose: 'analytics' },
    { call: 'Console.log', action: 'share', recipient: 'processor.analytics', purpose: 'analytics' },
  ]);
  return { name: `${REAL_PACKAGE} sources`, dir };
}

function setUpDesk(n) {
  const dir = join(work, `support-desk-x${n}`);
  const source = join(root, 'examples', 'support-desk', 'src');
  for (let i = 1; i <= n; i++) {
    const copy = join(dir, 'src', `copy${String(i).padStart(3, '0')}`);
    for (const entry of readdirSync(source)) {
      // The engine's declarations are shared: declared once, they are the same module for every copy.
      if (entry !== 'types') cpSync(join(source, entry), join(copy, entry), { recursive: true });
    }
  }
  cpSync(join(source, 'types'), join(dir, 'src', 'types'), { recursive: true });
  const sinks = (sinkConfig()).map(({ module: _module, ...sink }) => sink);
  writeProject(dir, ['src/**/*.ts'], {}, sinks, [{ call: 'PolicyGate.allows' }, { call: 'PolicyGate.decide' }]);
  return { name: `examples/support-desk ×${n}`, dir };
}

function sinkConfig() {
  // The example's own sinks, read from its config so the two never drift apart.
  const text = execFileSync('node', ['-e', `
    const { parse } = require(${JSON.stringify(require_('yaml'))});
    const fs = require('node:fs');
    process.stdout.write(JSON.stringify(parse(fs.readFileSync(${JSON.stringify(join(root, 'examples', 'support-desk', 'pledge.config.yaml'))}, 'utf8')).sinks));
  `], { encoding: 'utf8' });
  return JSON.parse(text);
}

function require_(name) {
  return join(root, 'packages', 'analyzer', 'node_modules', name);
}

function writeProject(dir, include, compilerOptions, sinks, checks = []) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-corpus', private: true, type: 'module' }));
  const tsconfig = { compilerOptions: { ...COMPILER_OPTIONS, ...compilerOptions }, include: include.map((g) => g.replace(/\/\*\*\/\*\.ts$/, '')) };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const config = { policy, include, sinks, ...(checks.length ? { checks } : {}) };
  writeFileSync(join(dir, 'pledge.config.yaml'), `${JSON.stringify(config, null, 2)}\n`);
}

function measure(label, command, commandArgs) {
  const result = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %U %S %M', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const match = /__TIME__ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr);
  if (!match) fail(`${label} did not report its time:\n${result.stderr.slice(-2000)}`);
  const seconds = Number(match[1]);
  const cpuSeconds = Number(match[2]) + Number(match[3]);
  const peakMb = Number(match[4]) / 1024;
  log(`  ${label}: ${seconds.toFixed(2)} s, ${cpuSeconds.toFixed(2)} s CPU, ${peakMb.toFixed(0)} MB (exit ${result.status})`);
  return { seconds, cpuSeconds, peakMb, stdout: result.stdout, exit: result.status };
}

/** The best run (least wall time) of a tool, with the medians of all runs. */
function summary(runs, lines) {
  const m = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  return {
    seconds: m.seconds,
    cpuSeconds: m.cpuSeconds,
    linesPerSecond: Math.round(lines / m.seconds),
    peakMb: Math.round(m.peakMb),
    exit: m.exit,
    runs: runs.length,
    medianSeconds: median(runs.map((r) => r.seconds)),
    medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)),
  };
}

function renderTable(rows) {
  const out = [
    '| corpus | files | lines | tool | seconds | CPU s | lines/s | peak MB | median s | median CPU s |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    for (const [tool, m] of Object.entries(row.tools)) {
      out.push(
        `| ${row.corpus} | ${row.files} | ${row.lines.toLocaleString('en-US')} | ${tool} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${m.linesPerSecond.toLocaleString('en-US')} | ${m.peakMb} | ${m.medianSeconds.toFixed(2)} | ${m.medianCpuSeconds.toFixed(2)} |`,
      );
    }
  }
  out.push(
    '',
    '| corpus | sink calls | flows | findings | lint / tsc 7 (wall) | lint / tsc 7 (CPU) | lint / tsc 7 (median wall) | lint / JS tsc (wall) | floor / tsc 7 (wall) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of rows) {
    const lint = row.tools['pledge lint'];
    const native = row.tools['tsc 7 --noEmit'];
    const js = row.tools['tsc (JS, ts-morph) --noEmit'];
    const floor = row.tools[FLOOR];
    out.push(
      `| ${row.corpus} | ${row.sinkCalls} | ${row.flows} | ${row.findings} | ${row.ratio.toFixed(2)} | ${(lint.cpuSeconds / native.cpuSeconds).toFixed(2)} | ${(lint.medianSeconds / native.medianSeconds).toFixed(2)} | ${js ? (lint.seconds / js.seconds).toFixed(2) : '–'} | ${(floor.seconds / native.seconds).toFixed(2)} |`,
    );
  }
  return out.join('\n');
}

/** Replaces the lint tables in BENCHMARKS.md, between their markers, with this run's, dated and with its machine. */
function writeReport(tables, machine) {
  const BEGIN = '<!-- lint benchmark: begin (written by `pnpm bench`, bench/lint/run.mjs --write) -->';
  const END = '<!-- lint benchmark: end -->';
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) fail(`BENCHMARKS.md has no lint markers (${BEGIN} … ${END})`);
  let tree = 'unknown';
  try {
    tree = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {}
  const section = [
    BEGIN,
    '',
    `- **Date:** ${new Date().toUTCString()}`,
    `- **Machine:** ${machine.cpu}, ${machine.cpus} cores, ${machine.memoryGb} GB; Node ${machine.node}; load average at the end ${machine.loadavg.join(' ')}`,
    `- **Tree:** ${tree}; command: \`node bench/lint/run.mjs ${args.filter((a) => a !== '--write').join(' ')}\``,
    `- **Reading:** "seconds" is each tool's best run of ${runs} (least wall time), "median s" the median; CPU = user + system`,
    '',
    tables,
    '',
    END,
  ].join('\n');
  writeFileSync(file, text.slice(0, start) + section + text.slice(end + END.length));
  log('wrote BENCHMARKS.md (lint tables)');
}

function findNativeTsc() {
  const store = join(root, 'node_modules', '.pnpm');
  const dir = readdirSync(store).find((d) => d.startsWith('@typescript+typescript-linux-'));
  if (!dir) fail('the native TypeScript 7 compiler is not installed (devDependency `typescript`)');
  const name = dir.replace(/^@typescript\+/, '').replace(/@.*$/, '');
  return join(store, dir, 'node_modules', '@typescript', name, 'lib', 'tsc');
}

function fail(message) {
  process.stderr.write(`bench/lint: ${message}\n`);
  process.exit(2);
}
