import { expect, test } from 'vitest';
import { runReadmeExample } from '../../../tests/support/run-readme-example.js';

// The README's example runs as written, and what it prints is checked against the comments beside each line.
test('the README example runs and prints what its comments say', async () => {
  const { printed, comments } = await runReadmeExample(new URL('../README.md', import.meta.url));
  expect(comments).toHaveLength(3);
  expect(printed).toHaveLength(comments.length);
  expect(printed[0]).toBe(comments[0]);
  expect(printed[1]).toStrictEqual(JSON.parse(comments[1]!.replace(/'/g, '"')));
  expect(printed[2]).toBe(comments[2]);
});
