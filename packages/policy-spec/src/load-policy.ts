import { visit, type Document } from 'yaml';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { PolicyDocument } from './generated/policy.js';
import { LOAD_LIMITS, parseYaml, tooLarge } from './parse-yaml.js';
import { validateSchema } from './schema-validator.js';
import { createSourceMap, type DocumentPath, type SourceLocation, type SourceMap } from './source-map.js';
import { loadStandardTaxonomy } from './standard-taxonomy.js';
import { buildTaxonomy, type Taxonomy } from './taxonomy.js';
import { validatePolicy } from './validate-policy.js';

/** A policy that loaded without errors: the document, its resolved taxonomy and where each node is written. */
export interface LoadedPolicy {
  file: string;
  document: PolicyDocument;
  taxonomy: Taxonomy;
  /** Where the node at `path` is written, e.g. `['use', 2]` is the start of the third use rule. */
  locate(path: DocumentPath): SourceLocation;
  /** The original text, for digests. */
  text: string;
}

/** The result of loading: `policy` is present when there are no errors (warnings do not block). */
export interface LoadResult {
  policy?: LoadedPolicy;
  diagnostics: Diagnostic[];
}

/**
 * Parses and checks a policy: YAML syntax, the JSON Schema, then taxonomy and semantic rules.
 * Never throws for bad input; every problem is a positioned diagnostic.
 */
export function loadPolicy(text: string, file: string): LoadResult {
  const parsed = parseYaml(text, file);
  if (!parsed.doc) return { diagnostics: finish(parsed.diagnostics) };
  const { doc, lines } = parsed;
  const diagnostics = [...parsed.diagnostics];

  const map = createSourceMap(file, doc, lines);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LOAD_LIMITS.maxAliasCount });
  } catch (error) {
    // yaml throws a ReferenceError when alias expansion exceeds maxAliasCount (unresolved aliases are found earlier).
    const isBomb = error instanceof ReferenceError && /alias count/i.test(error.message);
    if (!isBomb) throw error;
    return {
      diagnostics: [
        {
          code: 'PLG011',
          severity: 'error',
          ...firstAlias(doc, map),
          message: 'too many alias expansions',
          help: `a policy may expand at most ${LOAD_LIMITS.maxAliasCount} aliases; write the values out instead`,
        },
      ],
    };
  }
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    return {
      diagnostics: [
        {
          code: 'PLG002',
          severity: 'error',
          ...map.locate([]),
          message:
            value == null
              ? 'the file is empty'
              : `a policy must be a mapping of keys to values, not ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}`,
          help: 'start with `pledge: 1` and a `policy:` header; see docs/policy-format.md',
        },
      ],
    };
  }
  diagnostics.push(...validateSchema(value, map));
  if (hasErrors(diagnostics)) return { diagnostics: finish(diagnostics) };

  const document = value as PolicyDocument;
  const { taxonomy, conflicts } = buildTaxonomy([
    { data: loadStandardTaxonomy(), origin: 'standard' },
    { data: document.taxonomy ?? {}, origin: 'policy' },
  ]);
  for (const conflict of conflicts) {
    diagnostics.push({
      code: 'PLG014',
      severity: 'error',
      ...map.locateKey(['taxonomy', conflict.kind, conflict.id]),
      message: conflict.message,
      help: 'choose a new id below an existing term, or use the standard term',
    });
  }
  diagnostics.push(...validatePolicy(document, taxonomy, map));
  const sorted = finish(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  return { policy: { file, document, taxonomy, locate: (path) => map.locate(path), text }, diagnostics: sorted };
}

// Sorted by position and capped: past a hundred findings the first ones are what a reader fixes first.
function finish(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.length <= LOAD_LIMITS.maxDiagnostics) return sorted;
  const kept = sorted.slice(0, LOAD_LIMITS.maxDiagnostics);
  const last = kept[kept.length - 1]!;
  kept.push({
    code: 'PLG016',
    severity: 'warning',
    file: last.file,
    line: last.line,
    column: last.column,
    message: `only the first ${LOAD_LIMITS.maxDiagnostics} diagnostics are shown`,
    help: 'fix the ones above and validate again',
  });
  return kept;
}

// The bomb is defused before any value exists, so point at the first alias as the likely culprit.
function firstAlias(doc: Document.Parsed, map: SourceMap): SourceLocation {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset === undefined ? map.locate([]) : map.at(offset);
}

/**
 * Decodes file bytes as UTF-8, strictly: invalid UTF-8 is a diagnostic, never mojibake.
 * Returns the text, or the diagnostic that explains why there is none.
 */
export function decodePolicyBytes(bytes: Uint8Array, file: string): { text: string } | { diagnostic: Diagnostic } {
  if (bytes.byteLength > LOAD_LIMITS.maxBytes) return { diagnostic: tooLarge(file, bytes.byteLength, 'bytes') };
  const offset = findInvalidUtf8(bytes);
  if (offset === undefined) return { text: new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes) };
  const before = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    diagnostic: {
      code: 'PLG012',
      severity: 'error',
      file,
      line: before.split('\n').length,
      column: before.length - lineStart + 1,
      message: `the file is not valid UTF-8 (byte offset ${offset})`,
      help: isUtf16(bytes) ? 'the file looks like UTF-16: save it as UTF-8' : 'save the file as UTF-8',
    },
  };
}

/**
 * The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or `undefined` when all of `bytes` is valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf; // the allowed range of the second byte
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const [lo, hi] = k === 1 ? [min, max] : [0x80, 0xbf];
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return undefined;
}

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

export { LOAD_LIMITS };
export type { SourceMap };
