import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { findDeepNesting, findDeepToken, LOAD_LIMITS, parseYaml } from '../src/parse-yaml.js';

const found = (text: string) => parseYaml(text, 'p.yaml').diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);

describe('findDeepNesting', () => {
  const depth = (text: string) => {
    // The smallest limit the text stays within.
    for (let limit = 1; limit < 1000; limit++) if (findDeepNesting(text, limit) === undefined) return limit;
    return Infinity;
  };

  it('counts block mappings and sequences by indentation', () => {
    expect(depth('a: 1\n')).toBe(1);
    expect(depth('a:\n  b:\n    c: 1\n  d: 2\ne: 3\n')).toBe(3);
    expect(depth('use:\n  - id: a\n    categories: [x]\n')).toBe(4);
    expect(depth('use:\n- id: a\n  says: b\n')).toBe(3);
  });

  it('counts compact indicators on one line', () => {
    expect(depth('- - - x\n')).toBe(3);
    expect(depth('- a: - x\n')).toBe(2);
    expect(depth('? - x\n: y\n')).toBe(2);
  });

  it('counts flow collections across lines, but not brackets in text, quotes or comments', () => {
    expect(depth('a: [[1], {b: [2]}]\n')).toBe(4);
    expect(depth('a: [\n  [\n    1\n  ]\n]\n')).toBe(3);
    expect(depth('says: see [1] and {2}\n')).toBe(1);
    expect(depth('says: "[[[[[[[[[["\n')).toBe(1);
    expect(depth("says: '[[[[[[[''[[['\n")).toBe(1);
    expect(depth('says: x # [[[[[[[[[[\n')).toBe(1);
    expect(depth('says: |\n  [[[[[[[[[[\n  - - - - - -\nnext: [1]\n')).toBe(2);
  });

  it('sees through anchors and tags in front of a flow collection', () => {
    expect(depth('a: &x [!t [!t [1]]]\n')).toBe(4);
  });

  it('returns the offset where the estimate first goes over the limit', () => {
    const text = 'a: ' + '['.repeat(10);
    expect(findDeepNesting(text, 5)).toBe(3 + 4);
  });

  it('estimates the real policies well below the limit', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'policies');
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(depth(readFileSync(join(dir, f), 'utf8')), f).toBeLessThan(12);
  });

  it('is linear: twice the size limit of brackets, dashes or quotes takes a moment', () => {
    const n = 2 * LOAD_LIMITS.maxBytes;
    for (const text of ['['.repeat(n), '- '.repeat(n / 2), '"'.repeat(n), 'k: '.repeat(n / 3), 'k: v\n'.repeat(n / 5)]) {
      const started = performance.now();
      findDeepNesting(text, 1e9);
      expect(performance.now() - started).toBeLessThan(5000); // only a quadratic scan breaks this, even on a loaded machine
    }
  });

  it('never throws, on any text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '-', ' ', '\n', ':', '"', "'", '#', '|', 'a', '&', '!', '\\') }), (text) => {
      findDeepNesting(text, 3);
    }));
  });
});

describe('findDeepToken', () => {
  const tokens = (text: string) => [...new Parser().parse(text)];

  it('measures the token tree exactly, whatever a text scan would estimate', () => {
    const nested = (n: number) => `a: ${'[*x, '.repeat(n)}${']'.repeat(n)}\n`;
    expect(findDeepToken(tokens(nested(9)), 10)).toBeUndefined();
    expect(findDeepToken(tokens(nested(10)), 10)).toBe(3 + 5 * 9);
    expect(findDeepToken(tokens('- - - - x\n'), 3)).toBe(6);
    expect(findDeepToken(tokens('a:\n  b:\n    c:\n      d: 1\n'), 3)).toBe('a:\n  b:\n    c:\n      '.length);
    // Keys count too: a flow collection as a key.
    expect(findDeepToken(tokens('? [[[x]]]\n: 1\n'), 3)).toBe(4);
  });
});

