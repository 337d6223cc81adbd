import { describe, expect, test } from 'vitest';
import { policyFrom } from '../../../tests/support/policy-from-document.js';
import { buildNotice } from '../src/build-notice.js';
import { escapeHtml, renderHtml } from '../src/render-html.js';
import { allTestPolicyPaths, HEAD, loadTestPolicy } from './fixtures/policies.js';

describe('renderHtml', () => {
  test.each(allTestPolicyPaths())('%s: one self-contained, accessible page', (path) => {
    const html = renderHtml(buildNotice(loadTestPolicy(path)));
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">/);
    expect(html).toMatch(/<meta name="viewport"/);
    expect(html.match(/<title>[^<]+<\/title>/)).not.toBeNull();
    // No scripts, no external resources: everything is in the file.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\(|@import|href="(?!#)/i);
    // Landmarks and exactly one h1; headings never skip a level.
    for (const tag of ['<header>', '<nav aria-labelledby="contents">', '<main>', '<footer>']) expect(html).toContain(tag);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
    levels.forEach((level, i) => i > 0 && expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1));
    // Ids are unique, and every table-of-contents link and aria-labelledby points at one.
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/href="#([^"]+)"|aria-labelledby="([^"]+)"/g)) expect(ids).toContain(m[1] ?? m[2]);
    // Tags balance, so the page reads in order without CSS.
    for (const tag of ['section', 'ul', 'ol', 'li', 'p', 'nav', 'main']) {
      expect(html.split(`<${tag}`).length - (tag === 'p' ? html.split('<pre').length - 1 : 0), tag).toBe(html.split(`</${tag}>`).length);
    }
    // A print layout.
    expect(html).toMatch(/@media print \{[\s\S]*nav \{ display: none; \}/);
  });

  test('escapes every piece of policy text', () => {
    const policy = policyFrom(`${HEAD.replace('title: Inline policy', 'title: "<b>Inline</b> & co"')}
use: [ { id: x, categories: [user.name], purposes: [analytics], says: "We <script>alert('hi')</script> \\"quote\\" you & yours." } ]
`);
    const html = renderHtml(buildNotice(policy));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<title>&#60;b&#62;Inline&#60;/b&#62; &#38; co</title>');
    expect(html).toContain('We &#60;script&#62;alert(&#39;hi&#39;)&#60;/script&#62; &#34;quote&#34; you &#38; yours.');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
