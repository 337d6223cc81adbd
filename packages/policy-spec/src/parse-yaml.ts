import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type Node,
  type YAMLError,
  visit,
} from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/** Limits that keep a hostile or broken file from costing more than a moment. */
export const LOAD_LIMITS = {
  /**
   * The largest policy file, in bytes (characters when given text). The seed policies are 7 to 30 KB; a policy of
   * 1,000 rules with their `says:` sentences is about 300 KB. The YAML parser reads a few hundred kilobytes a second
   * on a busy two-core machine, so 512 KiB bounds the worst case to about a second and a half.
   */
  maxBytes: 512 * 1024,
  /** Nesting deeper than this is not a policy (the format nests at most 5 levels). */
  maxDepth: 64,
  /** Aliases are legitimate in YAML but a policy needs few; bounding them defuses expansion bombs. */
  maxAliasCount: 100,
  /** Diagnostics reported per file; a garbage file would otherwise print one per line. */
  maxDiagnostics: 100,
} as const;

/** A YAML document parsed with source positions, or the diagnostics that stopped parsing. */
export type ParsedYaml =
  | { doc: Document.Parsed; lines: LineCounter; diagnostics: Diagnostic[] }
  | { doc?: undefined; lines?: undefined; diagnostics: Diagnostic[] };

/**
 * Parses `text` as one YAML document, keeping source ranges. Before the recursive part of the parser runs, the
 * size and nesting depth are bounded; duplicate keys are found in one linear pass (yaml's own check is quadratic).
 * The result has `doc` when there are no syntax errors; warnings come with it.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  if (text.length > LOAD_LIMITS.maxBytes) return { diagnostics: [tooLarge(file, text.length, 'characters')] };
  const lines = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };

  // A linear scan of the text rejects deep nesting before the parser spends time on it.
  const deepAt = findDeepNesting(text, LOAD_LIMITS.maxDepth);
  if (deepAt !== undefined) return { diagnostics: [tooDeep({ file, ...positionOf(text, deepAt) })] };

  // The parser builds its token tree with an explicit stack; only composing the document recurses,
  // so the exact depth of the token tree is checked in between.
  const tokens: CST.Token[] = [];
  const syntaxErrors: CST.ErrorToken[] = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) {
    tokens.push(token);
    if (token.type !== 'error') continue;
    syntaxErrors.push(token);
    // A garbage file has an error on every line: stop reading once there are more than we would show.
    if (syntaxErrors.length > LOAD_LIMITS.maxDiagnostics) {
      return { diagnostics: syntaxErrors.map((e) => syntaxError(at(e.offset), e.message)) };
    }
  }
  const cstDeepAt = findDeepToken(tokens, LOAD_LIMITS.maxDepth);
  if (cstDeepAt !== undefined) return { diagnostics: [tooDeep(at(cstDeepAt))] };

  const composer = new Composer({ strict: true, uniqueKeys: false, prettyErrors: false });
  const stackTraceLimit = Error.stackTraceLimit;
  // yaml makes an Error per finding; their stack traces (never shown) cost more than the parse on a broken file.
  Error.stackTraceLimit = 0;
  let docs: Document.Parsed[];
  try {
    docs = [...composer.compose(tokens, true, text.length)];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // INVARIANT: compose(…, forceDoc = true) always emits at least one document.
  const [parsed, second] = docs as [Document.Parsed, ...Document.Parsed[]];
  if (second) {
    const diagnostic: Diagnostic = {
      code: 'PLG001',
      severity: 'error',
      ...at(second.range[0]),
      message: 'the file holds more than one YAML document',
      help: 'a policy is one document: remove the `---` line and what follows, or split the file',
    };
    return { diagnostics: [diagnostic] };
  }
  const diagnostics: Diagnostic[] = [];
  const lineNumbers = new Set<number>();
  let isAfterEnd = false;
  let unclosedQuoteAt = Infinity;
  for (const error of [...parsed.errors, ...parsed.warnings]) {
    // yaml reports every token after a syntax error that ends the document, and the consequences of an error
    // at the same place; the first error of a line, and the first one past the end, say what to fix.
    const isPastEnd = / in YAML stream/.test(error.message);
    if ((isPastEnd && isAfterEnd) || error.pos[0] > unclosedQuoteAt) continue;
    isAfterEnd ||= isPastEnd;
    const d = yamlDiagnostic(error, parsed, text, at);
    // Everything after an unclosed quote is inside the quoted text: later errors there are its consequences.
    if (d.message === UNCLOSED_QUOTE) unclosedQuoteAt = Math.min(unclosedQuoteAt, findUnclosedQuote(parsed, error.pos[0]) ?? Infinity);
    if (lineNumbers.has(d.line)) continue;
    lineNumbers.add(d.line);
    diagnostics.push(d);
  }
  diagnostics.push(...findUnresolvedAliases(parsed, at));
  diagnostics.push(...findDuplicateKeys(parsed, at));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { doc: parsed, lines, diagnostics };
}

/** The PLG011 diagnostic for a file over {@link LOAD_LIMITS.maxBytes}; `unit` says what `size` counts. */
export function tooLarge(file: string, size: number, unit: 'bytes' | 'characters'): Diagnostic {
  return {
    code: 'PLG011',
    severity: 'error',
    file,
    line: 1,
    column: 1,
    message: `the file is too large (${size} ${unit}; the limit is ${LOAD_LIMITS.maxBytes})`,
    help: 'a policy is a few kilobytes: check that this is the right file',
  };
}

