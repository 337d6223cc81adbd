import { posix } from 'node:path';
import type { LoadedPolicy } from '@pledge/policy-spec';
import { ts } from '@ts-morph/common';
import type { FileSystemHost, ProjectOptions } from 'ts-morph';
import { analyzeProgram, calleeNames, countLines, mentionsAny } from './analyze-program.js';
import { checkFlows, type FlowDecider } from './check-flows.js';
import { createCompilerHostWithLibs } from './create-compiler-host.js';
import { sortLintDiagnostics, type LintDiagnostic } from './lint-diagnostic.js';
import type { LintConfig } from './load-lint-config.js';

/** Inputs of {@link lintProject}. Paths are absolute, in POSIX form. */
export interface LintProjectOptions {
  config: LintConfig;
  /** Where the config file is: `include`, `tsconfig` and sink modules are relative to its directory. */
  configPath: string;
  policy: LoadedPolicy;
  /** Decides flows; default: the engine's `compile(policy)`. */
  decider?: FlowDecider;
  /** Locations are shown relative to this directory (default: the config's directory). */
  cwd?: string;
  /** Where sources are read from (default: the real file system). Tests pass an in-memory one. */
  fileSystem?: FileSystemHost;
  /** Report only findings in these files or directories (all included files are still analyzed). */
  only?: readonly string[];
  /** Called as work proceeds, for a progress line on a terminal. */
  onProgress?: (phase: 'loading' | 'analyzing' | 'checking', files: number) => void;
}

/** The outcome of a lint run. */
export interface LintResult {
  diagnostics: LintDiagnostic[];
  /** TypeScript files linted and their lines. */
  files: number;
  lines: number;
  /** Sink calls found, and flows decided. */
  sinkCalls: number;
  flows: number;
  /** Milliseconds per phase. */
  timings: { load: number; analyze: number; check: number };
  policy: { id: string; version: string };
  /** The text of line `line` (1-based) of a linted file, by its shown name: code frames need it. */
  lineText(file: string, line: number): string | undefined;
}

const DEFAULT_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  lib: ['lib.es2023.d.ts'],
};

/**
 * Lints the TypeScript files a config includes: finds every flow of personal data into a sink and checks it
 * against the policy. Config and policy must already be loaded and valid (see `loadLintConfig`, `checkConfigTerms`).
 */
