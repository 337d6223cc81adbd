import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from './diagnostics.js';
import type { PolicyDocument } from './generated/policy.js';
import type { DocumentPath, SourceMap } from './source-map.js';
import { suggest } from './suggest.js';

/** The policy JSON Schema (draft 2020-12), as shipped in `schema/policy.schema.json`. */
export const policySchema: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../schema/policy.schema.json', import.meta.url), 'utf8'),
);

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled once per process: ajv turns the schema into a function.
  compiled ??= new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(policySchema);
  return compiled;
}

/** True when `value` is a document the schema accepts. */
export function isPolicyDocument(value: unknown): value is PolicyDocument {
  return validator()(value) === true;
}

/** Checks `value` against the policy schema; each error becomes a positioned PLG002 (or PLG005 for durations). */
export function validateSchema(value: unknown, map: SourceMap): Diagnostic[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = selectErrors(validate.errors ?? []);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const d = toDiagnostic(error, map);
    const key = `${d.line}:${d.column}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

// oneOf/anyOf failures repeat what their branches said; keep them only when no branch error explains the spot.
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const kept: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      if (!specific.some((s) => s.instancePath.startsWith(e.instancePath))) kept.push(e);
      continue;
    }
    // Within a oneOf between a const (`purpose`) and another shape, the const branch's complaint is noise
    // when the other branch has something more specific to say at or below the same place.
    if (e.keyword === 'const' || e.keyword === 'type') {
      const deeper = specific.some((s) => s !== e && s.instancePath.startsWith(e.instancePath) && s.keyword !== 'const' && s.keyword !== 'type');
      const sibling = specific.some((s) => s !== e && s.instancePath === e.instancePath && s.schemaPath !== e.schemaPath);
      if (e.schemaPath.includes('/oneOf/') && (deeper || sibling)) {
        // Keep a type error only if every branch is a type/const complaint (then say what types are accepted).
        if (deeper) continue;
      }
    }
    kept.push(e);
  }
  return mergeBranchTypeErrors(kept);
}

// Several `type`/`const` errors at one path from oneOf branches read better as one message.
function mergeBranchTypeErrors(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const merged = new Map<string, ErrorObject>();
  for (const e of errors) {
    if ((e.keyword === 'type' || e.keyword === 'const') && e.schemaPath.includes('/oneOf/')) {
      const prior = merged.get(e.instancePath);
      if (prior) {
        const wants = new Set([...(prior.params['wants'] as string[]), describeWant(e)]);
        prior.params = { ...prior.params, wants: [...wants] };
        continue;
      }
      const copy: ErrorObject = { ...e, params: { ...e.params, wants: [describeWant(e)] } };
      merged.set(e.instancePath, copy);
      out.push(copy);
      continue;
    }
    out.push(e);
  }
  return out;
}

function describeWant(e: ErrorObject): string {
  return e.keyword === 'const' ? `\`${String(e.params['allowedValue'])}\`` : `a ${String(e.params['type'])}`;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describePath(path: DocumentPath): string {
  if (path.length === 0) return 'the document';
  return `\`${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')}\``;
}

function toDiagnostic(e: ErrorObject, map: SourceMap): Diagnostic {
  const path = pathOf(e.instancePath);
  const where = describePath(path);
  const base = { code: 'PLG002' as const, severity: 'error' as const };
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const known = Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {});
      const guess = suggest(key, known);
      return {
        ...base,
        ...map.locateKey([...path, key]),
        message: `unknown key \`${key}\` in ${where}`,
        help: guess ? `did you mean \`${guess}\`?` : `allowed keys: ${known.map((k) => `\`${k}\``).join(', ')}`,
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
      return { ...base, ...map.locate(path), message: `${where} must be ${wants.join(' or ')}` };
    }
    case 'enum':
      return {
        ...base,
        ...map.locate(path),
        message: `${where} must be one of ${(p['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`,
      };
    case 'pattern': {
      const isDuration = String(p['pattern']) === '^P';
      if (isDuration) {
        return {
          ...base,
          code: 'PLG005',
          ...map.locate(path),
          message: `${where} is not an ISO 8601 duration`,
          help: 'write a duration such as `P30D`, `P6M`, `P1Y` or `P2W`',
        };
      }
      const isJurisdiction = String(p['pattern']).startsWith('^[A-Z]');
      return {
        ...base,
        ...map.locate(path),
        message: `${where} is not a valid ${isJurisdiction ? 'jurisdiction code' : 'identifier'}`,
        help: isJurisdiction
          ? 'use an ISO 3166 code such as `FR` or `US-CA`, or a region such as `EEA`'
          : 'use lowercase words joined by dots, such as `user.contact.email`',
      };
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
