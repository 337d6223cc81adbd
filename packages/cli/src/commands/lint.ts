import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { LintDiagnostic, LintSeverity } from '@pledge/analyzer';
import { compile } from '@pledge/engine';
import { formatDiagnostic } from '@pledge/policy-spec';
import { displayPath, loadPolicyFile } from '../files.js';
import { ExitCode, UsageError, type Io } from '../io.js';
import type { Command } from '../main.js';

const CONFIG_NAME = 'pledge.config.yaml';
const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
const THRESHOLDS = ['error', 'warning', 'note', 'none'] as const;
const VERSION = '0.1.0';

/** `pledge lint [DIR] [paths…]`: personal data flows in TypeScript code, checked against the policy. */
export const lintCommand: Command = {
  summary: 'find personal data flows in TypeScript code and check each against the policy',
  usage: `Usage: pledge lint [DIR] [paths…] [--config FILE] [--policy P] [--format text|json|sarif|github]
                   [--fail-on error|warning|note|none] [--no-infer]

Reads DIR/${CONFIG_NAME} (DIR defaults to the current directory), finds every call of a configured sink that
personal data can reach, and decides each flow with the policy. Further paths limit the report to those files or
directories. Codes are explained in packages/analyzer/README.md.

  PLL001 error    the policy does not allow the flow
  PLL002 warning  allowed only with consent or for some subjects, and no runtime check precedes the call
  PLL003 error    a policy check with a literal flow that can never be allowed
  PLL004 error    a sink call that receives personal data but has no purpose

Options:
  --config FILE       the configuration file (default: DIR/${CONFIG_NAME})
  --policy P          the policy, instead of the one the configuration names
  --format F          text (default; findings on stderr, summary on stdout), json (one document with schemaVersion),
                      sarif (SARIF 2.1.0, for code scanning), github (workflow annotations)
  --fail-on S         lowest severity that fails the run: error (default), warning, note, none
  --no-infer          do not infer categories from names such as \`email\` or \`cardNumber\`

Exit: 0 clean, 1 findings at or above --fail-on, 2 configuration, policy or usage error.
`,
  options: {
    config: { type: 'string' },
    policy: { type: 'string' },
    format: { type: 'string', default: 'text' },
    'fail-on': { type: 'string', default: 'error' },
    'no-infer': { type: 'boolean', default: false },
  },
  async run(values, positionals, io) {
    // Loaded here, not at the top: the analyzer brings ts-morph and the TypeScript compiler (about a second to
    // load), which no other command needs.
    const { checkConfigTerms, formatGithubAnnotations, formatLintText, formatSarif, isAtLeast, lintProject, loadLintConfig } =
      await import('@pledge/analyzer');
    const format = oneOf(values['format'], FORMATS, '--format');
    const failOn = oneOf(values['fail-on'], THRESHOLDS, '--fail-on');
    const { configPath, only } = await locateConfig(values['config'], positionals, io);
    const shownConfig = displayPath(configPath, io.cwd);

    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'cannot be read';
      throw new UsageError(`${shownConfig} ${reason}: name the directory that holds ${CONFIG_NAME}, or pass --config FILE`);
    }
    const { config, diagnostics: configDiagnostics } = loadLintConfig(text, shownConfig);
    if (!config) return await reportSetupFailure(configDiagnostics, format, io);
    if (values['no-infer'] === true) config.infer = false;

    const policyPath = typeof values['policy'] === 'string' ? resolve(io.cwd, values['policy']) : resolve(dirname(configPath), config.policy);
    const loaded = await loadPolicyFile(policyPath, io.cwd);
    if (!loaded.policy) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      const where = typeof values['policy'] === 'string' ? undefined : config.locate(['policy']);
      const summary: LintDiagnostic = {
        code: 'PLL105',
        severity: 'error',
        ...(where ?? { file: displayPath(policyPath, io.cwd), line: 1, column: 1 }),
        message: `the policy \`${displayPath(policyPath, io.cwd)}\` cannot be loaded: ${errors.length} error${errors.length === 1 ? '' : 's'}`,
        help: errors.map(formatDiagnostic).slice(0, 5).join('; '),
      };
      return await reportSetupFailure([summary], format, io);
    }
    const termErrors = checkConfigTerms(config, loaded.policy.taxonomy);
    if (termErrors.length > 0) return await reportSetupFailure(termErrors, format, io);

    const progress = io.isTty && format !== 'json' && format !== 'sarif';
    const options: Parameters<typeof lintProject>[0] = {
      config,
      configPath: resolve(configPath),
      policy: loaded.policy,
      decider: compile(loaded.policy),
      cwd: io.cwd,
    };
    if (only) options.only = only;
    if (progress) options.onProgress = (phase, files) => io.stderr(`\r\u001b[Kpledge lint: ${phase}${files ? ` ${files} files` : ''}…`);
    const result = await lintProject(options);
    if (progress) io.stderr('\r\u001b[K');

    const findings = result.diagnostics;
    const count = (s: LintSeverity): number => findings.filter((d) => d.severity === s).length;
    const failed = failOn !== 'none' && findings.some((d) => isAtLeast(d.severity, failOn));
    if (format === 'json') {
      const doc = {
        schemaVersion: 1,
        config: shownConfig,
        policy: result.policy,
        files: result.files,
        lines: result.lines,
        sinkCalls: result.sinkCalls,
        flows: result.flows,
        errors: count('error'),
        warnings: count('warning'),
        notes: count('note'),
        findings,
      };
      io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (format === 'sarif') {
      const sarif = formatSarif(findings, { root: io.cwd, version: VERSION, policy: result.policy, lineText: result.lineText });
      io.stdout(`${JSON.stringify(sarif, null, 2)}\n`);
    } else if (format === 'github') {
      io.stdout(formatGithubAnnotations(findings));
    } else {
      io.stderr(formatLintText(findings, io.isTty ? { color: true, lineText: result.lineText } : {}));
      const mark = failed ? '✗' : '✓';
      io.stdout(
        `${mark} ${plural(result.files, 'file')} (${plural(result.lines, 'line')}), ${plural(result.sinkCalls, 'sink call')}, ` +
          `${plural(result.flows, 'flow')} checked against ${result.policy.id} ${result.policy.version}: ` +
          `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}${count('note') ? `, ${plural(count('note'), 'note')}` : ''}\n`,
      );
    }
    return failed ? ExitCode.Findings : ExitCode.Ok;
  },
};

