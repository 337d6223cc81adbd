import { readFileSync } from 'node:fs';
import { loadPolicy, type LoadedPolicy } from '@pledge/policy-spec';

/** Loads one of the seed policies in policies/, failing the test when it does not load. */
export function loadSeed(name: string): LoadedPolicy {
  const text = readFileSync(new URL(`../../policies/${name}.yaml`, import.meta.url), 'utf8');
  const { policy, diagnostics } = loadPolicy(text, `policies/${name}.yaml`);
  if (!policy) throw new Error(`policies/${name}.yaml does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  return policy;
}

/** The five seed policies. */
export const SEEDS = ['accounting-def', 'hpdeskjet-support', 'network-carrier', 'printo-gens', 'qb-customer-support'];
