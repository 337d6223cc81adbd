import { compile, type Decider } from '@pledge/engine';
import { formatDiagnostic, type LoadedPolicy } from '@pledge/policy-spec';
import { loadPolicyFile } from './files.js';
import { UsageError, type Io } from './io.js';
import { resolve } from 'node:path';

/**
 * Loads and compiles the policy a command was given with `--policy`. An invalid policy is a usage error
 * whose message carries every diagnostic, positioned.
 */
export async function loadCommandPolicy(path: unknown, io: Io): Promise<{ policy: LoadedPolicy; decider: Decider }> {
  if (typeof path !== 'string' || path === '') throw new UsageError('name the policy with --policy FILE');
  const { policy, diagnostics } = await loadPolicyFile(resolve(io.cwd, path), io.cwd);
  if (!policy) {
    throw new UsageError(`the policy is not valid:\n${diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`, false);
  }
  return { policy, decider: compile(policy) };
}