async function locateConfig(
  option: unknown,
  positionals: readonly string[],
  io: Io,
): Promise<{ configPath: string; only: string[] | undefined }> {
  if (typeof option === 'string') {
    return { configPath: resolve(io.cwd, option), only: positionals.length ? positionals.map((p) => resolve(io.cwd, p)) : undefined };
  }
  const [first, ...rest] = positionals;
  if (first !== undefined) {
    const info = await stat(resolve(io.cwd, first)).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or directory: ${first}`);
    if (info.isDirectory()) {
      return { configPath: join(resolve(io.cwd, first), CONFIG_NAME), only: rest.length ? rest.map((p) => resolve(io.cwd, p)) : undefined };
    }
  }
  return { configPath: join(io.cwd, CONFIG_NAME), only: positionals.length ? positionals.map((p) => resolve(io.cwd, p)) : undefined };
}

async function reportSetupFailure(diagnostics: readonly LintDiagnostic[], format: string, io: Io): Promise<ExitCode> {
  const { formatLintDiagnostic } = await import('@pledge/analyzer');
  for (const d of diagnostics) io.stderr(`${formatLintDiagnostic(d)}\n`);
  if (format === 'json') io.stdout(`${JSON.stringify({ schemaVersion: 1, errors: diagnostics.length, warnings: 0, notes: 0, findings: diagnostics }, null, 2)}\n`);
  return ExitCode.Usage;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], flag: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not \`${String(value)}\``);
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}
