import { describe, expect, test } from 'vitest';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { buildNotice } from '../src/build-notice.js';
import { escapeMarkdown, renderMarkdown } from '../src/render-markdown.js';
import { allTestPolicyPaths, HEAD, loadTestPolicy } from './fixtures/policies.js';

// GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens.
const slug = (heading: string) => heading.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

describe('renderMarkdown', () => {
  test.each(allTestPolicyPaths())('%s: a table of contents whose links reach the headings', (path) => {
    const md = renderMarkdown(buildNotice(loadTestPolicy(path)));
    const anchors = [...md.matchAll(/^## (.+)$/gm)].map((m) => slug(m[1]!));
    const links = [...md.matchAll(/^- \[[^\]]+\]\(#([^)]+)\)$/gm)].map((m) => m[1]);
    expect(links).toEqual(anchors);
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(md).not.toMatch(/\n{3,}/);
  });

  test('escapes what Markdown would read as markup', () => {
    expect(escapeMarkdown('a *b* _c_ [d](e) <f> `g` | h ~ i \\ j')).toBe('a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\`g\\` \\| h \\~ i \\\\ j');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('- not a bullet')).toBe('\\- not a bullet');
    expect(escapeMarkdown('AT&T &amp; co')).toBe('AT&T \\&amp; co');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
  });

  test('keeps a hostile says sentence inside its list item', () => {
    const policy = policyFrom(`${HEAD}use: [ { id: x, categories: [user.name], purposes: [analytics], says: "Data\\n\\n# Owned <img src=x onerror=alert(1)> [link](http://x)" } ]\n`);
    const md = renderMarkdown(buildNotice(policy));
    expect(md).toContain('- Data # Owned \\<img src=x onerror=alert(1)\\> \\[link\\](http://x). This covers');
    expect(md).not.toMatch(/^# Owned/m);
  });
});
