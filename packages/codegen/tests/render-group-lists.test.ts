import { describe, expect, test } from 'vitest';
import type { NoticeItem } from '../src/build-notice.js';
import { renderGroupLists } from '../src/render-group-lists.js';

const item = (text: string): NoticeItem => ({ text, rule: `use/${text}`, at: 'policies/x.yaml:1:1' });
const bullet = (i: NoticeItem) => [`- ${i.text}`, `  (${i.rule})`];

describe('renderGroupLists', () => {
  test('lists the items in order, each with all its lines, and ends the list with a blank line', () => {
    expect(renderGroupLists({ items: [item('a'), item('b')] }, bullet)).toEqual(['- a', '  (use/a)', '- b', '  (use/b)', '']);
  });

  test('follows the items with what the recipients may not do, when the group has limits', () => {
    expect(renderGroupLists({ items: [item('a')], limits: [item('no-sale')] }, bullet)).toEqual([
      '- a',
      '  (use/a)',
      '',
      'What they may not do:',
      '',
      '- no-sale',
      '  (use/no-sale)',
      '',
    ]);
  });
});
