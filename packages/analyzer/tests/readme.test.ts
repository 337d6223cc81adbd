import { expect, test } from 'vitest';
import { runReadmeExample } from '../../../tests/support/run-readme-example.js';

// The README's example runs as written, and what it prints is checked against the comments beside each line.
test('the README example runs and prints what its comments say', async () => {
  const { printed, comments } = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(comments).toHaveLength(2);
  expect(printed).toHaveLength(comments.length);
  expect(String(printed[0])).toBe(comments[0]);
  expect(String(printed[1])).toContain(comments[1]!.replace(/…$/, ''));
});
