/** Exit codes of every command (the CLI contract in DESIGN.md). */
export const ExitCode = {
  /** ok, allowed, clean */
  Ok: 0,
  /** findings: invalid policy, denied flow, lint errors, less protective diff */
  Findings: 1,
  /** usage or input error */
  Usage: 2,
  /** a bug in Pledge itself */
  Internal: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Everything a command may touch of the outside world, so commands run in memory in tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /** Current working directory, for resolving relative paths. */
  cwd: string;
  /** Whether stdout/stderr are terminals (colors, progress, code frames only then). */
  isTty: boolean;
}

/**
 * A user error (bad arguments, unreadable file, invalid policy): printed without a stack, exit 2.
 * `showUsage` adds the command's usage text, which helps for argument mistakes and only clutters input errors.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
  }
}
