import { suggest, type PolicyDocument, type Taxonomy } from '@pledge/policy-spec';
import type { CheckCallSite, ProgramAnalysis, SinkCallSite, Taint } from './analyze-program.js';
import type { FindingFlow, FindingReason, LintDiagnostic, LintLocation, LintSeverity } from './lint-diagnostic.js';
import type { SinkSpec } from './load-lint-config.js';

/** What the checker needs of a compiled policy: the engine's `Decider` satisfies it. */
export interface FlowDecider {
  decide(flow: unknown): { decision: 'allow' | 'deny'; reasons: readonly FindingReason[] };
}

/** Inputs of {@link checkFlows}. */
export interface CheckFlowsOptions {
  analysis: ProgramAnalysis;
  sinks: readonly SinkSpec[];
  decider: FlowDecider;
  /** The policy document, to enumerate the conditions a flow may be allowed under and to suggest fixes. */
  policy: PolicyDocument;
  taxonomy: Taxonomy;
}

type Flow = Record<string, unknown>;

interface Judged {
  taint: Taint;
  flow: Flow;
  stated: { decision: 'allow' | 'deny'; reasons: readonly FindingReason[] };
  /** The first variant with conditions granted that the policy allows, for a conditional flow. */
  granted?: { flow: Flow; reasons: readonly FindingReason[] };
}

const VERB: Record<string, string> = { collect: 'collects', use: 'uses', share: 'shares', retain: 'retains' };

/**
 * Turns what the analysis found into findings by asking the policy about each flow:
 * - denied as the code states it, and under every condition the code cannot know → PLL001 (error);
 * - denied as stated but allowed once consent, jurisdiction or subject kind are granted → PLL002 (warning), unless a
 *   runtime check dominates the call;
 * - a check whose literal flow can never be allowed → PLL003; a sink call with no purpose → PLL004;
 *   unknown terms in annotations → PLL005.
 * Findings whose data was only inferred from names are one level less severe.
 */
export function checkFlows(options: CheckFlowsOptions): LintDiagnostic[] {
  const checker = new FlowChecker(options);
  const out: LintDiagnostic[] = [...options.analysis.problems];
  for (const site of options.analysis.sinkCalls) out.push(...checker.checkSink(site));
  for (const site of options.analysis.checkCalls) {
    const finding = checker.checkLiteral(site);
    if (finding) out.push(finding);
  }
  out.push(...checker.termProblems());
  return out;
}

class FlowChecker {
  readonly #options: CheckFlowsOptions;
  readonly #cache = new Map<string, Judged['stated']>();
  readonly #consents: string[];
  readonly #subjects: (Record<string, string> | undefined)[];
  readonly #termProblems = new Map<string, LintDiagnostic>();

  constructor(options: CheckFlowsOptions) {
    this.#options = options;
    const { policy, taxonomy } = options;
    const rules = [...(policy.collect ?? []), ...(policy.use ?? []), ...(policy.share ?? [])] as unknown as {
      requires?: { consent?: unknown };
      subjects?: string[];
      jurisdictions?: string[];
    }[];
    const consents = new Set(taxonomy.terms('consents').map((t) => t.id));
    const kinds = new Set<string>();
    const places = new Set<string>();
    for (const rule of rules) {
      const consent = rule.requires?.consent;
      if (Array.isArray(consent)) for (const c of consent) consents.add(String(c));
      for (const s of rule.subjects ?? []) kinds.add(s);
      for (const j of rule.jurisdictions ?? []) places.add(j);
    }
    const children = policy.children as { unless_consent?: string } | undefined;
    if (children?.unless_consent) consents.add(children.unless_consent);
    this.#consents = [...consents];
    // Every combination of the subject facts the policy distinguishes, starting with none.
    this.#subjects = [undefined];
    for (const kind of [undefined, ...kinds]) {
      for (const jurisdiction of [undefined, ...places]) {
        if (kind === undefined && jurisdiction === undefined) continue;
        const subject: Record<string, string> = {};
        if (kind !== undefined) subject['kind'] = kind;
        if (jurisdiction !== undefined) subject['jurisdiction'] = jurisdiction;
        this.#subjects.push(subject);
      }
    }
  }