function tooDeep(where: { file: string; line: number; column: number }): Diagnostic {
  return {
    code: 'PLG011',
    severity: 'error',
    ...where,
    message: `nesting is too deep (more than ${LOAD_LIMITS.maxDepth} levels)`,
    help: 'a policy nests a few levels: check for unbalanced brackets or runaway indentation',
  };
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

/**
 * Estimates the nesting depth of YAML text in one pass, without parsing: flow brackets (outside quotes and
 * comments, and only where a flow collection can start), block indentation levels and compact `- - -` / `? ?`
 * indicators. Returns the offset where the estimate first exceeds `maxDepth`, or `undefined`.
 * It is a fast first line of defence; the token tree is measured exactly afterwards.
 */
export function findDeepNesting(text: string, maxDepth: number): number | undefined {
  // The open block collections: their columns, and whether each is a sequence (`- `) rather than a mapping.
  const blockColumns: number[] = [];
  const isSeqColumn: boolean[] = [];
  let flowDepth = 0;
  let quote = 0; // the open quote character, or 0
  let afterIndicator = true; // at a place where a node (flow collection, quoted scalar) may start
  // Block scalar (`|`, `>`) state: the indentation of the line that opened it, and of its content once known.
  let blockScalarParent = -1;
  let blockScalarContent = -1;

  let i = 0;
  while (i < text.length) {
    let indent = 0;
    while (text.charCodeAt(i + indent) === SPACE) indent++;
    const first = text.charCodeAt(i + indent);
    const isBlank = i + indent >= text.length || first === LF || first === CR;

    if (blockScalarParent >= 0) {
      if (isBlank) {
        i = nextLine(text, i);
        continue;
      }
      if (blockScalarContent < 0 && indent > blockScalarParent) blockScalarContent = indent;
      if (blockScalarContent >= 0 && indent >= blockScalarContent) {
        i = nextLine(text, i);
        continue;
      }
      blockScalarParent = -1;
      blockScalarContent = -1;
    }

    let pos = i + indent;
    if (quote === 0 && flowDepth === 0) {
      if (isBlank || first === 35 /* # */) {
        i = nextLine(text, i);
        continue;
      }
      if (indent === 0 && text.startsWith('---', pos) && (pos + 3 >= text.length || isWhite(text.charCodeAt(pos + 3)))) {
        // A document start marker: what follows on the line is the document's top node.
        blockColumns.length = 0;
        pos += 3;
      } else {
        // Leaving a block collection: close the ones indented at or beyond this line. A sequence may sit at its
        // parent key's indentation (`use:` then `- id: …`), so a `- ` line keeps a mapping at its own column.
        const isSeqLine = text.charCodeAt(pos) === 45 && isIndicator(text, pos);
        for (;;) {
          const top = blockColumns.length - 1;
          if (top < 0 || blockColumns[top]! < indent) break;
          if (blockColumns[top] === indent && isSeqLine && !isSeqColumn[top]) break;
          blockColumns.pop();
          isSeqColumn.pop();
        }
        // A line that starts an entry (`key:`, `- `, `? `) sits in a block collection at its column; compact
        // indicators (`- - x`, `- key: v`) open one more each on the same line. A value line opens none.
        while (isBlockEntry(text, pos)) {
          blockColumns.push(pos - i);
          isSeqColumn.push(text.charCodeAt(pos) === 45 && isIndicator(text, pos));
          if (blockColumns.length + flowDepth > maxDepth) return pos;
          if (!isIndicator(text, pos)) break;
          pos++;
          while (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB) pos++;
        }
      }
      afterIndicator = true;
    }

    for (; pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === LF) break;
      if (quote !== 0) {
        if (quote === 34 /* " */ && c === 92 /* \ */) pos++;
        else if (c === quote) {
          // In single quotes, '' is an escaped quote.
          if (quote === 39 && text.charCodeAt(pos + 1) === 39) pos++;
          else {
            quote = 0;
            afterIndicator = false;
          }
        }
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) continue;
      if (c === 35 /* # */ && (pos === 0 || isWhite(text.charCodeAt(pos - 1)))) {
        while (pos < text.length && text.charCodeAt(pos) !== LF) pos++;
        break;
      }
      if (afterIndicator && (c === 38 /* & */ || c === 33) /* ! */) {
        // Anchors and tags come before a node: skip them and stay at the node's start.
        while (pos + 1 < text.length && !isWhite(text.charCodeAt(pos + 1)) && !isFlowIndicator(text.charCodeAt(pos + 1))) pos++;
        continue;
      }
      if (afterIndicator && (c === 34 || c === 39)) {
        quote = c;
        continue;
      }
      if (c === 91 /* [ */ || c === 123 /* { */) {
        if (flowDepth > 0 || afterIndicator) {
          flowDepth++;
          if (flowDepth + blockColumns.length > maxDepth) return pos;
          afterIndicator = true;
          continue;
        }
      } else if (c === 93 /* ] */ || c === 125 /* } */) {
        if (flowDepth > 0) flowDepth--;
      } else if (c === 44 /* , */ && flowDepth > 0) {
        afterIndicator = true;
        continue;
      } else if (c === 58 /* : */ && (isWhite(text.charCodeAt(pos + 1)) || pos + 1 >= text.length || flowDepth > 0)) {
        afterIndicator = true;
        continue;
      } else if ((c === 124 /* | */ || c === 62) /* > */ && afterIndicator && flowDepth === 0) {
        blockScalarParent = indent;
        blockScalarContent = -1;
        while (pos < text.length && text.charCodeAt(pos) !== LF) pos++;
        break;
      }
      afterIndicator = false;
    }
    i = pos + 1;
  }
  return undefined;
}