describe('parseYaml', () => {
  it('parses a document and keeps the line counter', () => {
    const r = parseYaml('a: 1\nb: [x]\n', 'p.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.doc?.toJS()).toEqual({ a: 1, b: ['x'] });
    expect(r.lines?.linePos(5)).toEqual({ line: 2, col: 1 });
  });

  it('rejects a file over the size limit before parsing it', () => {
    expect(found('a'.repeat(LOAD_LIMITS.maxBytes + 1))).toEqual(['PLG011 1:1']);
    expect(parseYaml('#'.repeat(LOAD_LIMITS.maxBytes), 'p.yaml').diagnostics).toEqual([]);
  });

  it('rejects nesting deeper than the limit, at the first level too deep', () => {
    // The mapping is the first level: the 64th `[` is the 65th.
    expect(found(`a: ${'['.repeat(100)}`)).toEqual([`PLG011 1:${3 + LOAD_LIMITS.maxDepth}`]);
    expect(found(`--- ${'['.repeat(100)}`)).toEqual([`PLG011 1:${4 + LOAD_LIMITS.maxDepth + 1}`]);
  });

  it('reports duplicate keys once each, at the repeated key, in one pass', () => {
    const r = parseYaml('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n', 'p.yaml');
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.help}`)).toEqual([
      'PLG013 5:1 it is already set at line 1; each key may appear once: merge the two entries',
      'PLG013 4:3 it is already set at line 3; each key may appear once: merge the two entries',
    ]);
    const many = Array.from({ length: 10_000 }, (_, i) => `k: ${i}`).join('\n');
    const started = performance.now();
    expect(parseYaml(many, 'p.yaml').diagnostics).toHaveLength(9_999);
    expect(performance.now() - started).toBeLessThan(10_000); // the quadratic check took about a minute
  });

  it('points at the opening quote or bracket that is never closed', () => {
    expect(found('a: 1\nb: "never closed\nc: 2\n')).toEqual(['PLG001 2:4']);
    expect(found("a: 1\nb: 'never closed\n")).toEqual(['PLG001 2:4']);
    expect(found('a: { b: 1\nc: 2\n')).toEqual(['PLG001 1:4']);
    expect(found('a: [1, [2\nc: 2\n')).toEqual(['PLG001 1:8']);
  });

  it('reports one error for a stray bracket, not one per token after it', () => {
    expect(found('a: [1] ]\nb: { c: 1, d: 2 }\ne: [3, 4]\n')).toEqual(['PLG001 1:8']);
  });

  it('reports an alias to a missing anchor, and an anchor defined after its alias', () => {
    expect(found('a: *nothing\n')).toEqual(['PLG001 1:4']);
    expect(found('a: *later\nb: &later 1\n')).toEqual(['PLG001 1:4']);
    expect(found('a: &x 1\nb: *x\n')).toEqual([]);
  });

  it('reports a tab used for indentation, and a second document', () => {
    expect(found('a:\n\tb: 1\n')).toEqual(['PLG001 2:1']);
    expect(found('a: 1\n---\nb: 2\n')).toEqual(['PLG001 2:1']);
  });

  it('stops after a hundred syntax errors on a garbage file', () => {
    const garbage = ']\n'.repeat(20_000);
    const started = performance.now();
    const r = parseYaml(garbage, 'p.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.diagnostics.length).toBe(LOAD_LIMITS.maxDiagnostics + 1);
    expect(r.diagnostics.every((d) => d.code === 'PLG001')).toBe(true);
  });

  it('never throws, and restores the stack trace limit it lowers', () => {
    const limit = Error.stackTraceLimit;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '- ', ' ', '\n', ': ', '"', "'", '#', '|', 'a', '&a ', '*a', '!t ', '\t', '? ', '---\n', ',') }), (text) => {
        const r = parseYaml(text, 'p.yaml');
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
          expect(d.message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 300 },
    );
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