  checkSink(site: SinkCallSite): LintDiagnostic[] {
    const spec = this.#options.sinks[site.sink]!;
    const { taxonomy } = this.#options;
    if (!site.purpose) {
      if (site.taints.length === 0) return [];
      return [
        {
          code: 'PLL004',
          severity: 'error',
          ...location(site),
          message: `\`${site.callee}\` receives personal data (${list(site.taints.map((t) => t.category))}) but no purpose is stated`,
          help: 'add `// @pledge-purpose <purpose>` above the call or on the enclosing function, or give the sink a `purpose:` in pledge.config.yaml',
        },
      ];
    }
    const purpose = site.purpose;
    if (!taxonomy.has('purposes', purpose.id)) {
      // A sink's own purpose was checked with the config (PLL103).
      if (purpose.from !== 'sink' && purpose.at) this.#unknownTerm('purposes', purpose.id, purpose.at);
      return [];
    }
    const denied: Judged[] = [];
    const conditional: Judged[] = [];
    for (const taint of site.taints) {
      if (!taxonomy.has('categories', taint.category)) {
        this.#unknownTerm('categories', taint.category, taint.origin);
        continue;
      }
      if (taint.source !== undefined && !taxonomy.has('sources', taint.source)) {
        this.#unknownTerm('sources', taint.source, taint.origin);
        continue;
      }
      const flow = sinkFlow(spec, purpose.id, taint);
      const judged = this.#judge(flow, taint);
      if (judged.stated.decision === 'allow') continue;
      if (judged.granted) {
        if (!this.#isGuarded(site, flow)) conditional.push(judged);
      } else denied.push(judged);
    }
    const out: LintDiagnostic[] = [];
    if (denied.length > 0) out.push(this.#deniedFinding(site, spec, purpose.id, denied));
    if (conditional.length > 0) out.push(this.#conditionalFinding(site, spec, purpose.id, conditional));
    return out;
  }

  checkLiteral(site: CheckCallSite): LintDiagnostic | undefined {
    const flow = site.flow;
    if (!flow || flow.dynamic.includes('…')) return undefined;
    const { values, dynamic } = flow;
    if (!('category' in values) || !('purpose' in values)) return undefined;
    // Anything besides consent and subject computed at run time could make the flow anything: nothing to say.
    if (dynamic.some((key) => key !== 'consent' && key !== 'subject')) return undefined;
    const stated = this.#decide(values);
    if (stated.decision === 'allow') return undefined;
    if (dynamic.length > 0) {
      for (const variant of this.#variants(values, dynamic.includes('consent'), dynamic.includes('subject'))) {
        if (this.#decide(variant).decision === 'allow') return undefined;
      }
    }
    const errors = stated.reasons.filter((r) => r.rule.startsWith('error/'));
    const why = errors.length > 0 ? errors.map((r) => `${r.rule}${r.message ? `: ${r.message}` : ''}`).join('; ') : denialSummary(stated.reasons);
    return {
      code: 'PLL003',
      severity: 'error',
      ...location(site),
      message: `\`${site.callee}\` checks a flow the policy never allows: ${why}`,
      help:
        errors.length > 0
          ? 'fix the flow literal so that it uses the taxonomy and the flow format'
          : 'this check always denies: the guarded code can never run; change the flow or the policy',
      flows: [{ flow: values, decision: 'deny', reasons: stated.reasons }],
    };
  }

  termProblems(): LintDiagnostic[] {
    return [...this.#termProblems.values()];
  }

  #judge(flow: Flow, taint: Taint): Judged {
    const stated = this.#decide(flow);
    const judged: Judged = { taint, flow, stated };
    if (stated.decision === 'deny' && !stated.reasons.some((r) => r.rule.startsWith('error/'))) {
      for (const variant of this.#variants(flow, true, true)) {
        const decision = this.#decide(variant);
        if (decision.decision === 'allow') {
          judged.granted = { flow: variant, reasons: decision.reasons };
          break;
        }
      }
    }
    return judged;
  }

  /** The flow with every consent granted, then also with each subject the policy distinguishes. */
  *#variants(flow: Flow, consent: boolean, subject: boolean): Generator<Flow> {
    const granted: Flow = { ...flow };
    if (consent) granted['consent'] = [...new Set([...this.#consents, String(flow['purpose'])])];
    for (const s of subject ? this.#subjects : [undefined]) {
      const variant: Flow = { ...granted };
      if (s) variant['subject'] = s;
      yield variant;
    }
  }

  #decide(flow: Flow): Judged['stated'] {
    const key = JSON.stringify(flow);
    let decision = this.#cache.get(key);
    if (!decision) {
      decision = this.#options.decider.decide(flow);
      this.#cache.set(key, decision);
    }
    return decision;
  }

  #isGuarded(site: SinkCallSite, flow: Flow): boolean {
    const { taxonomy } = this.#options;
    return site.guards.some((guard) => {
      const values = guard.flow?.values;
      if (!values) return true;
      // A check of a literal flow guards this one only if it is about the same data and purpose.
      const categories = values['category'] === undefined ? [] : ([] as unknown[]).concat(values['category']);
      const category = String(flow['category']);
      if (categories.length > 0 && !categories.some((c) => taxonomy.overlaps('categories', String(c), category))) return false;
      const purpose = values['purpose'];
      return purpose === undefined || taxonomy.overlaps('purposes', String(purpose), String(flow['purpose']));
    });
  }

  #deniedFinding(site: SinkCallSite, spec: SinkSpec, purpose: string, judged: Judged[]): LintDiagnostic {
    const reasons = judged.flatMap((j) => j.stated.reasons);
    const action = String(judged[0]!.flow['action'] ?? 'use');
    const recipient = spec.recipient;
    const d: LintDiagnostic = {
      code: 'PLL001',
      severity: severityFor('error', judged),
      ...location(site),
      message: `\`${site.callee}\` ${VERB[action] ?? action} ${describeData(judged)}${recipient ? ` with \`${recipient}\`` : ''} for \`${purpose}\`, which the policy does not allow: ${denialSummary(reasons)}`,
      flows: judged.map(findingFlow),
    };
    const help = this.#denialHelp(judged, action, recipient);
    if (help) d.help = help;
    return d;
  }

  #conditionalFinding(site: SinkCallSite, spec: SinkSpec, purpose: string, judged: Judged[]): LintDiagnostic {
    const action = String(judged[0]!.flow['action'] ?? 'use');
    const conditions = unique(judged.flatMap((j) => conditionsOf(j)));
    const rules = unique(judged.flatMap((j) => (j.granted?.reasons ?? []).filter((r) => r.effect === 'allow').map((r) => `\`${r.rule}\``)));
    return {
      code: 'PLL002',
      severity: severityFor('warning', judged),
      ...location(site),
      message: `\`${site.callee}\` ${VERB[action] ?? action} ${describeData(judged)}${spec.recipient ? ` with \`${spec.recipient}\`` : ''} for \`${purpose}\`, which the policy allows only ${conditions.join(' and ')}${rules.length ? ` (${rules.join(', ')})` : ''}`,
      help: 'check the flow at run time before the call, in the same function: `decider.decide(flow)` from @pledge/engine or the generated `assertAllowed(flow)`',
      flows: judged.map(findingFlow),
    };
  }