// `-`, `?` or `:` followed by white space or the end: a block indicator.
function isIndicator(text: string, pos: number): boolean {
  const c = text.charCodeAt(pos);
  return (c === 45 || c === 63 || c === 58) && (pos + 1 >= text.length || isWhite(text.charCodeAt(pos + 1)));
}

// Whether the node at `pos` starts a block collection entry: an indicator, or an implicit key (`key:`, `"key":`)
// before the end of the line. Scans at most to the end of the line.
function isBlockEntry(text: string, pos: number): boolean {
  if (isIndicator(text, pos)) return true;
  let c = text.charCodeAt(pos);
  // Anchors and tags come before a key.
  while (c === 38 /* & */ || c === 33 /* ! */) {
    while (pos < text.length && !isWhite(text.charCodeAt(pos))) pos++;
    while (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB) pos++;
    c = text.charCodeAt(pos);
  }
  if (c === 34 || c === 39) {
    // A quoted key: find its end on this line, then expect `:`.
    for (pos++; pos < text.length && text.charCodeAt(pos) !== LF; pos++) {
      const q = text.charCodeAt(pos);
      if (c === 34 && q === 92) pos++;
      else if (q === c) {
        if (c === 39 && text.charCodeAt(pos + 1) === 39) pos++;
        else break;
      }
    }
    pos++;
    while (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB) pos++;
    return isIndicator(text, pos);
  }
  if (pos >= text.length || isWhite(c) || c === 35 || isFlowIndicator(c) || c === 124 || c === 62 || c === 42) return false;
  // A plain scalar: a key if `: ` (or `:` at the end) comes before a comment or the end of the line.
  for (; pos < text.length; pos++) {
    const p = text.charCodeAt(pos);
    if (p === LF) return false;
    if (p === 35 && isWhite(text.charCodeAt(pos - 1))) return false;
    if (p === 58 && (pos + 1 >= text.length || isWhite(text.charCodeAt(pos + 1)))) return true;
  }
  return false;
}

/** 1-based line and column of `offset` in `text`, counting UTF-16 units as yaml's LineCounter does. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function nextLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end + 1;
}

function isWhite(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** The offset of the first collection token nested deeper than `maxDepth`, walking the token tree without recursion. */
export function findDeepToken(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: [CST.Token, number][] = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push([token.value, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** Duplicate keys in every mapping, in one pass with a set per mapping (a key may appear once). */
function findDuplicateKeys(doc: Document.Parsed, at: (offset: number) => Omit<Diagnostic, 'code' | 'severity' | 'message'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node) || !isCollection(node)) continue;
    // Keys are compared as the strings they become in the loaded object: `1:` and `"1":` would collide there.
    const first = new Map<string, Node>();
    for (const item of node.items) {
      if (isPair(item)) {
        if (isMap(node) && isScalar(item.key) && item.key.range) {
          const key = String(item.key.value);
          const prior = first.get(key);
          if (prior) {
            out.push({
              code: 'PLG013',
              severity: 'error',
              ...at(item.key.range[0]),
              message: `duplicate key \`${String(item.key.value)}\``,
              help: `it is already set at line ${at(prior.range![0]).line}; each key may appear once: merge the two entries`,
            });
          } else first.set(key, item.key);
        }
        stack.push(item.key, item.value);
      } else stack.push(item);
    }
  }
  return out;
}

