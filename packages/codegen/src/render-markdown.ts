import type { Notice, NoticeGroup, NoticeItem } from './build-notice.js';
import { renderGroupLists } from './render-group-lists.js';
import type { RenderOptions } from './render-policy.js';

/**
 * Typesets a notice as GitHub-flavored Markdown that reads well both raw and rendered (a pull-request
 * comment, a README). Every piece of policy text is escaped, so a `says:` sentence cannot inject markup.
 */
export function renderMarkdown(notice: Notice, options: RenderOptions = {}): string {
  const out: string[] = [`# ${escapeMarkdown(notice.title)}`, '', `*${escapeMarkdown(notice.lastUpdated)}*`, ''];
  out.push('**Contents:**', '');
  for (const s of notice.sections) out.push(`- [${escapeMarkdown(s.title)}](#${s.id})`);
  out.push('');
  for (const section of notice.sections) {
    out.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const p of section.paragraphs) out.push(escapeMarkdown(p.text) + ruleNote(p.rule, options), '');
    for (const group of section.groups) out.push(...renderGroup(group, options));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderGroup(group: NoticeGroup, options: RenderOptions): string[] {
  const out: string[] = [];
  if (group.title) out.push(`### ${escapeMarkdown(group.title)}`, '');
  if (group.intro) out.push(escapeMarkdown(group.intro), '');
  out.push(...renderGroupLists(group, (item) => renderItem(item, options)));
  return out;
}

function renderItem(item: NoticeItem, options: RenderOptions): string[] {
  const lead = item.lead ? `**${escapeMarkdown(item.lead)}.** ` : '';
  const out = [`- ${lead}${escapeMarkdown(item.text)}${ruleNote(item.rule, options)}`];
  for (const term of item.terms ?? []) out.push(`  - *${escapeMarkdown(term.label)}:* ${escapeMarkdown(term.description)}`);
  return out;
}

function ruleNote(rule: string | undefined, options: RenderOptions): string {
  return options.ruleIds && rule ? ` \`${rule}\`` : '';
}

/** Escapes text for Markdown: characters that start emphasis, links, code, HTML or tables, and line-start markers. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/^([#+=-])(?=\s|$)/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
