import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic } from './diagnostics.js';
import type { PolicyDocument } from './generated/policy.js';
import { validate as validateGenerated } from './generated/policy-validator.js';
import { parseInstancePath } from './parse-instance-path.js';
import { LOAD_LIMITS } from './parse-yaml.js';
import type { DocumentPath, SourceLocation, SourceMap } from './source-map.js';
import { suggest } from './suggest.js';

/** The policy JSON Schema (draft 2020-12), as shipped in `schema/policy.schema.json`. */
export const policySchema: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../schema/policy.schema.json', import.meta.url), 'utf8'),
);

// What each identifier pattern of the schema is called in messages, and how to write one.
const PATTERN_NAMES = new Map<string, [string, string]>(
  (
    [
      ['PolicyId', 'policy id', 'use lowercase letters, digits and hyphens, as in the file name: `accounting-def`'],
      ['RuleId', 'rule id', 'use lowercase letters, digits, `_` and `-`, such as `no-sale`'],
      ['TermId', 'term id', 'use lowercase words joined by dots, such as `user.contact.email`'],
      ['JurisdictionId', 'jurisdiction code', 'use an ISO 3166 code such as `FR` or `US-CA`, or an uppercase region name such as `EEA`'],
    ] as const
  ).map(([def, noun, help]) => [patternOf(def), [noun, help]]),
);

function patternOf(def: string): string {
  const defs = policySchema['$defs'] as Record<string, { pattern?: string; properties?: { id?: { pattern?: string } } }>;
  // The policy id's pattern is written inline in the header.
  return (def === 'PolicyId' ? defs['PolicyHeader']?.properties?.id?.pattern : defs[def]?.pattern) ?? def;
}

/** ajv's standalone validator: `errors` holds what the last call found, `null` after a valid document. */
type StandaloneValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// Generated at build time by scripts/generate-validator.mjs (ajv's standalone code, the same options as a run-time
// compile): compiling the schema in the process was most of the cost of loading the first policy.
const validate: StandaloneValidator = validateGenerated;

/** True when `value` is a document the schema accepts. */
export function isPolicyDocument(value: unknown): value is PolicyDocument {
  return validate(value);
}

/** Checks `value` against the policy schema; each error becomes a positioned PLG002 (or PLG005 for durations). */
export function validateSchema(value: unknown, map: SourceMap): Diagnostic[] {
  if (validate(value)) return [];
  // Messages (with their did-you-mean searches) are built in source order, and only for as many as are shown.
  const located = selectErrors(validate.errors ?? []).map((error) => ({ error, at: locateError(error, map) }));
  located.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const { error } of located) {
    if (out.length > LOAD_LIMITS.maxDiagnostics) break;
    const d = toDiagnostic(error, map);
    const key = `${d.line}:${d.column}:${d.code}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

const isShapeError = (e: ErrorObject) => e.keyword === 'type' || e.keyword === 'const';
const isBranchSummary = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'propertyNames';

/**
 * Keeps the errors that explain the problem. A `oneOf` (the schema's alternatives, such as "`purpose` or a list")
 * reports a failure per alternative; the alternative whose shape the value has is the one the author meant:
 * - a `type`/`const` error at a place is dropped when something more specific is wrong at or below it
 *   (the value has the shape of another alternative, and that alternative says what is wrong);
 * - the `oneOf` summary is dropped when its alternatives said anything;
 * - what is left at one place are shape mismatches only: they merge into one "must be X or Y".
 * Linear in the number of errors: each error marks its path and the path's ancestors.
 */
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specificAtOrBelow = new Set<string>();
  const anyBelow = new Set<string>();
  const anyAtOrBelow = new Set<string>();
  for (const e of errors) {
    if (isBranchSummary(e)) continue;
    const prefixes = ancestorsOf(e.instancePath);
    anyAtOrBelow.add(e.instancePath);
    if (!isShapeError(e)) specificAtOrBelow.add(e.instancePath);
    for (const prefix of prefixes) {
      anyBelow.add(prefix);
      anyAtOrBelow.add(prefix);
      if (!isShapeError(e)) specificAtOrBelow.add(prefix);
    }
  }
  const kept: ErrorObject[] = [];
  const shapes = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (isBranchSummary(e)) {
      if (e.keyword !== 'propertyNames' && !anyAtOrBelow.has(e.instancePath)) kept.push(e);
      continue;
    }
    if (!isShapeError(e)) {
      kept.push(e);
      continue;
    }
    if (specificAtOrBelow.has(e.instancePath) || anyBelow.has(e.instancePath)) continue;
    const prior = shapes.get(e.instancePath);
    if (prior) {
      const wants = prior.params['wants'] as string[];
      if (!wants.includes(describeWant(e))) wants.push(describeWant(e));
      if (e.keyword === 'const') (prior.params['consts'] as unknown[]).push(e.params['allowedValue']);
      continue;
    }
    const merged: ErrorObject = {
      ...e,
      params: { ...e.params, wants: [describeWant(e)], consts: e.keyword === 'const' ? [e.params['allowedValue']] : [] },
    };
    shapes.set(e.instancePath, merged);
    kept.push(merged);
  }
  return kept;
}

// `/use/0/categories` → ['', '/use', '/use/0']: the instance paths that contain it.
function ancestorsOf(instancePath: string): string[] {
  const out: string[] = [];
  for (let slash = instancePath.lastIndexOf('/'); slash >= 0; slash = instancePath.lastIndexOf('/', slash - 1)) {
    out.push(instancePath.slice(0, slash));
    if (slash === 0) break;
  }
  return out;
}

const TYPE_NOUNS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of keys to values',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: '`true` or `false`',
  null: 'empty',
};

const isDurationShape = (e: ErrorObject) => e.schemaPath.startsWith('#/$defs/Duration/');

function describeWant(e: ErrorObject): string {
  if (e.keyword === 'const') return `\`${String(e.params['allowedValue'])}\``;
  if (isDurationShape(e)) return 'an ISO 8601 duration such as `P1Y`';
  const type = String(e.params['type']);
  return type.split(',').map((t) => TYPE_NOUNS[t] ?? `a ${t}`).join(' or ');
}

