export { analyzeProgram, dedupeTaints, parsePledgeTag, staticFlow } from './analyze-program.js';
export type {
  AnalyzeOptions,
  CheckCallSite,
  GuardSite,
  ProgramAnalysis,
  PurposeAnnotation,
  SinkCallSite,
  StaticFlow,
  Taint,
} from './analyze-program.js';
export { checkFlows, sinkFlow } from './check-flows.js';
export type { CheckFlowsOptions, FlowDecider } from './check-flows.js';
export { createCompilerHostWithLibs } from './create-compiler-host.js';
export { formatGithubAnnotations } from './format-github-annotations.js';
export { formatLintText } from './format-lint-text.js';
export type { TextFormatOptions } from './format-lint-text.js';
export { formatSarif } from './format-sarif.js';
export type { SarifOptions } from './format-sarif.js';
export { inferCategory, splitIdentifier } from './infer-category.js';
export { formatLintDiagnostic, isAtLeast, LINT_CODES, SEVERITY_ORDER, sortLintDiagnostics } from './lint-diagnostic.js';
export type { FindingFlow, FindingReason, LintCode, LintDiagnostic, LintLocation, LintSeverity } from './lint-diagnostic.js';
export { lintProject } from './lint-project.js';
export type { LintProjectOptions, LintResult } from './lint-project.js';
export { checkConfigTerms, lintConfigSchema, loadLintConfig } from './load-lint-config.js';
export type { CalleeSpec, DataSpec, LintConfig, SinkSpec } from './load-lint-config.js';
