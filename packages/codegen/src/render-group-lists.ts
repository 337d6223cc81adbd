import type { NoticeGroup, NoticeItem } from './build-notice.js';

/**
 * The lines of a group's lists in the line-based formats (Markdown, plain text): its items, then, when the group has
 * limits, a lead-in and the limits. `renderItem` gives the lines of one item; a blank line ends each list.
 */
export function renderGroupLists(group: NoticeGroup, renderItem: (item: NoticeItem) => string[]): string[] {
  const out = [...group.items.flatMap((item) => renderItem(item)), ''];
  if (group.limits) out.push('What they may not do:', '', ...group.limits.flatMap((item) => renderItem(item)), '');
  return out;
}
