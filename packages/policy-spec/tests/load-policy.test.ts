import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePolicyBytes, findInvalidUtf8, LOAD_LIMITS, loadPolicy } from '../src/load-policy.js';

const POLICY = `# yaml-language-server: $schema=../packages/policy-spec/schema/policy.schema.json
pledge: 1
policy: { id: shop, title: Shop privacy policy, organization: Shop Ltd, version: '2024-05-01' }
taxonomy:
  categories:
    user.contact.pager: { label: Pager number, description: The number of your pager. }
collect:
  - { id: signup, categories: [user.contact.email, user.contact.pager], sources: [user_provided], says: You give us your email and pager. }
use:
  - { id: account, categories: [user.contact], purposes: [essential.service], says: We run your account with them. }
retain:
  - { id: contact, categories: [user.contact], at_most: P1Y, says: We keep them a year at most. }
children: { under: 13, unless_consent: parental, says: Not for children under 13 without a parent. }
`;

describe('loadPolicy', () => {
  it('loads a valid policy: the document, the merged taxonomy, positions and the text', () => {
    const { policy, diagnostics } = loadPolicy(POLICY, 'policies/shop.yaml');
    expect(diagnostics).toEqual([]);
    expect(policy?.file).toBe('policies/shop.yaml');
    expect(policy?.document.policy.version).toBe('2024-05-01');
    expect(policy?.document.use?.[0]?.id).toBe('account');
    expect(policy?.taxonomy.get('categories', 'user.contact.pager')?.origin).toBe('policy');
    expect(policy?.taxonomy.isWithin('categories', 'user.contact.pager', 'user.contact')).toBe(true);
    expect(policy?.locate(['use', 0])).toEqual({ file: 'policies/shop.yaml', line: 10, column: 5 });
    expect(policy?.text).toBe(POLICY);
  });

  it('returns the policy with its warnings, and no policy when there is an error', () => {
    const warned = loadPolicy(POLICY.replace(/^children:.*\n/m, ''), 'shop.yaml');
    expect(warned.policy).toBeDefined();
    expect(warned.diagnostics.map((d) => d.code)).toEqual(['PLG009']);
    const text = POLICY.replace('[essential.service]', '[essential.servce]');
    const broken = loadPolicy(text, 'shop.yaml');
    expect(broken.policy).toBeUndefined();
    expect(broken.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`PLG003 10:${text.split('\n')[9]!.indexOf('essential.servce') + 1}`]);
  });

  it('positions taxonomy conflicts at the term that conflicts', () => {
    const r = loadPolicy(POLICY.replace('user.contact.pager: {', 'user.contact.email: {').replaceAll('user.contact.pager', 'user.contact.email'), 'shop.yaml');
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['PLG014 6:5']);
  });

  it('stops at schema errors before semantic checks', () => {
    const r = loadPolicy(POLICY.replace('under: 13', 'under: thirteen').replace('[essential.service]', '[essential.servce]'), 'shop.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLG002']);
  });

  it('accepts a few aliases, and stops an alias expansion bomb at its first alias', () => {
    const reuse = POLICY.replace('categories: [user.contact], purposes', 'categories: &contact [user.contact], purposes').replace(
      'categories: [user.contact], at_most',
      'categories: *contact, at_most',
    );
    expect(loadPolicy(reuse, 'shop.yaml').diagnostics).toEqual([]);
    let bomb = 'pledge: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (const [prev, next] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h']] as const) {
      bomb += `${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]\n`;
    }
    const started = performance.now();
    const r = loadPolicy(bomb, 'bomb.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['PLG011 3:8']);
  });

  it('does not loop on an alias inside its own anchor', () => {
    const r = loadPolicy('pledge: 1\npolicy: &p { id: *p, title: T, organization: O, version: v }\n', 'p.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['PLG002']);
  });

  it('lists at most 100 diagnostics, then says the rest are not shown', () => {
    const body = Array.from({ length: 300 }, (_, i) => `  - { id: r${i}, categories: [user.nope${i}], purposes: [analytics], says: S. }`).join('\n');
    const r = loadPolicy(`pledge: 1\npolicy: { id: p, title: T, organization: O, version: v }\nchildren: { under: 13, says: S. }\nuse:\n${body}\n`, 'p.yaml');
    expect(r.diagnostics).toHaveLength(LOAD_LIMITS.maxDiagnostics + 1);
    expect(r.diagnostics.slice(0, -1).every((d) => d.code === 'PLG003')).toBe(true);
    expect(r.diagnostics.at(-1)).toMatchObject({ code: 'PLG016', severity: 'warning', line: 104 });
  });

  it('never throws, whatever the text, and positions every diagnostic inside the file', () => {
    const piece = fc.constantFrom('pledge: 1\n', 'policy: {id: p, title: T, organization: O, version: v}\n', 'use:\n', '  - ', '{ id: a, ', 'categories: [user.name], ', 'purposes: [analytics] }', '\n', '&a ', '*a', '[', ']', '"', '__proto__: 1\n', 'constructor: {}\n', '\t', '#', 'says: ', ': ', '- ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), (text) => {
        const r = loadPolicy(text, 'p.yaml');
        const lineCount = text.split('\n').length;
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.line).toBeLessThanOrEqual(lineCount);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
        expect(r.policy === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 300 },
    );
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('decodePolicyBytes', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('decodes UTF-8 and drops a byte-order mark', () => {
    expect(decodePolicyBytes(bytes('pledge: 1 — ok\n'), 'p.yaml')).toEqual({ text: 'pledge: 1 — ok\n' });
    expect(decodePolicyBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a: 1')]), 'p.yaml')).toEqual({ text: 'a: 1' });
  });

  it('points at the first byte that is not UTF-8, counting columns in characters', () => {
    const before = bytes('a: 1\nsays: café — ');
    const r = decodePolicyBytes(new Uint8Array([...before, 0xe9, 0x0a]), 'p.yaml');
    expect(r).toEqual({
      diagnostic: {
        code: 'PLG012',
        severity: 'error',
        file: 'p.yaml',
        line: 2,
        column: 'says: café — '.length + 1,
        message: `the file is not valid UTF-8 (byte offset ${before.length})`,
        help: 'save the file as UTF-8',
      },
    });
  });

  it('recognises a UTF-16 file', () => {
    const r = decodePolicyBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00]), 'p.yaml');
    expect('diagnostic' in r && r.diagnostic.help).toMatch(/UTF-16/);
  });

  it('refuses a file over the size limit without decoding it', () => {
    const r = decodePolicyBytes(new Uint8Array(LOAD_LIMITS.maxBytes + 1), 'big.yaml');
    expect('diagnostic' in r && `${r.diagnostic.code} ${r.diagnostic.line}:${r.diagnostic.column}`).toBe('PLG011 1:1');
  });
});

describe('findInvalidUtf8', () => {
  it('agrees with a strict decoder on any bytes, and the prefix before the offset decodes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    // Mostly valid text with a few raw bytes mixed in, so both outcomes are common.
    const input = fc
      .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }).map((s) => [...new TextEncoder().encode(s)]), fc.integer({ min: 0x80, max: 0xff }).map((b) => [b])), { maxLength: 20 })
      .map((parts) => new Uint8Array(parts.flat()));
    fc.assert(
      fc.property(input, (data) => {
        let isValid = true;
        try {
          strict.decode(data);
        } catch {
          isValid = false;
        }
        const offset = findInvalidUtf8(data);
        expect(offset === undefined).toBe(isValid);
        if (offset !== undefined) {
          expect(() => strict.decode(data.subarray(0, offset))).not.toThrow();
          // The sequence starting at the offset is what breaks it.
          expect(() => strict.decode(data.subarray(0, offset + 4 > data.length ? data.length : offset + 4))).toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects overlong forms, surrogates and code points above U+10FFFF', () => {
    expect(findInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(findInvalidUtf8(new Uint8Array([0xe0, 0x80, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(findInvalidUtf8(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]))).toBeUndefined();
    expect(findInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1);
  });
});