const SHAPE_HELP: Record<string, string> = {
  array: 'write a list in brackets, `[user.contact.email]`, or one `- item` per line',
  object: 'write `key: value` pairs, in braces or one per line, indented under the key',
  integer: 'write the number in digits, such as `13`',
};

function describeValue(data: unknown): string {
  if (data === null) return 'empty';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') return `\`${truncate(data)}\``;
  return `\`${String(data)}\``;
}

// A user value shortened for a message: a long value would drown the point.
function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function describePath(path: DocumentPath): string {
  if (path.length === 0) return 'the document';
  return `\`${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')}\``;
}

// Where toDiagnostic will place the error: unknown and badly named keys at the key, the rest at the value.
function locateError(e: ErrorObject, map: SourceMap): SourceLocation {
  const path = parseInstancePath(e.instancePath);
  if (e.keyword === 'additionalProperties') return map.locateKey([...path, String(e.params['additionalProperty'])]);
  if (e.propertyName !== undefined) return map.locateKey([...path, e.propertyName]);
  return map.locate(path);
}

function toDiagnostic(e: ErrorObject, map: SourceMap): Diagnostic {
  const path = parseInstancePath(e.instancePath);
  const where = describePath(path);
  const base = { code: 'PLG002' as const, severity: 'error' as const };
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = truncate(String(p['additionalProperty']));
      const known = Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {});
      const guess = suggest(key, known);
      // `{ says: We keep it, as the law requires. }`: the comma ended the sentence and the rest became a key.
      const isCutSentence = /\s/.test(key) && (e.data as Record<string, unknown> | undefined)?.[String(p['additionalProperty'])] === null;
      return {
        ...base,
        ...map.locateKey([...path, String(p['additionalProperty'])]),
        message: `unknown key \`${key}\` in ${where}`,
        help: isCutSentence
          ? 'inside `{ … }` a comma ends the text: put the sentence in quotes, or write the rule over several lines'
          : guess
            ? `did you mean \`${guess}\`?`
            : `allowed keys: ${known.map((k) => `\`${k}\``).join(', ')}`,
      };
    }
    case 'required':
      return {
        ...base,
        ...map.locate(path),
        message: `${where} is missing the required key \`${String(p['missingProperty'])}\``,
        help: `add \`${String(p['missingProperty'])}:\``,
      };
    case 'type':
    case 'const': {
      const wants = (p['wants'] as string[] | undefined) ?? [describeWant(e)];
      const consts = ((p['consts'] as unknown[] | undefined) ?? []).map(String);
      const guess = typeof e.data === 'string' ? suggest(e.data, consts) : undefined;
      const d: Diagnostic = { ...base, ...map.locate(path), message: `${where} must be ${wants.join(' or ')}, not ${describeValue(e.data)}` };
      // A number where a duration belongs (`at_most: 365`) is a malformed duration.
      if (wants.some((w) => w.includes('ISO 8601'))) d.code = 'PLG005';
      const help = guess ? `did you mean \`${guess}\`?` : SHAPE_HELP[String(p['type'])];
      if (help) d.help = help;
      return d;
    }
    case 'enum': {
      const allowed = (p['allowedValues'] as unknown[]).map(String);
      const guess = typeof e.data === 'string' ? suggest(e.data, allowed) : undefined;
      const d: Diagnostic = {
        ...base,
        ...map.locate(path),
        message: `${where} must be one of ${allowed.map((v) => `\`${v}\``).join(', ')}, not ${describeValue(e.data)}`,
      };
      if (guess) d.help = `did you mean \`${guess}\`?`;
      return d;
    }
    case 'pattern': {
      if (e.propertyName !== undefined) {
        // A key of a term table (`taxonomy: categories: { Bad: … }`) that is not a term id.
        const [noun, help] = PATTERN_NAMES.get(String(p['pattern'])) ?? ['key', 'see docs/policy-format.md'];
        return {
          ...base,
          ...map.locateKey([...path, e.propertyName]),
          message: `\`${truncate(e.propertyName)}\` in ${where} is not a valid ${noun}`,
          help,
        };
      }
      const pattern = String(p['pattern']);
      if (pattern === '^P') {
        return {
          ...base,
          code: 'PLG005',
          ...map.locate(path),
          message: `${where} is ${describeValue(e.data)}, not an ISO 8601 duration`,
          help: 'write a duration such as `P30D`, `P6M`, `P1Y` or `P2W`',
        };
      }
      const [noun, help] = PATTERN_NAMES.get(pattern) ?? ['value', 'see docs/policy-format.md'];
      return { ...base, ...map.locate(path), message: `${where} is ${describeValue(e.data)}, not a valid ${noun}`, help };
    }
    case 'minItems':
      return { ...base, ...map.locate(path), message: `${where} must not be empty`, help: 'list at least one term, or remove the key' };
    case 'minLength':
      return { ...base, ...map.locate(path), message: `${where} must not be empty` };
    case 'minProperties':
      return {
        ...base,
        ...map.locate(path),
        message: `${where} names nothing to forbid`,
        help: 'name at least one of `categories`, `purposes`, `recipients`, `actions`, …',
      };
    case 'minimum':
    case 'maximum':
      return { ...base, ...map.locate(path), message: `${where} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p['limit'])}` };
    default:
      return { ...base, ...map.locate(path), message: `${where} ${e.message ?? 'is invalid'}` };
  }
}
