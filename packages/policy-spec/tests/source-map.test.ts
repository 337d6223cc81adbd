import { describe, expect, it } from 'vitest';
import { parseYaml } from '../src/parse-yaml.js';
import { createSourceMap, type SourceMap } from '../src/source-map.js';

function mapOf(text: string): SourceMap {
  const parsed = parseYaml(text, 'p.yaml');
  if (!parsed.doc) throw new Error(JSON.stringify(parsed.diagnostics));
  return createSourceMap('p.yaml', parsed.doc, parsed.lines);
}

const TEXT = `pledge: 1
use:
  - id: first
    categories: [user.name, user.contact]
  - { id: second, categories: [user.contact.email] }
shared: &terms [analytics]
again: *terms
`;

describe('createSourceMap', () => {
  const map = mapOf(TEXT);
  const at = (path: (string | number)[]) => {
    const { line, column } = map.locate(path);
    return `${line}:${column}`;
  };

  it('locates values by path, 1-based', () => {
    expect(at([])).toBe('1:1');
    expect(at(['pledge'])).toBe('1:9');
    expect(at(['use', 0])).toBe('3:5');
    expect(at(['use', 0, 'categories', 1])).toBe('4:29');
    expect(at(['use', 1])).toBe('5:5');
    expect(at(['use', 1, 'categories', 0])).toBe('5:32');
    expect(map.locate(['use']).file).toBe('p.yaml');
  });

  it('falls back to the nearest enclosing node for a path that does not exist', () => {
    expect(at(['use', 0, 'purposes'])).toBe('3:5');
    expect(at(['use'])).toBe('3:3');
    expect(at(['use', 7, 'id'])).toBe('3:3');
    expect(at(['nothing', 'here'])).toBe('1:1');
  });

  it('locates keys, for unknown and duplicate keys', () => {
    const key = (path: (string | number)[]) => {
      const { line, column } = map.locateKey(path);
      return `${line}:${column}`;
    };
    expect(key(['use'])).toBe('2:1');
    expect(key(['use', 0, 'categories'])).toBe('4:5');
    expect(key(['use', 1, 'categories'])).toBe('5:19');
    // A missing key falls back to its value's enclosing node.
    expect(key(['use', 1, 'purposes'])).toBe('5:5');
  });

  it('goes through an alias to the anchored node, where the value is written', () => {
    expect(at(['again'])).toBe('7:8');
    expect(at(['again', 0])).toBe('6:17');
  });

  it('turns an offset into a position', () => {
    expect(map.at(TEXT.indexOf('second'))).toEqual({ file: 'p.yaml', line: 5, column: 11 });
  });

  it('stays linear on a mapping with many keys', () => {
    const many = mapOf(Array.from({ length: 5000 }, (_, i) => `k${i}: ${i}`).join('\n'));
    const started = performance.now();
    for (let i = 0; i < 5000; i++) expect(many.locateKey([`k${i}`]).line).toBe(i + 1);
    expect(performance.now() - started).toBeLessThan(10_000); // only a quadratic lookup breaks this
  });
});
