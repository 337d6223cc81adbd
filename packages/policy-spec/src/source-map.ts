import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

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
}

/** Builds a source map over a parsed YAML document. */
export function createSourceMap(file: string, doc: Document, lines: LineCounter): SourceMap {
  const at = (offset: number): SourceLocation => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const nodeAt = (path: DocumentPath): { node: Node | undefined; depth: number } => {
    let node: unknown = doc.contents;
    let depth = 0;
    for (const key of path) {
      let next: unknown;
      if (isMap(node)) next = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key))?.value;
      else if (isSeq(node) && typeof key === 'number') next = node.items[key];
      if (!isNode(next)) break;
      node = next;
      depth++;
    }
    return { node: isNode(node) ? node : undefined, depth };
  };
  return {
    file,
    locate(path) {
      const { node } = nodeAt(path);
      return at(node?.range?.[0] ?? 0);
    },
    locateKey(path) {
      const parent = nodeAt(path.slice(0, -1));
      const last = path[path.length - 1];
      if (parent.depth === path.length - 1 && isMap(parent.node)) {
        const pair = parent.node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
        if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
      }
      return this.locate(path);
    },
  };
}