  #denialHelp(judged: Judged[], action: string, recipient: string | undefined): string | undefined {
    const reasons = judged.flatMap((j) => j.stated.reasons);
    const unstated = unique(reasons.flatMap((r) => r.unstated ?? []));
    if (unstated.includes('source')) {
      return 'state where the data comes from: tag its declaration (or its type) with `@pledge-source <source>`, or give the sink a `source:`; a rule about data from some sources applies while the source is unknown';
    }
    if (unstated.length > 0) return `the flow does not state ${unstated.map((u) => `\`${u}\``).join(', ')}, so rules about them apply`;
    const forbids = unique(reasons.filter((r) => r.effect === 'deny' && r.rule.startsWith('forbid/')).map((r) => r.rule));
    if (forbids.length > 0) {
      const rules = (this.#options.policy.forbid ?? []) as unknown as RuleShape[];
      const levels = unique(forbids.flatMap((f) => rules.find((r) => `forbid/${r.id}` === f)?.identifiability ?? []));
      if (levels.length > 0) {
        return `${list(forbids)} covers data that is ${list(levels)}: pass only combined or de-identified data, produced by a function tagged \`@pledge-identifiability aggregated\` (or \`deidentified\`)`;
      }
      return `${list(forbids)} overrides every rule that could allow this: do not pass this data to this call`;
    }
    const defaulted = judged.filter((j) => j.stated.reasons.some((r) => r.rule === 'default/deny'));
    if (defaulted.length === 0) return 'remove this data from the call, or change the policy through its owners';
    const purpose = String(defaulted[0]!.flow['purpose']);
    const categories = unique(defaulted.map((j) => String(j.flow['category'])));
    const candidates = categories.flatMap((c) => this.#allowingRules(c, action, recipient));
    const fitting = candidates.filter((r) => (r.rule.purposes ?? []).some((p) => this.#options.taxonomy.isWithin('purposes', purpose, p)));
    if (fitting.length > 0) {
      const conditions = unique(fitting.flatMap(({ rule }) => constraintsOf(rule)));
      const ids = unique(fitting.map((r) => `\`${r.ref}\``));
      return `${ids.join(', ')} allows this purpose only ${conditions.length ? conditions.join('; ') : 'for other data'}: make the flow meet it, or do not pass this data`;
    }
    const purposes = unique(candidates.flatMap((r) => r.rule.purposes ?? []));
    const target = recipient && action === 'share' ? ` to \`${recipient}\`` : '';
    if (purposes.length === 0) return `no rule lets ${list(categories)} go${target || ' anywhere'} this way: do not pass it to this call`;
    return `the policy allows ${list(categories)}${target} only for ${list(purposes.slice(0, 6))}${purposes.length > 6 ? ', …' : ''}: state one of these purposes if it is the real one, or do not pass this data`;
  }

  #allowingRules(category: string, action: string, recipient: string | undefined): { ref: string; rule: RuleShape }[] {
    const { policy, taxonomy } = this.#options;
    const name = action === 'share' ? 'share' : action === 'collect' ? 'collect' : 'use';
    const section = (policy as unknown as Record<string, RuleShape[] | undefined>)[name] ?? [];
    const out: { ref: string; rule: RuleShape }[] = [];
    for (const rule of section) {
      if (rule.categories && !rule.categories.some((c) => taxonomy.isWithin('categories', category, c))) continue;
      if (name === 'share' && recipient && rule.recipients && !rule.recipients.some((r) => taxonomy.isWithin('recipients', recipient, r))) continue;
      out.push({ ref: `${name}/${rule.id}`, rule });
    }
    return out;
  }

  #unknownTerm(kind: 'categories' | 'purposes' | 'sources', id: string, at: LintLocation): void {
    const key = `${at.file}:${at.line}:${at.column}:${id}`;
    if (this.#termProblems.has(key)) return;
    const words = { categories: 'category', purposes: 'purpose', sources: 'source' } as const;
    const candidates = this.#options.taxonomy.terms(kind).map((t) => t.id);
    const guess = suggest(id, candidates);
    const d: LintDiagnostic = {
      code: 'PLL005',
      severity: 'error',
      file: at.file,
      line: at.line,
      column: at.column,
      message: `unknown ${words[kind]} \`${id}\` in a Pledge annotation`,
    };
    if (at.endLine !== undefined) d.endLine = at.endLine;
    if (at.endColumn !== undefined) d.endColumn = at.endColumn;
    d.help = guess ? `did you mean \`${guess}\`?` : `use a ${words[kind]} from the policy's taxonomy`;
    this.#termProblems.set(key, d);
  }
}

