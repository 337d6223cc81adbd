import { describe, expect, it } from 'vitest';
import { decodePolicyBytes, loadPolicy, type Diagnostic } from '../src/index.js';
import { loadBrokenCorpus } from './fixtures/broken-corpus.js';

// The broken-policy corpus: every fixture states the diagnostics it must produce (code, line, column) in its
// `# expect:` header, and must produce exactly those: a clear error, and nothing else.

const corpus = loadBrokenCorpus();

function loadBytes(bytes: Uint8Array, file: string): Diagnostic[] {
  const decoded = decodePolicyBytes(bytes, file);
  return 'diagnostic' in decoded ? [decoded.diagnostic] : loadPolicy(decoded.text, file).diagnostics;
}

describe('the broken-policy corpus', () => {
  it('has at least 30 cases and covers every kind of breakage the issue names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    const names = corpus.map((c) => c.name).join(' ');
    for (const kind of ['syntax', 'tab', 'duplicate-key', 'type-', 'unknown-key', 'unknown-category', 'duration', 'empty', 'not-a-mapping', 'alias-bomb', 'deep-flow', 'deep-block', '20mb', 'proto', 'constructor', 'utf8', 'duplicate-rule-id', 'taxonomy', 'unknown-consent', 'jurisdiction']) {
      expect(names, kind).toContain(kind);
    }
  });

  // Loading once first takes the one-off costs (compiling the schema, reading the taxonomy) out of the timings.
  loadPolicy('pledge: 1\n', 'warm-up.yaml');

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const started = performance.now();
    const diagnostics = loadBytes(c.bytes, `broken/${c.file}`);
    const elapsed = performance.now() - started;

    expect(diagnostics.map(({ code, line, column }) => ({ code, line, column }))).toEqual(
      c.expected.map(({ code, line, column }) => ({ code, line, column })),
    );
    for (const e of c.expected) {
      if (e.help === undefined) continue;
      const d = diagnostics.find((x) => x.code === e.code && x.line === e.line && x.column === e.column);
      expect(d?.help ?? '').toContain(e.help);
    }
    for (const d of diagnostics) {
      expect(d.file).toBe(`broken/${c.file}`);
      // One line, lowercase, no stack trace, no internal error text.
      expect(d.message).not.toMatch(/\n|^\s*at |maximum call stack|undefined|\[object /i);
      expect(d.message.charAt(0)).toBe(d.message.charAt(0).toLowerCase());
      expect(d.message.length).toBeLessThan(300);
    }
    if (c.isBounded) expect(elapsed).toBeLessThan(1000);
  });

  it('leaves Object.prototype untouched after the `__proto__` and `constructor` fixtures', () => {
    for (const c of corpus.filter((x) => /proto|constructor/.test(x.name))) {
      const decoded = decodePolicyBytes(c.bytes, c.file);
      if (!('text' in decoded)) throw new Error(`${c.name} should decode`);
      loadPolicy(decoded.text, c.file);
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reports problems in a valid-looking file as errors, and only warnings for the warning fixtures', () => {
    for (const c of corpus) {
      const diagnostics = loadBytes(c.bytes, c.file);
      const isWarningCase = c.name.startsWith('warn-');
      expect(diagnostics.every((d) => d.severity === (isWarningCase ? 'warning' : 'error')), c.name).toBe(true);
    }
  });
});
