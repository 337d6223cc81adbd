import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstancePath } from '../src/parse-instance-path.js';
import { parseYaml } from '../src/parse-yaml.js';
import { createSourceMap } from '../src/source-map.js';

// RFC 6901: `~` is written `~0` and `/` is written `~1`.
const pointerOf = (path: readonly (string | number)[]) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

describe('parseInstancePath', () => {
  it('reads the empty path as the whole document', () => {
    expect(parseInstancePath('')).toEqual([]);
  });

  it('splits keys and turns array indexes into numbers', () => {
    expect(parseInstancePath('/use/0/categories/12')).toEqual(['use', 0, 'categories', 12]);
    expect(parseInstancePath('/sinks/1/call')).toEqual(['sinks', 1, 'call']);
  });

  it('unescapes `~1` and `~0`, in that order', () => {
    expect(parseInstancePath('/data/a~1b~0c')).toEqual(['data', 'a/b~c']);
    // `~01` is an escaped `~` followed by `1`, not a slash.
    expect(parseInstancePath('/~01')).toEqual(['~1']);
  });

  it('keeps empty keys', () => {
    expect(parseInstancePath('/')).toEqual(['']);
    expect(parseInstancePath('/a//b')).toEqual(['a', '', 'b']);
  });

  it('reads back any path written as a JSON Pointer', () => {
    // A key of digits reads back as a number: ajv's paths do not say which it was.
    const key = fc.oneof(fc.nat(), fc.string().filter((s) => !/^\d+$/.test(s)));
    fc.assert(fc.property(fc.array(key, { maxLength: 6 }), (path) => void expect(parseInstancePath(pointerOf(path))).toEqual(path)));
  });

  it("gives the path at which the source map finds the value of each of ajv's errors", () => {
    const text = 'plain: 1\n"a/b~c": 2\n"12": 3\nlist: [ok, 4]\n';
    const parsed = parseYaml(text, 'p.yaml');
    const map = createSourceMap('p.yaml', parsed.doc!, parsed.lines!);
    const validate = new Ajv({ allErrors: true }).compile({
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'string' } } },
      additionalProperties: { type: 'string' },
    });
    expect(validate(parsed.doc!.toJS())).toBe(false);
    const located = (validate.errors ?? []).map((e) => {
      const { line, column } = map.locate(parseInstancePath(e.instancePath));
      return [e.instancePath, `${line}:${column}`];
    });
    expect(located.sort()).toEqual([
      ['/12', '3:7'],
      ['/a~1b~0c', '2:10'],
      ['/list/1', '4:12'],
      ['/plain', '1:8'],
    ]);
  });
});
