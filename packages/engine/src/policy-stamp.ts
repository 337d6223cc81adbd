import { createHash } from 'node:crypto';
import type { LoadedPolicy } from '@pledge/policy-spec';
import type { PolicyStamp } from './types.js';

const stamps = new WeakMap<LoadedPolicy, PolicyStamp>();

/**
 * The stamp decisions carry: the policy's id and version, and `sha256:<hex>` of its text (UTF-8), so a logged
 * decision can be traced to the exact policy text. Computed once per loaded policy; the result is frozen.
 */
export function policyStamp(policy: LoadedPolicy): PolicyStamp {
  let stamp = stamps.get(policy);
  if (!stamp) {
    const digest = `sha256:${createHash('sha256').update(policy.text, 'utf8').digest('hex')}`;
    stamp = Object.freeze({ id: policy.document.policy.id, version: policy.document.policy.version, digest });
    stamps.set(policy, stamp);
  }
  return stamp;
}
