import { expect, test } from 'vitest';
import { runReadmeExample } from '../../../tests/support/run-readme-example.js';

test('the README example runs and does what it says', async () => {
  const { exports } = await runReadmeExample(new URL('../README.md', import.meta.url));
  const example = exports.example as {
    markdown: string;
    readability: { fleschReadingEase: number };
    guardModule: string;
    explanation: string;
  };
  expect(example.markdown).toMatch(/^# Accounting DEF privacy policy\n/);
  expect(example.readability.fleschReadingEase).toBeGreaterThan(30);
  expect(example.guardModule).toContain('export function decide(flow: Flow): Decision');
  expect(example.explanation).toMatch(/^Denied: using your email address for marketing by email\./);
});
