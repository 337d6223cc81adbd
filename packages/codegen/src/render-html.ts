import type { Notice, NoticeGroup, NoticeItem } from './build-notice.js';
import { LIMITS_LEAD_IN } from './render-group-lists.js';
import type { RenderOptions } from './render-policy.js';

// Plain, print-friendly styles. The page reads the same without them: structure is in the markup.
const STYLE = `
    :root { color-scheme: light dark; }
    body { font: 1.05rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
    h1 { font-size: 1.9rem; line-height: 1.2; margin-bottom: 0.25rem; }
    h2 { font-size: 1.4rem; margin-top: 2.25rem; border-bottom: 1px solid currentColor; padding-bottom: 0.2rem; }
    h3 { font-size: 1.1rem; margin-top: 1.5rem; }
    .updated { margin-top: 0; opacity: 0.8; }
    nav { border: 1px solid; border-radius: 0.4rem; padding: 0.5rem 1.25rem; margin: 1.5rem 0; }
    nav h2 { font-size: 1.1rem; border: 0; margin: 0.5rem 0; }
    li { margin: 0.4rem 0; }
    li ul { margin-top: 0.25rem; }
    code { font-size: 0.9em; }
    a { color: inherit; }
    :focus-visible { outline: 3px solid; outline-offset: 2px; }
    @media print {
      body { max-width: none; padding: 0; font-size: 11pt; }
      nav { display: none; }
      h2, h3 { break-after: avoid; page-break-after: avoid; }
      li { break-inside: avoid; page-break-inside: avoid; }
      a { text-decoration: none; }
    }`;

/**
 * Typesets a notice as one self-contained, accessible HTML page: `lang`, a title, landmarks, a linked table
 * of contents, headings in order, lists, and styles that include a print layout. No scripts, no external
 * resources. Every piece of policy text is escaped.
 */
export function renderHtml(notice: Notice, options: RenderOptions = {}): string {
  const usedIds = new Set<string>(['contents', ...notice.sections.map((s) => s.id)]);
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <meta name="viewport" content="width=device-width, initial-scale=1">',
    `  <title>${escapeHtml(notice.title)}</title>`,
    `  <style>${STYLE}\n  </style>`,
    '</head>',
    '<body>',
    '  <header>',
    `    <h1>${escapeHtml(notice.title)}</h1>`,
    `    <p class="updated">${escapeHtml(notice.lastUpdated)}</p>`,
    '  </header>',
    '  <nav aria-labelledby="contents">',
    '    <h2 id="contents">Contents</h2>',
    '    <ol>',
    ...notice.sections.map((s) => `      <li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`),
    '    </ol>',
    '  </nav>',
    '  <main>',
  ];
  for (const section of notice.sections) {
    out.push(`    <section aria-labelledby="${section.id}">`, `      <h2 id="${section.id}">${escapeHtml(section.title)}</h2>`);
    for (const p of section.paragraphs) out.push(`      <p>${escapeHtml(p.text)}${ruleNote(p.rule, options)}</p>`);
    for (const group of section.groups) out.push(...renderGroup(group, options, usedIds));
    out.push('    </section>');
  }
  out.push('  </main>', '  <footer>', `    <p>${escapeHtml(notice.lastUpdated)}</p>`, '  </footer>', '</body>', '</html>');
  return `${out.join('\n')}\n`;
}

function renderGroup(group: NoticeGroup, options: RenderOptions, usedIds: Set<string>): string[] {
  const out: string[] = [];
  if (group.title) out.push(`      <h3>${escapeHtml(group.title)}</h3>`);
  if (group.intro) out.push(`      <p>${escapeHtml(group.intro)}</p>`);
  out.push('      <ul>', ...group.items.map((item) => renderItem(item, options, usedIds)), '      </ul>');
  if (group.limits) {
    out.push(`      <p>${escapeHtml(LIMITS_LEAD_IN)}</p>`, '      <ul>', ...group.limits.map((item) => renderItem(item, options, undefined)), '      </ul>');
  }
  return out;
}

function renderItem(item: NoticeItem, options: RenderOptions, usedIds: Set<string> | undefined): string {
  // The first place a rule appears gets an anchor (`#use-newsletter`), so reviewers can link to it.
  const anchor = item.rule.replace(/[^a-z0-9_-]+/g, '-');
  let id = '';
  if (usedIds && !usedIds.has(anchor)) {
    usedIds.add(anchor);
    id = ` id="${anchor}"`;
  }
  const lead = item.lead ? `<strong>${escapeHtml(item.lead)}.</strong> ` : '';
  const terms = item.terms?.length
    ? `\n          <ul>\n${item.terms.map((t) => `            <li><em>${escapeHtml(t.label)}:</em> ${escapeHtml(t.description)}</li>`).join('\n')}\n          </ul>\n        `
    : '';
  return `        <li${id}>${lead}${escapeHtml(item.text)}${ruleNote(item.rule, options)}${terms}</li>`;
}

function ruleNote(rule: string | undefined, options: RenderOptions): string {
  return options.ruleIds && rule ? ` <code>${escapeHtml(rule)}</code>` : '';
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
