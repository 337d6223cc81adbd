import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { compile, type Decider } from '@pledge/engine';
import { loadPolicy } from '@pledge/policy-spec';
import { serve } from '../src/commands/serve.js';
import type { Io } from '../src/io.js';
import { startServer, type ServeOptions, type ServerHandle } from '../src/serve/start-server.js';
import { repoRoot, runCli } from './fixtures/memory-io.js';
import { writeTempFiles } from './fixtures/tiny-policy.js';

const seedPolicy = join(repoRoot, 'policies', 'accounting-def.yaml');
const seedText = readFileSync(seedPolicy, 'utf8');
const flows: unknown[] = readFileSync(join(repoRoot, 'examples', 'flows', 'accounting-def.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const card = flows[0];

/** The engine's own decider for the seed, its rules located as the server names them (relative to its cwd). */
function engineDecider(): Decider {
  const { policy } = loadPolicy(seedText, 'accounting-def.yaml');
  if (!policy) throw new Error('the seed policy does not load');
  return compile(policy);
}

/** Captures what the server prints, so tests stay silent and can assert on it. */
function memoryIo(cwd: string): Io & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => '',
    cwd,
    isTty: false,
    out: () => stdout,
    err: () => stderr,
  };
}

const running: ServerHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Starts a server on a free port with a copy of the seed policy in a fresh directory. */
async function start(options: Partial<ServeOptions> = {}) {
  const dir = writeTempFiles({});
  copyFileSync(seedPolicy, join(dir, 'accounting-def.yaml'));
  const io = memoryIo(dir);
  const server = await startServer({ policy: 'accounting-def.yaml', port: 0, debounceMs: 20, io, ...options });
  running.push(server);
  return { server, io, dir, file: join(dir, 'accounting-def.yaml') };
}

