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
export { diffPolicies } from './diff-policies.js';
export type { ChangeNotice, ChangeSide, FlowChange, ObligationTerm, PolicyDiff, TaxonomyChange } from './diff-policies.js';
export { isFlowInClass } from './flow-class.js';
export type { AgeRange, ConsentCondition, FlowClass, OptionalTermSet, RetentionRange, TermSet } from './flow-class.js';
