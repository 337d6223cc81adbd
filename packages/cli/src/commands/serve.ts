import { ExitCode, UsageError, type Io } from '../io.js';
import type { Command } from '../main.js';
import { startServer } from '../serve/start-server.js';

type Values = Record<string, string | boolean | string[] | undefined>;

/** `pledge serve --policy P [--port N]`: the HTTP decision API, until SIGINT or SIGTERM. */
export const serveCommand: Command = {
  summary: 'answer decisions over HTTP, reloading the policy when it changes',
  usage: `Usage: pledge serve --policy P [--port N] [--host H] [--log FILE|-] [--no-watch]

Serves the decision API over HTTP (JSON in, JSON out):
  POST /v1/decide   one flow object -> its decision, exactly as \`pledge check\` prints it;
                    an array of flows -> an array of decisions (at most 10000 flows, 1 MiB per request).
                    A malformed flow is denied with an \`error/...\` reason (status 200), as in the library.
  GET  /v1/policy   the policy being served: { id, version, digest, loadedAt }
  GET  /healthz     { "status": "ok" }
Other answers: 400 body is not JSON, 404 unknown route, 405 wrong method, 413 body too large; each with
{ "error": { "code", "message", "help" } }.

When the policy file changes the server loads it again; a valid policy replaces the old one at once (requests
already being answered finish with the old one), an invalid one is reported on stderr as \`pledge validate\`
would, and the old policy stays in service. SIGHUP reloads too. SIGINT or SIGTERM stops the server after the
requests in flight.

Options:
  --policy P        the policy file (required)
  --port N          port to listen on (default 8080; 0 picks a free port, printed on stderr)
  --host H          address to listen on (default 127.0.0.1: only this machine can ask; 0.0.0.0 opens it to all)
  --log FILE|-      append one JSON line per decision (time, requestId, flow, decision, reasons, policy) to FILE,
                    or to stdout with \`-\`; off by default. A flow holds taxonomy ids, not personal data
                    values, so it is logged as sent; a malformed flow (denied with \`error/...\`) is left out,
                    as its unknown keys or values could hold anything.
  --no-watch        do not reload the policy when its file changes

Example:
  pledge serve --policy policies/accounting-def.yaml --port 8080 &
  curl -s localhost:8080/v1/decide -d '{"action":"share","category":"user.financial.credit_card",
    "purpose":"essential.service.payment_processing","recipient":"processor.payment","source":"user_provided"}'

Exit: 0 after SIGINT or SIGTERM, 2 usage error, invalid policy, port in use or log not writable.
`,
  options: {
    policy: { type: 'string', short: 'p' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    log: { type: 'string' },
    'no-watch': { type: 'boolean', default: false },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`unexpected argument \`${positionals[0]}\`: name the policy with --policy`);
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals): void => {
      // One signal closes gracefully; with the listeners gone, a second one ends the process at once.
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      io.stderr(`pledge serve: ${signal}: closing after the requests in flight\n`);
      stop.abort();
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      return await serve(values, io, stop.signal, (reload) => {
        process.on('SIGHUP', reload);
        return () => void process.off('SIGHUP', reload);
      });
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
  },
};

/**
 * Runs the server the options in `values` describe until `stop` aborts (or the server closes) and returns the
 * exit code. `onReloadRequest` wires an outside trigger (SIGHUP) to a reload and returns how to unwire it.
 */
export async function serve(values: Values, io: Io, stop: AbortSignal, onReloadRequest?: (reload: () => void) => () => void): Promise<ExitCode> {
  const policy = values['policy'];
  if (typeof policy !== 'string' || policy === '') throw new UsageError('name the policy with --policy FILE');
  const port = parsePort(values['port']);
  const host = typeof values['host'] === 'string' && values['host'] !== '' ? values['host'] : '127.0.0.1';
  const log = values['log'];
  if (log !== undefined && (typeof log !== 'string' || log === '')) throw new UsageError('--log takes a file name, or `-` for stdout');
  const server = await startServer({
    policy,
    host,
    port,
    watch: values['no-watch'] !== true,
    ...(typeof log === 'string' ? { log } : {}),
    io,
  });
  if (host === '0.0.0.0' || host === '::') io.stderr('pledge serve: listening on every interface: anyone who can reach this machine can query the policy\n');
  const unwire = onReloadRequest?.(() => void server.reload());
  try {
    if (!stop.aborted) await Promise.race([server.closed, new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }))]);
    await server.close();
  } finally {
    unwire?.();
  }
  io.stderr('pledge serve: closed\n');
  return ExitCode.Ok;
}

function parsePort(value: unknown): number {
  const text = typeof value === 'string' ? value : '8080';
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) throw new UsageError(`--port must be a number from 0 to 65535, not \`${text}\` (0 picks a free port)`);
  return port;
}
