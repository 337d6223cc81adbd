import { compile } from '@pledge/engine';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '@pledge/policy-spec';
import { displayPath, loadPolicyFile } from '../files.js';
import type { ServedPolicy } from './handle-request.js';

/** What a policy reload did. */
export type ReloadOutcome = 'reloaded' | 'unchanged' | 'invalid';

/** Holds the policy being served and replaces it, whole, when a reload finds a valid new version. */
export interface PolicyReloader {
  /** The policy to answer with now. */
  current(): ServedPolicy;
  /** Loads the file again; on errors the current policy stays and the diagnostics go to stderr. */
  reload(): Promise<ReloadOutcome>;
  /** Settles when no reload is running. */
  idle(): Promise<void>;
}

/**
 * Loads and compiles the policy at `file` (absolute). Resolves with the diagnostics, as `pledge validate` prints
 * them, when it is not valid; otherwise with a reloader serving it.
 */
export async function loadPolicyReloader(file: string, cwd: string, stderr: (text: string) => void): Promise<PolicyReloader | { errors: string }> {
  const first = await loadServedPolicy(file, cwd);
  if (!('served' in first)) return { errors: formatDiagnostics(first.diagnostics) };
  const shown = displayPath(file, cwd);
  let served = first.served;
  let reportedInvalid = false;

  async function loadAgain(): Promise<ReloadOutcome> {
    const result = await loadServedPolicy(file, cwd);
    const now = served.decider.policy;
    if (!('served' in result)) {
      reportedInvalid = true;
      stderr(`${formatDiagnostics(result.diagnostics)}pledge serve: ${shown} not reloaded: still serving ${now.id} ${now.version}; fix the errors above and save again\n`);
      return 'invalid';
    }
    const next = result.served.decider.policy;
    if (next.digest === now.digest) {
      // Saved without a change (or an invalid edit undone): nothing to swap, but say the trouble is over.
      if (reportedInvalid) stderr(`pledge serve: ${shown} is valid again and the same as the policy served (${now.id} ${now.version})\n`);
      reportedInvalid = false;
      return 'unchanged';
    }
    reportedInvalid = false;
    served = result.served;
    stderr(`${formatDiagnostics(result.diagnostics)}pledge serve: reloaded ${shown}: now serving ${next.id} ${next.version} (was ${now.id} ${now.version})\n`);
    return 'reloaded';
  }

  // Reloads run one at a time; a change seen during a reload triggers one more, so the last save always wins.
  let running: Promise<ReloadOutcome> | undefined;
  let again = false;
  async function loop(): Promise<ReloadOutcome> {
    let outcome: ReloadOutcome;
    do {
      again = false;
      outcome = await loadAgain();
    } while (again);
    return outcome;
  }
  return {
    current: () => served,
    reload() {
      if (running) {
        again = true;
        return running;
      }
      running = loop().finally(() => (running = undefined));
      return running;
    },
    idle: async () => void (await running),
  };
}

async function loadServedPolicy(file: string, cwd: string): Promise<{ served: ServedPolicy; diagnostics: Diagnostic[] } | { diagnostics: Diagnostic[] }> {
  const { policy, diagnostics } = await loadPolicyFile(file, cwd);
  if (!policy || hasErrors(diagnostics)) return { diagnostics };
  return { served: { decider: compile(policy), loadedAt: new Date().toISOString() }, diagnostics };
}

/** The diagnostics as `pledge validate` prints them, one per line, each line ended. */
function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics)
    .map((d) => `${formatDiagnostic(d)}\n`)
    .join('');
}
