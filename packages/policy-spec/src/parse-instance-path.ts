/**
 * Splits an ajv `instancePath` (a JSON Pointer, such as `/sinks/0/call`) into the path that `SourceMap.locate` takes:
 * `['sinks', 0, 'call']`; `''` is the whole document. `~1` and `~0` are unescaped to `/` and `~`. A segment of digits
 * becomes a number, as ajv gives no types: a mapping key of digits is still found, since keys are compared as text.
 */
export function parseInstancePath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
