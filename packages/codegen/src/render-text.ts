import type { Notice, NoticeGroup, NoticeItem } from './build-notice.js';
import { renderGroupLists } from './render-group-lists.js';
import type { RenderOptions } from './render-policy.js';

/** Width plain text is wrapped to: fits an 80-column terminal and an email. */
export const TEXT_WIDTH = 78;

/**
 * Typesets a notice as plain text: underlined headings, numbered sections, bullets with hanging indents,
 * wrapped at {@link TEXT_WIDTH} columns. Nothing but the characters themselves: it prints and pastes anywhere.
 */
export function renderText(notice: Notice, options: RenderOptions = {}): string {
  const out: string[] = [notice.title, '='.repeat(notice.title.length), notice.lastUpdated, ''];
  out.push('Contents', ...notice.sections.map((s, i) => `  ${i + 1}. ${s.title}`), '');
  notice.sections.forEach((section, i) => {
    const heading = `${i + 1}. ${section.title}`;
    out.push('', heading, '-'.repeat(heading.length), '');
    for (const p of section.paragraphs) out.push(...wrap(p.text + ruleNote(p.rule, options), '', ''), '');
    for (const group of section.groups) out.push(...renderGroup(group, options));
  });
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function renderGroup(group: NoticeGroup, options: RenderOptions): string[] {
  const out: string[] = [];
  if (group.title) out.push(...wrap(`${group.title}:`, '', ''), '');
  if (group.intro) out.push(...wrap(group.intro, '', ''), '');
  out.push(...renderGroupLists(group, (item) => renderItem(item, options)));
  return out;
}

function renderItem(item: NoticeItem, options: RenderOptions): string[] {
  const lead = item.lead ? `${item.lead}. ` : '';
  const out = wrap(lead + item.text + ruleNote(item.rule, options), '  * ', '    ');
  for (const term of item.terms ?? []) out.push(...wrap(`${term.label}: ${term.description}`, '      - ', '        '));
  return out;
}

function ruleNote(rule: string | undefined, options: RenderOptions): string {
  return options.ruleIds && rule ? ` [${rule}]` : '';
}

/** Wraps `text` to {@link TEXT_WIDTH} columns; the first line starts with `first`, the others with `rest`. */
export function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > TEXT_WIDTH) {
      lines.push(line);
      line = rest + word;
    } else {
      line += empty ? word : ` ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
