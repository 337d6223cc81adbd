import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import type { PolicyDocument } from './generated/policy.js';
import { validateSchema } from './schema-validator.js';
import { createSourceMap, type DocumentPath, type SourceLocation, type SourceMap } from './source-map.js';
import { loadStandardTaxonomy } from './standard-taxonomy.js';
import { buildTaxonomy, type Taxonomy } from './taxonomy.js';
import { validatePolicy } from './validate-policy.js';

/** Limits that keep a hostile or broken file from costing more than a moment. */
export const LOAD_LIMITS = {
  /** Policies are a few kilobytes; 1 MiB leaves room for very long ones. */
  maxBytes: 1024 * 1024,
  /** Nesting deeper than this is not a policy. */
  maxDepth: 64,
  /** Aliases are legitimate in YAML but a policy needs few; bounding them defuses expansion bombs. */
  maxAliasCount: 100,
} as const;

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
  const early = checkShape(text, file);
  if (early) return { diagnostics: [early] };

  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) diagnostics.push(yamlDiagnostic(error, file, lines));
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };

  const map = createSourceMap(file, doc, lines);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LOAD_LIMITS.maxAliasCount });
  } catch {
    // yaml throws a ReferenceError when alias expansion exceeds maxAliasCount.
    return {
      diagnostics: [
        {
          code: 'PLG011',
          severity: 'error',
          file,
          line: 1,
          column: 1,
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
          message: value == null ? 'the file is empty' : 'a policy must be a mapping of keys to values',
          help: 'start with `pledge: 1` and a `policy:` header; see docs/policy-format.md',
        },
      ],
    };
  }
  diagnostics.push(...validateSchema(value, map));
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };

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
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted };
  return { policy: { file, document, taxonomy, locate: (path) => map.locate(path), text }, diagnostics: sorted };
}

/**
 * Decodes file bytes as UTF-8, strictly: invalid UTF-8 is a diagnostic, never mojibake.
 * Returns the text, or the diagnostic that explains why there is none.
 */
export function decodePolicyBytes(bytes: Uint8Array, file: string): { text: string } | { diagnostic: Diagnostic } {
  if (bytes.byteLength > LOAD_LIMITS.maxBytes) return { diagnostic: tooLarge(file, bytes.byteLength) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return {
      diagnostic: {
        code: 'PLG012',
        severity: 'error',
        file,
        line,
        column,
        message: `the file is not valid UTF-8 (byte offset ${offset})`,
        help: 'save the file as UTF-8',
      },
    };
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.byteLength;
  // Binary search for the shortest invalid prefix; a prefix cut inside a character decodes invalid too, which is close enough.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1));
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function tooLarge(file: string, size: number): Diagnostic {
  return {
    code: 'PLG011',
    severity: 'error',
    file,
    line: 1,
    column: 1,
    message: `the file is too large (${size} bytes; the limit is ${LOAD_LIMITS.maxBytes})`,
    help: 'a policy is a few kilobytes: check that this is the right file',
  };
}

// Size and nesting are checked on the raw text before parsing, so a hostile file costs one linear scan.
function checkShape(text: string, file: string): Diagnostic | undefined {
  if (text.length > LOAD_LIMITS.maxBytes) return tooLarge(file, text.length);
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      depth = 0;
    } else if (c === 91 || c === 123) {
      // `[` and `{` open flow collections; count only the run on one line plus indentation below.
      if (++depth > LOAD_LIMITS.maxDepth) return tooDeep(file, line, i - lineStart + 1);
    } else if (c === 32 && i === lineStart) {
      let indent = 0;
      while (text.charCodeAt(i + indent) === 32) indent++;
      if (indent / 2 > LOAD_LIMITS.maxDepth * 2) return tooDeep(file, line, 1);
    }
  }
  return undefined;
}

function tooDeep(file: string, line: number, column: number): Diagnostic {
  return {
    code: 'PLG011',
    severity: 'error',
    file,
    line,
    column,
    message: `nesting is too deep (more than ${LOAD_LIMITS.maxDepth} levels)`,
    help: 'a policy nests a few levels: check for unbalanced brackets',
  };
}

function yamlDiagnostic(error: YAMLError, file: string, lines: LineCounter): Diagnostic {
  const { line, col } = lines.linePos(error.pos[0]);
  const firstLine = error.message.split('\n')[0] ?? error.message;
  const message = firstLine.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'DUPLICATE_KEY') {
    return { code: 'PLG013', severity: 'error', file, line, column: col, message: 'duplicate key in a mapping', help: 'each key may appear once; merge the two entries' };
  }
  if (error.code === 'TAB_AS_INDENT') {
    return { code: 'PLG001', severity: 'error', file, line, column: col, message: 'tab used for indentation', help: 'indent with spaces' };
  }
  return {
    code: 'PLG001',
    severity: error.name === 'YAMLWarning' ? 'warning' : 'error',
    file,
    line,
    column: col,
    message: message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, ''),
    help: 'fix the YAML syntax at this position',
  };
}

export type { SourceMap };
