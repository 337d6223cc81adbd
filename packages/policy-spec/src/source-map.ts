import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/** A position in a source file; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A path into the document: keys and array indexes, e.g. `['use', 2, 'categories', 0]`. */
export type DocumentPath = readonly (string | number)[];

/** Finds where a value (or a key) of the parsed document is written, so every finding carries file:line:col. */
export interface SourceMap {
  file: string;
  /** Where the value at `path` starts; falls back to the nearest enclosing node that exists. */
  locate(path: DocumentPath): SourceLocation;
  /** Where the key of the last path segment is written (for unknown and duplicate keys). */
  locateKey(path: DocumentPath): SourceLocation;
  /** The location of a character offset in the text. */
  at(offset: number): SourceLocation;
}

/**
 * Builds a source map over a parsed YAML document; `lines` is the `LineCounter` the document was parsed with. Paths are
 * those of the value `doc.toJS()` returns (see `parseInstancePath` for ajv's error paths).
 */
export function createSourceMap(file: string, doc: Document, lines: LineCounter): SourceMap {
  const at = (offset: number): SourceLocation => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  // Each mapping's keys are indexed on first use, so locating many keys (a file of unknown keys) stays linear.
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string | number): Pair | undefined => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        // The same string the key becomes in the loaded object; the first of duplicate keys wins, as they are errors.
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name !== undefined && !index.has(name)) index.set(name, pair);
      }
      indexes.set(map, index);
    }
    return index.get(String(key));
  };
  const nodeAt = (path: DocumentPath): { node: Node | undefined; depth: number } => {
    let node: unknown = doc.contents;
    let depth = 0;
    for (const key of path) {
      // Going through an alias leads to the anchored node: that is where the value is written.
      if (isAlias(node)) node = node.resolve(doc);
      let next: unknown;
      if (isMap(node)) next = pairOf(node, key)?.value;
      else if (isSeq(node) && typeof key === 'number') next = node.items[key];
      if (!isNode(next)) break;
      node = next;
      depth++;
    }
    return { node: isNode(node) ? node : undefined, depth };
  };
  return {
    file,
    at,
    locate(path) {
      const { node } = nodeAt(path);
      return at(node?.range?.[0] ?? 0);
    },
    locateKey(path) {
      const parent = nodeAt(path.slice(0, -1));
      const last = path[path.length - 1];
      let parentNode: unknown = parent.node;
      if (isAlias(parentNode)) parentNode = parentNode.resolve(doc);
      if (parent.depth === path.length - 1 && last !== undefined && isMap(parentNode)) {
        const pair = pairOf(parentNode, last);
        if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
      }
      return this.locate(path);
    },
  };
}