export async function lintProject(options: LintProjectOptions): Promise<LintResult> {
  const { config, policy } = options;
  const configDir = posix.dirname(posix.resolve(options.configPath));
  const cwd = options.cwd ?? configDir;
  const started = performance.now();
  options.onProgress?.('loading', 0);

  const tsconfig = config.tsconfig !== undefined ? posix.resolve(configDir, config.tsconfig) : posix.join(configDir, 'tsconfig.json');
  const { program, files, total } = options.fileSystem
    ? await createProjectProgram(options.fileSystem, config, configDir, tsconfig)
    : createDirectProgram(config, configDir, tsconfig);
  const loaded = performance.now();
  options.onProgress?.('analyzing', files.length);

  const display = (fileName: string): string => {
    const rel = posix.relative(cwd, fileName);
    return rel && !rel.startsWith('..') ? rel : fileName;
  };
  const fileSystem = options.fileSystem;
  const exists = (path: string): boolean => (fileSystem ? fileSystem.fileExistsSync(path) : ts.sys.fileExists(path));
  const packageNames = new Map<string, string | undefined>();
  const packageNameOf = (fileName: string): string | undefined => {
    const readFile = (path: string): string | undefined => {
      try {
        return fileSystem ? fileSystem.readFileSync(path) : ts.sys.readFile(path);
      } catch {
        return undefined;
      }
    };
    const seen: string[] = [];
    let name: string | undefined;
    for (let dir = posix.dirname(fileName); ; dir = posix.dirname(dir)) {
      if (packageNames.has(dir)) {
        name = packageNames.get(dir);
        break;
      }
      seen.push(dir);
      const text = exists(`${dir}/package.json`) ? readFile(`${dir}/package.json`) : undefined;
      if (text !== undefined) {
        try {
          const parsed = JSON.parse(text) as { name?: unknown };
          name = typeof parsed.name === 'string' ? parsed.name : undefined;
        } catch {
          name = undefined;
        }
        break;
      }
      if (posix.dirname(dir) === dir) break;
    }
    for (const dir of seen) packageNames.set(dir, name);
    return name;
  };

  const analysis = analyzeProgram(program, {
    files,
    sinks: config.sinks,
    checks: config.checks,
    data: config.data,
    infer: config.infer,
    baseDir: configDir,
    displayPath: display,
    packageNameOf,
  });
  const analyzed = performance.now();
  options.onProgress?.('checking', files.length);

  const decider = options.decider ?? (await import('@pledge/engine')).compile(policy);
  let flows = 0;
  const counting: FlowDecider = {
    decide(flow) {
      flows++;
      return decider.decide(flow);
    },
  };
  const diagnostics = checkFlows({ analysis, sinks: config.sinks, decider: counting, policy: policy.document, taxonomy: policy.taxonomy });
  if (total.files === 0) {
    diagnostics.push({
      code: 'PLL106',
      severity: 'error',
      ...config.locate(['include']),
      message: `no TypeScript files match \`include\` (${config.include.map((p) => `\`${p}\``).join(', ')})`,
      help: 'globs are relative to the config file; node_modules is never linted',
    });
  }
  config.sinks.forEach((sink, i) => {
    if (analysis.sinkUsage[i] === 0 && total.files > 0) {
      diagnostics.push({
        code: 'PLL104',
        severity: 'warning',
        ...config.locate(['sinks', i, 'call']),
        message: `sink \`${sink.call}\`${sink.module ? ` from \`${sink.module}\`` : ''} matches no call in the linted files`,
        help: 'check the name (`Container.method` names the class, interface, namespace or object that declares it) and `module`',
      });
    }
  });
  const checked = performance.now();

  const only = options.only?.map((p) => display(p).replace(/\/$/, ''));
  const reported = only
    ? diagnostics.filter((d) => d.file === config.file || only.some((p) => p === '' || d.file === p || d.file.startsWith(`${p}/`)))
    : diagnostics;
  const byShownName = new Map(files.map((f) => [display(f.fileName), f]));
  return {
    diagnostics: sortLintDiagnostics(reported),
    files: total.files,
    lines: total.lines,
    sinkCalls: analysis.sinkCalls.length,
    flows,
    timings: { load: loaded - started, analyze: analyzed - loaded, check: checked - analyzed },
    policy: { id: policy.document.policy.id, version: String(policy.document.policy.version) },
    lineText(file, line) {
      const source = byShownName.get(file);
      if (!source) return undefined;
      const starts = source.getLineStarts();
      const start = starts[line - 1];
      if (start === undefined) return undefined;
      return source.text.slice(start, starts[line] ?? source.text.length).replace(/\r?\n$/, '');
    },
  };
}

// The fast path: TypeScript's own compiler host on the real file system, and its own matcher for `include`/`exclude`.
// Only files that mention a sink or check name are roots of the program; what they import comes along, the rest of
// the code base is read (to count it) but never parsed. JSDoc is not parsed: `@pledge` tags are read from the text.
function createDirectProgram(config: LintConfig, configDir: string, tsconfig: string): Loaded {
  let options: ts.CompilerOptions = DEFAULT_COMPILER_OPTIONS;
  if (ts.sys.fileExists(tsconfig)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (parsed) options = parsed.options;
  }
  options = { ...options, noEmit: true };
  const matched = ts.parseJsonConfigFileContent({ include: config.include, exclude: [...config.exclude, '**/node_modules'] }, ts.sys, configDir, options);
  const all = matched.fileNames.filter((f) => /\.[cm]?tsx?$/.test(f));
  const mention = mentionsAny(calleeNames(config.sinks, config.checks));
  // Every text is read once: to count lines, to pick the roots, and for the compiler when a root imports it.
  const texts = new Map<string, string>();
  const rootNames: string[] = [];
  let lines = 0;
  for (const fileName of all) {
    const text = ts.sys.readFile(fileName) ?? '';
    texts.set(fileName, text);
    lines += countLines(text);
    // Ambient declarations (`declare module`) shape types everywhere, so declaration files always take part.
    if (mention.test(text) || fileName.endsWith('.d.ts')) rootNames.push(fileName);
  }
  // Parent pointers come from the binder: the analysis creates the type checker before it walks any tree.
  const host = createCompilerHostWithLibs(options, { jsDocParsingMode: ts.JSDocParsingMode.ParseNone, texts, setParentNodes: false });
  const program = ts.createProgram({ rootNames, options, host });
  const files = rootNames.map((f) => program.getSourceFile(f)).filter((f): f is ts.SourceFile => f !== undefined && !f.isDeclarationFile);
  return { program, files, total: { files: all.length, lines } };
}

// Through ts-morph's file system abstraction, so tests (and callers) can lint an in-memory project.
// ts-morph itself is loaded only here: the fast path needs just the compiler it embeds.
async function createProjectProgram(fileSystem: FileSystemHost, config: LintConfig, configDir: string, tsconfig: string): Promise<Loaded> {
  const { Project } = await import('ts-morph');
  const projectOptions: ProjectOptions = { skipAddingFilesFromTsConfig: true, fileSystem };
  if (fileSystem.fileExistsSync(tsconfig)) projectOptions.tsConfigFilePath = tsconfig;
  else projectOptions.compilerOptions = DEFAULT_COMPILER_OPTIONS;
  const project = new Project(projectOptions);
  const added = project.addSourceFilesAtPaths([
    ...config.include.map((p) => posix.resolve(configDir, p)),
    ...config.exclude.map((p) => `!${posix.resolve(configDir, p)}`),
    '!**/node_modules/**',
  ]);
  const program = project.getProgram().compilerObject;
  const files = added.map((f) => program.getSourceFile(f.getFilePath())).filter((f): f is ts.SourceFile => f !== undefined);
  return { program, files, total: { files: files.length, lines: files.reduce((n, f) => n + countLines(f.text), 0) } };
}

interface Loaded {
  program: ts.Program;
  /** The files to analyze. */
  files: ts.SourceFile[];
  /** Every file the config includes, analyzed or not. */
  total: { files: number; lines: number };
}
