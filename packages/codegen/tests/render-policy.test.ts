import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { buildNotice } from '../src/build-notice.js';
import { RENDER_FORMATS, renderPolicy, type RenderFormat } from '../src/render-policy.js';
import { noticeItems } from '../src/summarize-policy.js';
import { allTestPolicyPaths, loadTestPolicy } from './fixtures/policies.js';

const EXTENSIONS: Record<RenderFormat, string> = { md: 'md', html: 'html', text: 'txt' };
const GOLDEN = fileURLToPath(new URL('__golden__/', import.meta.url));
const policies = allTestPolicyPaths().map((path) => loadTestPolicy(path));
const cases = policies.flatMap((policy) => RENDER_FORMATS.map((format) => [policy.document.policy.id, format, policy] as const));

// What a reader sees of each format, as plain words: tags, entities, escapes and line wrapping removed.
function readerText(format: RenderFormat, output: string): string {
  let text = output;
  if (format === 'html') {
    text = text
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  }
  if (format === 'md') text = text.replace(/\\([\\`*_[\]<>|~&#+=.)-])/g, '$1');
  return text.replace(/\s+/g, ' ');
}

describe('renderPolicy', () => {
  test.each(cases)('%s as %s matches its golden file', async (id, format, policy) => {
    await expect(renderPolicy(policy, format)).toMatchFileSnapshot(`__golden__/${id}.${EXTENSIONS[format]}`);
  });

  test.each(cases)('%s as %s states every rule, in the order of the notice', (_id, format, policy) => {
    const text = readerText(format, renderPolicy(policy, format));
    let from = 0;
    for (const item of noticeItems(buildNotice(policy))) {
      const at = text.indexOf(item.text.replace(/\s+/g, ' '), from);
      expect(at, `${item.rule ?? 'paragraph'}: ${item.text}`).toBeGreaterThanOrEqual(0);
      from = at;
    }
  });

  test.each(cases)('%s as %s is deterministic', (_id, format, policy) => {
    const again = loadTestPolicy(policy.file);
    expect(renderPolicy(again, format)).toBe(renderPolicy(policy, format));
  });

  test('with ruleIds, follows each statement with its rule reference', () => {
    const policy = policies[0]!;
    for (const format of RENDER_FORMATS) {
      const output = renderPolicy(policy, format, { ruleIds: true });
      for (const item of noticeItems(buildNotice(policy))) if (item.rule) expect(output, format).toContain(item.rule);
    }
  });

  test('has no golden file left over from a policy or format that is gone', () => {
    const expected = new Set(cases.map(([id, format]) => `${id}.${EXTENSIONS[format]}`));
    expected.add('harbor-help.guard.ts');
    expect(readdirSync(GOLDEN).filter((name) => !expected.has(name))).toEqual([]);
  });
});
