import { describe, expect, test } from 'vitest';
import { buildNotice } from '../src/build-notice.js';
import { renderText, TEXT_WIDTH, wrap } from '../src/render-text.js';
import { allTestPolicyPaths, loadTestPolicy } from './fixtures/policies.js';

describe('renderText', () => {
  test.each(allTestPolicyPaths())('%s: wrapped, numbered, underlined', (path) => {
    const text = renderText(buildNotice(loadTestPolicy(path)));
    const lines = text.split('\n');
    expect(lines.filter((l) => l.length > TEXT_WIDTH && !/^\S+$/.test(l.trim()))).toEqual([]);
    expect(lines[1]).toBe('='.repeat(lines[0]!.length));
    for (const [i, line] of lines.entries()) {
      if (/^\d+\. /.test(line) && lines[i + 1]?.startsWith('-')) expect(lines[i + 1]).toBe('-'.repeat(line.length));
    }
    expect(text).not.toMatch(/\n{3,}|[ \t]+\n/);
  });
});

describe('wrap', () => {
  test('breaks between words with a hanging indent', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const lines = wrap(words, '  * ', '    ');
    expect(lines[0]!.startsWith('  * word0 ')).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith('    word'))).toBe(true);
    expect(lines.every((l) => l.length <= TEXT_WIDTH)).toBe(true);
    expect(lines.map((l) => l.replace(/^ {2}\* | {4}/, '')).join(' ')).toBe(words);
  });

  test('lets a word longer than the line stand alone', () => {
    expect(wrap(`a ${'x'.repeat(100)} b`, '', '')).toEqual(['a', 'x'.repeat(100), 'b']);
  });
});