interface RuleShape {
  id: string;
  categories?: string[];
  purposes?: string[];
  recipients?: string[];
  sources?: string[];
  subjects?: string[];
  jurisdictions?: string[];
  identifiability?: string[];
}

function constraintsOf(rule: RuleShape): string[] {
  const out: string[] = [];
  if (rule.identifiability) out.push(`for data that is ${list(rule.identifiability)} (tag the function that produces it with \`@pledge-identifiability\`)`);
  if (rule.sources) out.push(`for data from ${list(rule.sources)} (\`@pledge-source\`)`);
  if (rule.subjects) out.push(`for subjects of kind ${list(rule.subjects)}`);
  if (rule.jurisdictions) out.push(`for subjects in ${list(rule.jurisdictions)}`);
  return out;
}

/** The flow a sink call makes with one piece of data. */
export function sinkFlow(spec: SinkSpec, purpose: string, taint: Taint): Flow {
  const flow: Flow = {};
  if (spec.action !== undefined) flow['action'] = spec.action;
  flow['category'] = taint.category;
  flow['purpose'] = purpose;
  if (spec.recipient !== undefined) flow['recipient'] = spec.recipient;
  const source = taint.source ?? spec.source;
  if (source !== undefined) flow['source'] = source;
  const identifiability = taint.identifiability ?? spec.identifiability;
  if (identifiability !== undefined) flow['identifiability'] = identifiability;
  if (spec.retention !== undefined) flow['retention'] = spec.retention;
  return flow;
}

