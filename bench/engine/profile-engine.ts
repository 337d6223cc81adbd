// `pnpm --filter @pledge/bench profile:engine [policy] [seconds]`: a CPU profile of the compiled Decider deciding
// the benchmark's requests, to find where a decision's time goes. Only the timed loop is profiled (through the
// inspector, the same .cpuprofile format as `node --cpu-prof`); the profile is written under bench/dist/profiles/
// for Chrome DevTools or VS Code, and the functions with the most self time are printed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { compile, type Flow } from '@pledge/engine';
import { loadPolicy, type LoadedPolicy } from '@pledge/policy-spec';
import { createAccountingDefCheck } from './create-accounting-def-check.js';
import { generatePolicy } from './generate-policy.js';
import { generateRequests } from './generate-requests.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const REQUESTS = 4096;
const REQUEST_SEED = 20240501;

function loadNamed(name: string): LoadedPolicy {
  const { text, file } =
    name === 'generated-1000'
      ? generatePolicy({ rules: 1000, terms: 500, seed: 1000 })
      : { text: readFileSync(`${root}policies/${name}.yaml`, 'utf8'), file: `policies/${name}.yaml` };
  const { policy } = loadPolicy(text, file);
  if (!policy) throw new Error(`${file} does not load`);
  return policy;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

async function main(): Promise<void> {
  const [name = 'accounting-def', secondsArg = '5', subject = 'engine'] = process.argv.slice(2);
  const seconds = Number(secondsArg);
  const policy = loadNamed(name);
  const flows = generateRequests(policy, REQUESTS, REQUEST_SEED).map((r) => r.flow);
  let decide: (flow: Flow) => string;
  if (subject === 'hand-written') {
    if (name !== 'accounting-def') throw new Error('the hand-written function is for accounting-def');
    const check = createAccountingDefCheck(policy.taxonomy);
    decide = (f) => check(f);
  } else {
    const decider = compile(policy);
    decide = (f) => decider.decide(f).decision;
  }
  const mask = flows.length - 1;
  const run = (ms: number): number => {
    let allowed = 0;
    let i = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      for (let k = 0; k < 1000; k++, i++) if (decide(flows[i & mask]!) === 'allow') allowed++;
    }
    return i;
  };
  run(500);

  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(session, 'Profiler.start');
  const t0 = performance.now();
  const decisions = run(seconds * 1000);
  const elapsed = performance.now() - t0;
  const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
  session.disconnect();

  const dir = `${root}bench/dist/profiles`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${subject}-${name}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(
    `${subject} on ${name}: ${decisions.toLocaleString('en-US')} decisions in ${(elapsed / 1000).toFixed(1)} s, ` +
      `${((elapsed * 1e6) / decisions).toFixed(1)} ns each (profiler on)\nprofile: ${file}\n\nself time:\n`,
  );
  for (const [where, share] of topSelfTime(profile, 20)) process.stdout.write(`${(share * 100).toFixed(1).padStart(6)}%  ${where}\n`);
}

/** The functions with the most self time, as `name file:line` and a share of all samples. */
function topSelfTime(profile: Profiler.Profile, count: number): [string, number][] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const ticks = new Map<number, number>();
  for (const id of profile.samples ?? []) ticks.set(id, (ticks.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, n] of ticks) {
    const frame = nodes.get(id)!.callFrame;
    const file = frame.url.replace(/^file:\/\//, '').replace(root, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + n);
    total += n;
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, n]) => [k, n / total]);
}

await main();
