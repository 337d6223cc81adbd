import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ExitCode, UsageError, type Io } from './io.js';
import { checkCommand } from './commands/check.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { genCommand } from './commands/gen.js';
import { lintCommand } from './commands/lint.js';
import { renderCommand } from './commands/render.js';
import { serveCommand } from './commands/serve.js';
import { testCommand } from './commands/test.js';
import { validateCommand } from './commands/validate.js';

/** A CLI command: its one-line summary, its help text, and what it does. */
export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[], io: Io): Promise<ExitCode>;
}

/** Every command, by name. Each lives in `commands/<name>.ts`. */
export const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  check: checkCommand,
  test: testCommand,
  render: renderCommand,
  gen: genCommand,
  diff: diffCommand,
  explain: explainCommand,
  lint: lintCommand,
  serve: serveCommand,
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'pledge: privacy policy as code',
    '',
    'Usage: pledge <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `pledge <command> --help` for a command\'s options.',
    'Exit codes: 0 ok, 1 findings (invalid, denied, lint errors), 2 usage or input error, 3 internal error.',
    '',
  ].join('\n');
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('0.1.0\n');
    return ExitCode.Ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`pledge: unknown command \`${name}\`\n\n${mainHelp()}`);
    return ExitCode.Usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values['help']) {
      io.stdout(`${command.usage.trimEnd()}\n`);
      return ExitCode.Ok;
    }
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      const usage = error instanceof UsageError && !error.showUsage ? '' : `\n${command.usage.trimEnd()}\n`;
      io.stderr(`pledge ${name}: ${error.message}\n${usage}`);
      return ExitCode.Usage;
    }
    io.stderr(`pledge ${name}: internal error, please report it\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.Internal;
  }
}
