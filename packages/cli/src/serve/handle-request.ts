import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Decider, Decision } from '@pledge/engine';
import type { DecisionLog, DecisionLogEntry } from './decision-log.js';
import { readBody } from './read-body.js';

/** The policy the server answers with, and since when. Replaced as a whole on reload, never mutated. */
export interface ServedPolicy {
  readonly decider: Decider;
  /** ISO 8601 UTC time the policy was loaded. */
  readonly loadedAt: string;
}

/** Bounds on one `POST /v1/decide` request. */
export interface ServeLimits {
  /** Largest body, in bytes. */
  maxBodyBytes: number;
  /** Most flows in one array. */
  maxFlows: number;
}

/** The bounds `pledge serve` uses: 1 MiB and 10,000 flows per request. */
export const DEFAULT_LIMITS: ServeLimits = { maxBodyBytes: 1024 * 1024, maxFlows: 10_000 };

/** What the request handler needs from the server around it. */
export interface HandlerContext {
  /** The policy to decide with; read once per request, so a reload never splits a batch between policies. */
  current(): ServedPolicy;
  log: DecisionLog | undefined;
  limits: ServeLimits;
  /** Hears about failures of the server itself (a bug), which answer 500. */
  onInternalError(error: unknown): void;
}

const ROUTES: Record<string, readonly string[]> = {
  '/v1/decide': ['POST'],
  '/v1/policy': ['GET', 'HEAD'],
  '/healthz': ['GET', 'HEAD'],
};

/** Builds the `node:http` request listener of the decision API (routes: `pledge serve --help`). */
export function createRequestHandler(context: HandlerContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const requestId = pickRequestId(request.headers['x-request-id']);
    response.setHeader('x-request-id', requestId);
    response.setHeader('cache-control', 'no-store');
    route(request, response, requestId, context).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      context.onInternalError(error);
      sendError(response, 500, 'internal', 'the server failed while answering', 'this is a bug in Pledge; please report it with the request');
    });
  };
}

const ROUTE_LIST = 'the routes are POST /v1/decide, GET /v1/policy and GET /healthz';
const FLOW_HELP = 'send one flow as a JSON object, or several as a JSON array';

async function route(request: IncomingMessage, response: ServerResponse, requestId: string, context: HandlerContext): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const methods = ROUTES[path];
  if (!methods) return sendError(response, 404, 'not-found', `no route ${path}`, ROUTE_LIST);
  const method = request.method ?? '';
  if (!methods.includes(method)) {
    response.setHeader('allow', methods.join(', '));
    return sendError(response, 405, 'method-not-allowed', `${path} does not take ${method}`, `use ${methods[0]} ${path}`);
  }
  if (path === '/healthz') return sendJson(response, 200, { status: 'ok' });
  if (path === '/v1/policy') {
    const { decider, loadedAt } = context.current();
    return sendJson(response, 200, { ...decider.policy, loadedAt });
  }
  await decide(request, response, requestId, context);
}

async function decide(request: IncomingMessage, response: ServerResponse, requestId: string, context: HandlerContext): Promise<void> {
  const { maxBodyBytes, maxFlows } = context.limits;
  // A body announced as huge is refused unread; the connection closes, so its rest need not be drained.
  const body = Number(request.headers['content-length']) > maxBodyBytes * 16 ? { tooLarge: true as const } : await readBody(request, maxBodyBytes);
  if ('aborted' in body) return void response.destroy();
  if ('tooLarge' in body) {
    response.setHeader('connection', 'close');
    return sendError(response, 413, 'body-too-large', `the body is larger than ${maxBodyBytes} bytes`, `send at most ${maxFlows} flows per request, in several requests if needed`);
  }
  if ('notUtf8' in body) return sendError(response, 400, 'invalid-json', 'the body is not UTF-8 text', 'send the flows as JSON encoded in UTF-8');
  if (body.text.trim() === '') return sendError(response, 400, 'empty-body', 'the body is empty', FLOW_HELP);
  let input: unknown;
  try {
    input = JSON.parse(body.text);
  } catch (error) {
    return sendError(response, 400, 'invalid-json', describeJsonError(body.text, error), FLOW_HELP);
  }
  const isBatch = Array.isArray(input);
  const flows: readonly unknown[] = Array.isArray(input) ? input : [input];
  if (flows.length > maxFlows) {
    return sendError(response, 413, 'too-many-flows', `the array has ${flows.length} flows, more than ${maxFlows}`, `send at most ${maxFlows} flows per request`);
  }
  // One read of the current policy: every flow of this request is decided, and logged, with the same one.
  const decisions = context.current().decider.decideMany(flows);
  context.log?.append(logEntries(requestId, isBatch, flows, decisions));
  sendJson(response, 200, isBatch ? decisions : decisions[0]);
}

function logEntries(requestId: string, isBatch: boolean, flows: readonly unknown[], decisions: readonly Decision[]): DecisionLogEntry[] {
  const time = new Date().toISOString();
  return decisions.map((decision, index) => ({
    time,
    requestId,
    ...(isBatch ? { index } : {}),
    // INVARIANT: only flows the engine accepted are logged (see DecisionLogEntry.flow).
    ...(decision.reasons.some((r) => r.rule.startsWith('error/')) ? {} : { flow: flows[index] }),
    decision: decision.decision,
    reasons: decision.reasons.map((r) => r.rule),
    policy: decision.policy,
  }));
}

/** Turns `JSON.parse`'s "at position N" into `request body:line:col`, so the client can find the mistake. */
function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/.test(message) ? String(text.length) : undefined);
  if (position === undefined) return `request body: the body is not JSON: ${message}`;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `request body:${line}:${column}: the body is not JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/** Keeps a sane client-sent request id (so logs on both sides join); otherwise makes one up. */
function pickRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** Every non-2xx answer has the body `{ "error": { code, message, help } }`. */
function sendError(response: ServerResponse, status: number, code: string, message: string, help: string): void {
  sendJson(response, status, { error: { code, message, help } });
}
