import { readFile } from 'node:fs/promises';
import { decodePolicyBytes, formatDiagnostic, loadPolicy, type Diagnostic } from '@pledge/policy-spec';
import { compile } from './compile.js';
import type { Decider } from './types.js';

/** Why a policy file could not become a Decider: every diagnostic, positioned (warnings included). */
export class PolicyLoadError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const shown = errors.slice(0, 5).map(formatDiagnostic).join('\n');
    const more = errors.length > 5 ? `\n(and ${errors.length - 5} more)` : '';
    super(`the policy ${file} is not valid:\n${shown}${more}`);
    this.name = 'PolicyLoadError';
    this.diagnostics = diagnostics;
  }
}

/**
 * Reads, checks and compiles the policy at `path`. Rejects with a {@link PolicyLoadError} (its `.diagnostics`
 * list every problem) when the file cannot be read or the policy is not valid; warnings do not block.
 */
export async function loadDecider(path: string): Promise<Decider> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new PolicyLoadError(path, [
      {
        code: 'PLG012',
        severity: 'error',
        file: path,
        line: 1,
        column: 1,
        message: `cannot read the file (${reason})`,
        help: 'check the path and the permissions',
      },
    ]);
  }
  const decoded = decodePolicyBytes(bytes, path);
  if ('diagnostic' in decoded) throw new PolicyLoadError(path, [decoded.diagnostic]);
  const { policy, diagnostics } = loadPolicy(decoded.text, path);
  if (!policy) throw new PolicyLoadError(path, diagnostics);
  return compile(policy);
}
