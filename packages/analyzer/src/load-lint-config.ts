import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { createSourceMap, parseInstancePath, suggest, TERM_NOUNS, type SourceMap, type Taxonomy, type TermKind } from '@pledge/policy-spec';
import { LineCounter, parseDocument } from 'yaml';
import { validate as validateGenerated } from './generated/config-validator.js';
import type { LintDiagnostic, LintLocation } from './lint-diagnostic.js';

/** A function or method named in the configuration: `name` or `Container.name`, optionally with its module. */
export interface CalleeSpec {
  call: string;
  /** A path relative to the config file, or a package name. */
  module?: string;
}

/** Where data is used or leaves the service, and what the flow through it is. */
export interface SinkSpec extends CalleeSpec {
  action?: 'collect' | 'use' | 'share' | 'retain';
  recipient?: string;
  purpose?: string;
  source?: string;
  identifiability?: string;
  retention?: string;
  /** 0-based positions of the arguments that carry data; all when absent. */
  arguments?: number[];
}

/** A category declared in the config for a type or property. */
export interface DataSpec {
  category: string;
  source?: string;
}

/** `pledge.config.yaml`, checked against its schema, with defaults filled in. */
export interface LintConfig {
  /** The config file as given (for messages). */
  file: string;
  policy: string;
  tsconfig?: string;
  include: string[];
  exclude: string[];
  infer: boolean;
  sinks: SinkSpec[];
  /** Keyed by `Type` or `Type.property`. */
  data: Record<string, DataSpec>;
  checks: CalleeSpec[];
  /** Where the value at `path` is written in the config file. */
  locate(path: readonly (string | number)[]): LintLocation;
}

/** The config JSON Schema (draft-07), as shipped in `schema/pledge-config.schema.json`. */
export const lintConfigSchema: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../schema/pledge-config.schema.json', import.meta.url), 'utf8'),
);

/** ajv's standalone validator: `errors` holds what the last call found, `null` after a valid config. */
type StandaloneValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// Generated at build time by scripts/generate-config-validator.mjs (ajv's standalone code, the same options as a
// run-time compile): loading ajv and compiling the schema cost every `pledge lint`.
const validate: StandaloneValidator = validateGenerated;

/**
 * Parses and checks `pledge.config.yaml`. Never throws for bad input: every problem is a positioned
 * PLL101 (syntax) or PLL102 (schema) diagnostic, and `config` is present only when there are none.
 */
export function loadLintConfig(text: string, file: string): { config?: LintConfig; diagnostics: LintDiagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const map = createSourceMap(file, doc, lines);
  const diagnostics: LintDiagnostic[] = doc.errors.map((error) => ({
    code: 'PLL101',
    severity: 'error',
    ...map.at(error.pos[0]),
    message: (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').replace(/^./, (c) => c.toLowerCase()),
    help: 'fix the YAML syntax at this position',
  }));
  if (diagnostics.length > 0) return { diagnostics };
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate = (path: readonly (string | number)[]): LintLocation => map.locate(path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      diagnostics: [
        {
          code: 'PLL102',
          severity: 'error',
          ...locate([]),
          message: 'the configuration must be a mapping',
          help: 'start with `policy:` and `sinks:`; see the analyzer README',
        },
      ],
    };
  }
  if (!validate(value)) {
    for (const error of selectErrors(validate.errors ?? [])) diagnostics.push(schemaDiagnostic(error, map));
    return { diagnostics: dedupe(diagnostics) };
  }
  const raw = value as {
    policy: string;
    tsconfig?: string;
    include?: string[];
    exclude?: string[];
    infer?: boolean;
    sinks: SinkSpec[];
    data?: Record<string, string | DataSpec>;
    checks?: CalleeSpec[];
  };
  const data: Record<string, DataSpec> = {};
  for (const [key, spec] of Object.entries(raw.data ?? {})) data[key] = typeof spec === 'string' ? { category: spec } : spec;
  const config: LintConfig = {
    file,
    policy: raw.policy,
    include: raw.include ?? ['src/**/*.ts'],
    exclude: raw.exclude ?? [],
    infer: raw.infer ?? true,
    sinks: raw.sinks,
    data,
    checks: raw.checks ?? [],
    locate,
  };
  if (raw.tsconfig !== undefined) config.tsconfig = raw.tsconfig;
  return { config, diagnostics };
}

