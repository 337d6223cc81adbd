import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import type { Decision, PolicyStamp } from '@pledge/engine';
import { UsageError, type Io } from '../io.js';

/** One line of the decision log (JSON Lines): enough to replay the decision against the policy it names. */
export interface DecisionLogEntry {
  /** When the decision was made, ISO 8601 UTC. */
  time: string;
  /** The `x-request-id` of the request (the client's, or one the server made up). */
  requestId: string;
  /** Position of the flow in a batch request; absent for a single flow. */
  index?: number;
  /**
   * The flow as the client sent it, when the engine accepted it: then it holds only taxonomy ids, an age, a
   * jurisdiction code and a duration, never personal data values. A flow denied with `error/…` is left out,
   * because what made it malformed (an unknown key, a value that is not a term) could carry anything.
   */
  flow?: unknown;
  decision: Decision['decision'];
  /** The `rule` of each reason, e.g. `share/payments`, `default/deny`, `error/unknown-key`. */
  reasons: string[];
  policy: PolicyStamp;
}

/** Where decisions are logged: append lines, flush on close. */
export interface DecisionLog {
  append(entries: readonly DecisionLogEntry[]): void;
  close(): Promise<void>;
}

/**
 * Opens the decision log: `-` writes to `stdout`, any other target is a file opened for appending (created if
 * missing). A file that cannot be opened is a usage error, so the server does not start without its log; a
 * write that fails later (disk full) is reported once on stderr and the server keeps answering.
 */
export function openDecisionLog(target: string, io: Pick<Io, 'stdout' | 'stderr'>): DecisionLog {
  if (target === '-') {
    return { append: (entries) => io.stdout(formatLogLines(entries)), close: async () => {} };
  }
  let fd: number;
  try {
    fd = openSync(target, 'a');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot open the decision log ${target} (${code}): check that its directory exists and is writable`, false);
  }
  const stream: WriteStream = createWriteStream('', { fd });
  stream.once('error', (error: NodeJS.ErrnoException) => {
    io.stderr(`pledge serve: cannot write the decision log ${target} (${error.code ?? error.message}); decisions are no longer logged\n`);
  });
  return {
    append: (entries) => {
      if (!stream.destroyed) stream.write(formatLogLines(entries));
    },
    close: () => new Promise((resolve) => (stream.destroyed ? resolve() : stream.end(resolve))),
  };
}

function formatLogLines(entries: readonly DecisionLogEntry[]): string {
  let text = '';
  for (const entry of entries) text += `${JSON.stringify(entry)}\n`;
  return text;
}
