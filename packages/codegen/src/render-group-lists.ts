import type { NoticeGroup, NoticeItem } from './build-notice.js';

/** The lead-in of a group's limits (what its recipients may not do), in every format. */
export const LIMITS_LEAD_IN = 'What they may not do:';

/**
 * The lines of a group's lists in the line-based formats (Markdown, plain text): its items, then, when the group has
 * limits, a lead-in and the limits. `renderItem` gives the lines of one item; a blank line ends each list.
 */
export function renderGroupLists(group: NoticeGroup, renderItem: (item: NoticeItem) => string[]): string[] {
  const out = [...group.items.flatMap((item) => renderItem(item)), ''];
  if (group.limits) out.push(LIMITS_LEAD_IN, '', ...group.limits.flatMap((item) => renderItem(item)), '');
  return out;
}