/**
 * Checks every taxonomy term the config names (sink recipients, purposes, sources, data categories) against the
 * policy's taxonomy; unknown terms are PLL103 with a did-you-mean.
 */
export function checkConfigTerms(config: LintConfig, taxonomy: Taxonomy): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  const check = (kind: TermKind, id: string | undefined, path: (string | number)[]): void => {
    if (id === undefined || taxonomy.has(kind, id)) return;
    const guess = suggest(
      id,
      taxonomy.terms(kind).map((t) => t.id),
    );
    const d: LintDiagnostic = { code: 'PLL103', severity: 'error', ...config.locate(path), message: `unknown ${TERM_NOUNS[kind]} \`${id}\`` };
    if (guess) d.help = `did you mean \`${guess}\`?`;
    out.push(d);
  };
  config.sinks.forEach((sink, i) => {
    check('recipients', sink.recipient, ['sinks', i, 'recipient']);
    check('purposes', sink.purpose, ['sinks', i, 'purpose']);
    check('sources', sink.source, ['sinks', i, 'source']);
    check('identifiability', sink.identifiability, ['sinks', i, 'identifiability']);
  });
  for (const [key, spec] of Object.entries(config.data)) {
    // A string value has no `category` key; locate() then falls back to the value itself.
    check('categories', spec.category, ['data', key, 'category']);
    check('sources', spec.source, ['data', key, 'source']);
  }
  return out;
}

// A oneOf repeats what its branches said; keep it only where no branch has something more specific to say.
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  return errors.filter((e) =>
    e.keyword === 'oneOf' || e.keyword === 'anyOf' ? !specific.some((s) => s.instancePath.startsWith(e.instancePath)) : true,
  );
}

function schemaDiagnostic(error: ErrorObject, map: SourceMap): LintDiagnostic {
  const path = parseInstancePath(error.instancePath);
  const where = path.length ? `\`${path.join('.')}\`` : 'the configuration';
  const base = { code: 'PLL102' as const, severity: 'error' as const };
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const guess = suggest(key, known);
      const d: LintDiagnostic = {
        ...base,
        ...map.locateKey([...path, key]),
        message: `unknown key \`${key}\` in ${where}`,
      };
      d.help = guess ? `did you mean \`${guess}\`?` : `known keys: ${known.map((k) => `\`${k}\``).join(', ')}`;
      return d;
    }
    case 'required':
      return {
        ...base,
        ...map.locate(path),
        message: `${where} is missing \`${String((error.params as { missingProperty: string }).missingProperty)}\``,
      };
    case 'enum':
      return {
        ...base,
        ...map.locate(path),
        message: `${where} must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => `\`${String(v)}\``).join(', ')}`,
      };
    case 'pattern':
      return { ...base, ...map.locate(path), message: `${where} is malformed`, help: patternHelp(path) };
    case 'propertyNames':
      return { ...base, ...map.locate(path), message: `${where} has a malformed key`, help: 'keys are `Type` or `Type.property`' };
    default:
      return { ...base, ...map.locate(path), message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

function patternHelp(path: readonly (string | number)[]): string {
  const last = path[path.length - 1];
  if (last === 'call') return 'write `name` for a function or `Container.name` for a method';
  if (last === 'retention') return 'write an ISO 8601 duration such as `P30D` or `P1Y`';
  return 'write a dotted taxonomy term such as `user.contact.email`';
}

function dedupe(list: LintDiagnostic[]): LintDiagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