async function post(server: ServerHandle, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/v1/decide`, { method: 'POST', body, headers });
  return { response, json: JSON.parse(await response.text()) };
}

/** Polls `check` until it holds or the deadline passes; the wait is for the file watcher, not a timing assertion. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

async function servedVersion(server: ServerHandle): Promise<string> {
  const response = await fetch(`${server.url}/v1/policy`);
  return ((await response.json()) as { version: string }).version;
}

describe('pledge serve: decisions', () => {
  it('answers one flow with the decision the engine gives, as JSON', async () => {
    const { server } = await start();
    const engine = engineDecider();
    const { response, json } = await post(server, JSON.stringify(card));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(json).toEqual(JSON.parse(JSON.stringify(engine.decide(card))));
    expect(json.decision).toBe('allow');
  });

  it('answers an array of flows with the array of decisions, in order', async () => {
    const { server } = await start();
    const engine = engineDecider();
    const { response, json } = await post(server, JSON.stringify(flows));
    expect(response.status).toBe(200);
    expect(json).toEqual(JSON.parse(JSON.stringify(engine.decideMany(flows))));
    expect(new Set(json.map((d: { decision: string }) => d.decision))).toEqual(new Set(['allow', 'deny']));
  });

  it('denies a flow the engine rejects with an error reason and status 200, like the library', async () => {
    const { server } = await start();
    const { response, json } = await post(server, JSON.stringify([{ ...(card as object), colour: 'blue' }, 42]));
    expect(response.status).toBe(200);
    expect(json.map((d: { decision: string }) => d.decision)).toEqual(['deny', 'deny']);
    expect(json[0].reasons[0].rule).toBe('error/unknown-key');
    expect(json[1].reasons[0].rule).toBe('error/invalid-flow');
  });

  it('reports the policy served and its health', async () => {
    const { server } = await start();
    const engine = engineDecider();
    const policy = JSON.parse(await (await fetch(`${server.url}/v1/policy`)).text());
    expect(policy).toMatchObject({ ...engine.policy });
    expect(Date.parse(policy.loadedAt)).not.toBeNaN();
    expect(server.policy()).toEqual(policy);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('echoes a client request id, and makes one up otherwise', async () => {
    const { server } = await start();
    expect((await post(server, JSON.stringify(card), { 'x-request-id': 'order-77' })).response.headers.get('x-request-id')).toBe('order-77');
    expect((await post(server, JSON.stringify(card))).response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('prints where it listens and which policy it serves', async () => {
    const { server, io } = await start();
    expect(io.err()).toBe(`pledge serve: listening on ${server.url} (policy accounting-def 2024-01-01)\n`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.address.port).toBeGreaterThan(0);
  });
});

describe('pledge serve: errors', () => {
  const errorOf = (json: unknown) => (json as { error: { code: string; message: string; help: string } }).error;

  it('answers bad JSON with 400 and says where the body went wrong', async () => {
    const { server } = await start();
    const { response, json } = await post(server, '{"category": "user.name",\n oops}');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(errorOf(json).code).toBe('invalid-json');
    expect(errorOf(json).message).toMatch(/^request body:2:2: /);
    expect(errorOf(json).help).toMatch(/JSON object/);
    expect(errorOf((await post(server, '  ')).json).code).toBe('empty-body');
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    const { server } = await start();
    const missing = await fetch(`${server.url}/v2/decide`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(errorOf(await missing.json()).code).toBe('not-found');
    const wrong = await fetch(`${server.url}/v1/decide`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(errorOf(await wrong.json()).code).toBe('method-not-allowed');
    const put = await fetch(`${server.url}/v1/policy`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 413 for a body over 1 MiB and for more than 10,000 flows', async () => {
    const { server } = await start();
    const big = JSON.stringify({ ...(card as object), purpose: 'x'.repeat(1024 * 1024) });
    const tooBig = await post(server, big);
    expect(tooBig.response.status).toBe(413);
    expect(errorOf(tooBig.json).code).toBe('body-too-large');
    const many = await post(server, JSON.stringify(Array.from({ length: 10_001 }, () => ({}))));
    expect(many.response.status).toBe(413);
    expect(errorOf(many.json).code).toBe('too-many-flows');
    const small = { category: 'user.name', purpose: 'analytics' };
    const most = await post(server, JSON.stringify(Array.from({ length: 10_000 }, () => small)));
    expect(most.response.status).toBe(200);
    expect(most.json).toHaveLength(10_000);
  });
});

describe('pledge serve: hot reload', () => {
  it('serves the new version after the policy file changes', async () => {
    const { server, io, file } = await start();
    expect(await servedVersion(server)).toBe('2024-01-01');
    writeFileSync(file, seedText.replace('version: "2024-01-01"', 'version: "2024-06-01"'));
    await until(async () => (await servedVersion(server)) === '2024-06-01', 'the new version is served');
    expect(io.err()).toContain('pledge serve: reloaded accounting-def.yaml: now serving accounting-def 2024-06-01 (was accounting-def 2024-01-01)');
    const { json } = await post(server, JSON.stringify(card));
    expect(json.policy.version).toBe('2024-06-01');
  });

  it('follows an editor that writes a new file and renames it over the policy', async () => {
    const { server, dir, file } = await start();
    const temp = join(dir, '.accounting-def.yaml.swp');
    writeFileSync(temp, seedText.replace('version: "2024-01-01"', 'version: "2024-07-01"'));
    renameSync(temp, file);
    await until(async () => (await servedVersion(server)) === '2024-07-01', 'the renamed file is served');
    writeFileSync(file, seedText.replace('version: "2024-01-01"', 'version: "2024-08-01"'));
    await until(async () => (await servedVersion(server)) === '2024-08-01', 'a later write is served too');
  });

  it('keeps the old policy after an invalid edit and prints the diagnostics as validate does', async () => {
    const { server, io, file } = await start();
    const broken = seedText.replace('version: "2024-01-01"', 'version: "2024-06-01"').replace('[user.name, user.contact.email,', '[user.name, user.contact.emial,');
    writeFileSync(file, broken);
    await until(() => io.err().includes('not reloaded'), 'the invalid edit is reported');
    const line = broken.split('\n').findIndex((l) => l.includes('user.contact.emial')) + 1;
    expect(io.err()).toMatch(new RegExp(`^accounting-def\\.yaml:${line}:\\d+: error PLG003: unknown category \`user\\.contact\\.emial\` — did you mean \`user\\.contact\\.email\`\\?$`, 'm'));
    expect(io.err()).toContain('pledge serve: accounting-def.yaml not reloaded: still serving accounting-def 2024-01-01');
    expect(await servedVersion(server)).toBe('2024-01-01');
    const { json } = await post(server, JSON.stringify(card));
    expect(json).toMatchObject({ decision: 'allow', policy: { version: '2024-01-01' } });
  });

  it('reloads on request without watching when watch is off', async () => {
    const { server, file, io } = await start({ watch: false });
    writeFileSync(file, seedText.replace('version: "2024-01-01"', 'version: "2024-09-01"'));
    expect(await server.reload()).toBe('reloaded');
    expect(await servedVersion(server)).toBe('2024-09-01');
    expect(await server.reload()).toBe('unchanged');
    writeFileSync(file, 'pledge: 1\npolicy: {}\n');
    expect(await server.reload()).toBe('invalid');
    expect(io.err()).toMatch(/^accounting-def\.yaml:2:\d+: error PLG\d{3}: /m);
    expect(await servedVersion(server)).toBe('2024-09-01');
    writeFileSync(file, seedText.replace('version: "2024-01-01"', 'version: "2024-09-01"'));
    expect(await server.reload()).toBe('unchanged');
    expect(io.err()).toMatch(/accounting-def\.yaml is valid again and the same as the policy served \(accounting-def 2024-09-01\)\n$/);
  });
});

