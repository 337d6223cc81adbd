// Imported by path, not by package name: the repository root declares no workspace packages, and this is the same
// module the packages' own tests reach through `@pledge/policy-spec`.
import { formatDiagnostic, loadPolicy, type LoadedPolicy } from '../../packages/policy-spec/src/index.js';

/** Loads a policy from YAML (or JSON) text; a test policy with errors fails the test with its diagnostics. */
export function policyFrom(text: string, file = 'policies/test.yaml'): LoadedPolicy {
  const { policy, diagnostics } = loadPolicy(text, file);
  if (!policy) throw new Error(`test policy is invalid:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  return policy;
}

const loaded = new Map<string, LoadedPolicy>();

/** Loads a policy written as a document object (JSON is YAML). Repeated documents are loaded once. */
export function policyFromDocument(document: unknown, file = 'policies/random.yaml'): LoadedPolicy {
  const text = JSON.stringify(document);
  let policy = loaded.get(text);
  if (!policy) {
    if (loaded.size > 1000) loaded.clear();
    loaded.set(text, (policy = policyFrom(text, file)));
  }
  return policy;
}