function findingFlow(j: Judged): FindingFlow {
  const f: FindingFlow = { flow: j.flow, decision: j.stated.decision, reasons: j.stated.reasons, confidence: j.taint.confidence, origin: j.taint.origin };
  return f;
}

function conditionsOf(j: Judged): string[] {
  const missing = j.stated.reasons.flatMap((r) => r.missing ?? []);
  const out = missing.map((m) => (m.startsWith('consent ') ? `with consent \`${m.slice(8)}\`` : `with ${m}`));
  const subject = j.granted?.flow['subject'] as Record<string, string> | undefined;
  if (subject?.['kind']) out.push(`for subjects of kind \`${subject['kind']}\``);
  if (subject?.['jurisdiction']) out.push(`for subjects in \`${subject['jurisdiction']}\``);
  if (out.length === 0) out.push('under conditions the code does not state (consent or who the subject is)');
  return out;
}

function describeData(judged: Judged[]): string {
  const parts = judged.map((j) => {
    const t = j.taint;
    const how = t.confidence === 'inferred' ? `inferred from \`${t.origin.name}\`` : `from \`${t.origin.name}\``;
    return `\`${t.category}\` (${how})`;
  });
  return list(unique(parts), false);
}

function denialSummary(reasons: readonly FindingReason[]): string {
  const denying = reasons.filter((r) => r.effect === 'deny');
  const rules = new Map<string, FindingReason>();
  for (const r of denying) if (!rules.has(r.rule)) rules.set(r.rule, r);
  const parts = [...rules.values()].map((r) => {
    if (r.rule === 'default/deny') return 'no rule allows it (`default/deny`)';
    return `\`${r.rule}\`${r.says ? ` says “${r.says.trim()}”` : ''}`;
  });
  return parts.length > 0 ? parts.join('; ') : 'denied';
}

function severityFor(base: LintSeverity, judged: readonly Judged[]): LintSeverity {
  if (judged.some((j) => j.taint.confidence !== 'inferred')) return base;
  return base === 'error' ? 'warning' : 'note';
}

function location(site: LintLocation): LintLocation {
  const out: LintLocation = { file: site.file, line: site.line, column: site.column };
  if (site.endLine !== undefined) out.endLine = site.endLine;
  if (site.endColumn !== undefined) out.endColumn = site.endColumn;
  return out;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function list(items: readonly string[], quote = true): string {
  const shown = unique(items).map((i) => (quote ? `\`${i}\`` : i));
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

