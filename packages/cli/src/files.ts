import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { decodePolicyBytes, loadPolicy, type Diagnostic, type LoadResult } from '@pledge/policy-spec';
import { UsageError } from './io.js';

/** Makes a path relative to the working directory for display (diagnostics name files as the user typed them). */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Expands files and directories into policy files: a directory yields its `*.yaml`/`*.yml` files (recursively),
 * leaving out test files (`*.test.yaml`). A missing path is a usage error.
 */
export async function findPolicyFiles(paths: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or directory: ${path}`);
    if (info.isDirectory()) out.push(...(await listPolicies(absolute)));
    else out.push(absolute);
  }
  return out;
}

async function listPolicies(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...(await listPolicies(path)));
    } else if (/\.ya?ml$/.test(entry.name) && !/\.test\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Reads and loads a policy file; unreadable or non-UTF-8 files become diagnostics, never exceptions. */
export async function loadPolicyFile(path: string, cwd: string): Promise<LoadResult> {
  const shown = displayPath(path, cwd);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const diagnostic: Diagnostic = {
      code: 'PLG012',
      severity: 'error',
      file: shown,
      line: 1,
      column: 1,
      message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      help: 'check the path and permissions',
    };
    return { diagnostics: [diagnostic] };
  }
  const decoded = decodePolicyBytes(bytes, shown);
  if ('diagnostic' in decoded) return { diagnostics: [decoded.diagnostic] };
  return loadPolicy(decoded.text, shown);
}