// The last quoted scalar that starts before `offset` and runs to it: the one whose closing quote is missing.
function findUnclosedQuote(doc: Document.Parsed, offset: number): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      const range = node.range;
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && range && range[0] < offset && range[1] >= offset) found = range[0];
    },
  });
  return found;
}

// The innermost flow collection opened with `bracket` that yaml ended at `offset` without its closing bracket.
function findUnclosedFlow(doc: Document.Parsed, text: string, offset: number, bracket: string): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Collection(_, node) {
      const range = node.range;
      if (node.flow && range && range[1] === offset && text.charAt(range[0]) === bracket && (found === undefined || range[0] > found)) found = range[0];
    },
  });
  return found;
}

/** Aliases with no anchor of that name before them (yaml only notices when converting, with an exception). */
function findUnresolvedAliases(doc: Document.Parsed, at: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const anchors = new Set<string>();
  // Document order, as yaml resolves: an anchor counts for the aliases after it.
  visit(doc, (_, node) => {
    if (isAlias(node)) {
      if (!anchors.has(node.source) && node.range) {
        out.push({
          code: 'PLG001',
          severity: 'error',
          ...at(node.range[0]),
          message: `alias \`*${node.source}\` has no anchor \`&${node.source}\` before it`,
          help: 'define the anchor first, or write the value out',
        });
      }
    } else if (isNode(node) && node.anchor) anchors.add(node.anchor);
  });
  return out;
}

function syntaxError(where: { file: string; line: number; column: number }, message: string): Diagnostic {
  const text = message.replace(/\.$/, '');
  return {
    code: 'PLG001',
    severity: 'error',
    ...where,
    message: text.charAt(0).toLowerCase() + text.slice(1),
    help: 'fix the YAML syntax at this position',
  };
}

const UNCLOSED_QUOTE = 'this quoted text is never closed';

type Locate = (offset: number) => { file: string; line: number; column: number };

function yamlDiagnostic(error: YAMLError, doc: Document.Parsed, text: string, at: Locate): Diagnostic {
  if (error.code === 'TAB_AS_INDENT') {
    return { code: 'PLG001', severity: 'error', ...at(error.pos[0]), message: 'tab used for indentation', help: 'indent with spaces' };
  }
  if (error.code === 'MISSING_CHAR' && /quote/.test(error.message)) {
    // yaml notices a missing closing quote at the end of the file; the reader needs the opening one.
    const open = findUnclosedQuote(doc, error.pos[0]);
    if (open) {
      const quote = text.charAt(open);
      return {
        code: 'PLG001',
        severity: 'error',
        ...at(open),
        message: UNCLOSED_QUOTE,
        help: `add the closing \`${quote}\` where the text ends${quote === "'" ? '; inside single quotes, write an apostrophe as `\'\'`' : ''}`,
      };
    }
  }
  const unclosed = /end with an? ([}\]])/.exec(error.message);
  if (error.code === 'BAD_INDENT' && unclosed) {
    // yaml notices an unclosed `{`/`[` where the next line begins; the reader needs the bracket that opened it.
    const open = findUnclosedFlow(doc, text, error.pos[0], unclosed[1] === '}' ? '{' : '[');
    if (open !== undefined) {
      return {
        code: 'PLG001',
        severity: 'error',
        ...at(open),
        message: `this \`${text.charAt(open)}\` is not closed before the next line`,
        help: `close it with \`${unclosed[1]}\`, or indent the lines that continue it`,
      };
    }
  }
  // Indentation errors point at the start of the line; the offending key is after the spaces.
  let offset = error.pos[0];
  while (text.charCodeAt(offset) === SPACE) offset++;
  const where = at(text.charCodeAt(offset) === LF ? error.pos[0] : offset);
  const firstLine = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  // yaml names tokens by their grammar names (`flow-map-end`); the character itself is what a reader sees.
  const token = /^Unexpected [a-z-]+ token in YAML (stream|document): "(.*)"$/.exec(firstLine);
  if (token) {
    return {
      code: 'PLG001',
      severity: 'error',
      ...where,
      message: `unexpected \`${token[2]}\`${token[1] === 'stream' ? ': the policy ended before this point' : ''}`,
      help: 'remove it, or check the brackets, quotes and indentation just before it',
    };
  }
  const d = syntaxError(where, firstLine);
  if (error.name === 'YAMLWarning') d.severity = 'warning';
  return d;
}
