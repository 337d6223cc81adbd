import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, with a trailing separator. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a README example did when it ran. */
export interface ReadmeExample {
  /** The example as the README writes it. */
  code: string;
  /** The values the example passed to `console.log`, in order. */
  printed: unknown[];
  /** The values the example passed to `console.error`, in order, when asked to record them (else empty). */
  errors: unknown[];
  /** The comment closing each `console.log(…);` line, in order: what the README says that line prints. */
  comments: string[];
  /** What the example exports (`export const …`), by name. */
  exports: Record<string, unknown>;
}

/** Each workspace package's source entry (its `@pledge/source` export) as an absolute path, by package name. */
function workspaceSources(): Map<string, string> {
  const sources = new Map<string, string>();
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    let manifest: { name?: string; exports?: { '.'?: { '@pledge/source'?: string } } };
    try {
      manifest = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
    } catch {
      continue; // not a package
    }
    const entry = manifest.exports?.['.']?.['@pledge/source'];
    if (manifest.name && entry) sources.set(manifest.name, join(ROOT, 'packages', dir, entry));
  }
  return sources;
}

/** How {@link runReadmeExample} runs an example. */
export interface ReadmeExampleOptions {
  /**
   * Record what the example passes to `console.error` (an example that reports problems there) instead of letting
   * it reach the console, which fails the test.
   */
  recordErrors?: boolean;
}

/**
 * Runs the first ```ts block of the README at `readme` as a module, the way a user would from the repository root:
 * `@pledge/…` imports load the packages' sources, quoted `policies/…` and `examples/…` paths and a `cwd: '.'` option
 * point at the repository root, and `console.log` (and `console.error`, if asked) records its values instead of
 * printing them.
 */
export async function runReadmeExample(readme: URL, options: ReadmeExampleOptions = {}): Promise<ReadmeExample> {
  const file = fileURLToPath(readme);
  const code = /```ts\n([\s\S]*?)```/.exec(readFileSync(file, 'utf8'))?.[1];
  if (code === undefined) throw new Error(`${file}: no \`\`\`ts example found; the README's first TypeScript block is run`);
  const sources = workspaceSources();
  const body = code
    .replace(/from '(@pledge\/[^']+)'/g, (_match, name: string) => {
      const source = sources.get(name);
      if (!source) throw new Error(`${file}: the example imports \`${name}\`, which is not a package under packages/`);
      return `from ${JSON.stringify(source)}`;
    })
    .replace(/'((?:policies|examples)\/[^']*)'/g, (_match, path: string) => JSON.stringify(join(ROOT, path)))
    .replace(/cwd: '\.'/g, `cwd: ${JSON.stringify(ROOT)}`);
  // The example becomes a module of its own, compiled as TypeScript by the test runner; a temporary directory keeps
  // it out of the checkout, where tests running at the same time could remove or overwrite it.
  const dir = mkdtempSync(join(tmpdir(), 'pledge-readme-'));
  const exampleFile = join(dir, 'example.ts');
  // Only `log` (and `error`, if asked) is recorded; any other console method reaches the real console, which fails
  // the test.
  const recorded = `log: (value: unknown) => void printedByExample.push(value)${options.recordErrors ? ', error: (value: unknown) => void errorsByExample.push(value)' : ''}`;
  writeFileSync(
    exampleFile,
    `export const printedByExample: unknown[] = [];\nexport const errorsByExample: unknown[] = [];\nconst console = { ...globalThis.console, ${recorded} };\n${body}`,
  );
  try {
    const { printedByExample, errorsByExample, ...exports } = (await import(exampleFile)) as { printedByExample: unknown[]; errorsByExample: unknown[] } & Record<string, unknown>;
    const comments = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
    return { code, printed: printedByExample, errors: errorsByExample, comments, exports };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
