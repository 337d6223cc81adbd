// The whole public surface of @pledge/engine; anything not exported here is internal.
export { compile } from './compile.js';
export { interpret } from './interpret.js';
export { loadDecider, PolicyLoadError } from './load-decider.js';
export { policyStamp } from './policy-stamp.js';
export { ERROR_CODES } from './types.js';
export type {
  Decider,
  Decision,
  DecisionObligation,
  ErrorCode,
  Flow,
  FlowAction,
  FlowSubject,
  PolicyStamp,
  Reason,
} from './types.js';
