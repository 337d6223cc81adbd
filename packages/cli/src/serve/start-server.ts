import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { PolicyStamp } from '@pledge/engine';
import { displayPath } from '../files.js';
import { UsageError, type Io } from '../io.js';
import { openDecisionLog, type DecisionLog } from './decision-log.js';
import { createRequestHandler, DEFAULT_LIMITS, type ServeLimits } from './handle-request.js';
import { loadPolicyReloader, type ReloadOutcome } from './policy-reloader.js';
import { watchPolicy, type PolicyWatch } from './watch-policy.js';

/** How to run the decision server. */
export interface ServeOptions {
  /** The policy file, absolute or relative to `io.cwd`. */
  policy: string;
  /** Interface to listen on; default `127.0.0.1`, so the service is not exposed by accident. */
  host?: string;
  /** Port to listen on; default 8080; 0 picks a free port. */
  port?: number;
  /** Reload the policy when its file changes; default true. */
  watch?: boolean;
  /** Decision log: a file to append JSON Lines to, or `-` for stdout; none by default. */
  log?: string;
  /** Quiet time after a change before reloading, in milliseconds; default 100. */
  debounceMs?: number;
  /** Bounds on request size; default {@link DEFAULT_LIMITS}. */
  limits?: ServeLimits;
  /** stdout carries the decision log when it is `-`; stderr carries progress and diagnostics. */
  io: Pick<Io, 'stdout' | 'stderr' | 'cwd'>;
}

/** A running decision server. */
export interface ServerHandle {
  /** The bound address (the real port when 0 was asked for). */
  readonly address: { host: string; port: number };
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The stamp of the policy being served and when it was loaded. */
  policy(): PolicyStamp & { loadedAt: string };
  /** Loads the policy file again now; on errors the old policy stays and the diagnostics go to stderr. */
  reload(): Promise<ReloadOutcome>;
  /** Stops accepting connections, lets requests in flight finish, stops watching and flushes the log. */
  close(): Promise<void>;
  /** Settles when the server has closed, by `close()` or otherwise. */
  readonly closed: Promise<void>;
}

/** How long `close()` waits for requests in flight before cutting their connections. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Loads and compiles the policy, opens the decision log and listens. Rejects with a {@link UsageError} when the
 * policy is not valid (the message lists the diagnostics), the log cannot be opened or the port cannot be bound.
 */
export async function startServer(options: ServeOptions): Promise<ServerHandle> {
  const { io } = options;
  const file = resolve(io.cwd, options.policy);
  const policy = await loadPolicyReloader(file, io.cwd, io.stderr);
  if ('errors' in policy) throw new UsageError(`the policy is not valid:\n${policy.errors}fix the policy, then start again`, false);
  const log: DecisionLog | undefined = options.log === undefined ? undefined : openDecisionLog(options.log === '-' ? '-' : resolve(io.cwd, options.log), io);

  const server = createServer(
    createRequestHandler({
      current: policy.current,
      log,
      limits: options.limits ?? DEFAULT_LIMITS,
      onInternalError: (error) => io.stderr(`pledge serve: internal error, please report it\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
    }),
  );
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  try {
    await listen(server, host, port);
  } catch (error) {
    await log?.close();
    throw listenError(error as NodeJS.ErrnoException, host, port);
  }
  const bound = server.address() as AddressInfo;
  const url = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  const closed = new Promise<void>((resolveClosed) => server.once('close', () => resolveClosed()));

  let watch: PolicyWatch | undefined;
  if (options.watch !== false) {
    const shown = displayPath(file, io.cwd);
    const onError = (error: NodeJS.ErrnoException): void =>
      io.stderr(`pledge serve: stopped watching ${shown} (${error.code ?? error.message}); restart the server to pick up changes\n`);
    watch = watchPolicy(file, () => void policy.reload(), onError, options.debounceMs);
  }
  const stamp = policy.current().decider.policy;
  io.stderr(`pledge serve: listening on ${url} (policy ${stamp.id} ${stamp.version})\n`);

  let closing: Promise<void> | undefined;
  return {
    address: { host: bound.address, port: bound.port },
    url,
    policy: () => ({ ...policy.current().decider.policy, loadedAt: policy.current().loadedAt }),
    reload: policy.reload,
    closed,
    close() {
      closing ??= (async () => {
        watch?.close();
        server.close();
        server.closeIdleConnections();
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        await closed;
        clearTimeout(cut);
        await policy.idle();
        await log?.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): UsageError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new UsageError(`port ${port} on ${host} is already in use: stop the program that holds it, or choose another port with --port (--port 0 picks a free one)`, false);
    case 'EACCES':
      return new UsageError(`no permission to listen on port ${port}: ports below 1024 need privileges; choose a port above 1023 with --port`, false);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UsageError(`cannot listen on ${host} (${error.code}): give an address of this machine with --host, such as 127.0.0.1`, false);
    default:
      return new UsageError(`cannot listen on ${host}:${port} (${error.code ?? error.message})`, false);
  }
}