describe('pledge serve: decision log', () => {
  it('appends one JSON line per decision to a file', async () => {
    const dir = writeTempFiles({ 'decisions.jsonl': '{"earlier":"line"}\n' });
    const log = join(dir, 'decisions.jsonl');
    const { server } = await start({ log });
    const one = await post(server, JSON.stringify(card), { 'x-request-id': 'single' });
    await post(server, JSON.stringify(flows.slice(1, 4)), { 'x-request-id': 'batch' });
    await post(server, 'not json');
    await server.close();
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toEqual({ earlier: 'line' });
    expect(lines[1]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      requestId: 'single',
      flow: card,
      decision: 'allow',
      reasons: one.json.reasons.map((r: { rule: string }) => r.rule),
      policy: one.json.policy,
    });
    expect(lines.slice(2).map((l) => [l.requestId, l.index])).toEqual([['batch', 0], ['batch', 1], ['batch', 2]]);
    expect(lines.slice(2).map((l) => l.flow)).toEqual(flows.slice(1, 4));
  });

  it('writes the log to stdout with -, leaving out malformed flows', async () => {
    const { server, io } = await start({ log: '-' });
    await post(server, JSON.stringify([card, { ...(card as object), email: 'ann@example.com' }]));
    const lines = io.out().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.decision, l.reasons])).toEqual([['allow', ['share/payment_processors']], ['deny', ['error/unknown-key']]]);
    expect(lines[0].flow).toEqual(card);
    // A malformed flow may carry anything in what made it malformed: it is not logged.
    expect(lines[1]).not.toHaveProperty('flow');
    expect(io.out()).not.toContain('ann@example.com');
  });

  it('does not start when the log cannot be opened', async () => {
    await expect(start({ log: join(writeTempFiles({}), 'no', 'such', 'dir.jsonl') })).rejects.toThrow(/cannot open the decision log .*ENOENT/);
  });
});

describe('pledge serve: the command', () => {
  it('runs until stopped, then closes and exits 0', async () => {
    const dir = writeTempFiles({});
    copyFileSync(seedPolicy, join(dir, 'accounting-def.yaml'));
    const io = memoryIo(dir);
    const stop = new AbortController();
    const exit = serve({ policy: 'accounting-def.yaml', port: '0', 'no-watch': true }, io, stop.signal);
    await until(() => io.err().includes('listening on'), 'the server listens');
    const url = /listening on (\S+)/.exec(io.err())?.[1];
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    stop.abort();
    expect(await exit).toBe(0);
    expect(io.err()).toMatch(/pledge serve: closed\n$/);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('exits 2 with the diagnostics when the policy is invalid', async () => {
    const dir = writeTempFiles({ 'accounting-def.yaml': seedText.replace('[user.name, user.contact.email,', '[user.name, user.contact.emial,') });
    const r = await runCli(['serve', '--policy', 'accounting-def.yaml', '--port', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pledge serve: the policy is not valid:\naccounting-def\.yaml:\d+:\d+: error PLG003: unknown category `user\.contact\.emial`/);
  });

  it('exits 2 and says how to fix it when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as { port: number }).port;
      const r = await runCli(['serve', '--policy', 'policies/accounting-def.yaml', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).toContain('--port 0 picks a free one');
    } finally {
      blocker.close();
    }
  });

  it('exits 2 for a bad port or a missing policy, and --help shows the routes', async () => {
    expect((await runCli(['serve', '--policy', 'policies/accounting-def.yaml', '--port', 'http'])).stderr).toMatch(/--port must be a number from 0 to 65535/);
    expect((await runCli(['serve', '--port', '0'])).code).toBe(2);
    const help = await runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/POST \/v1\/decide/);
    expect(help.stdout).toMatch(/--no-watch/);
  });
});
