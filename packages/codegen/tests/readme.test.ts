import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './fixtures/policies.js';

test('the README example runs and does what it says', async () => {
  const readme = readFileSync(join(ROOT, 'packages/codegen/README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const dir = join(ROOT, 'packages/codegen/tests/__generated__');
  mkdirSync(dir, { recursive: true });
  // A package cannot import itself by name from inside; the example's import points at the same sources.
  // The example reads `policies/…` as a user in the repository root would; the test may run from the package.
  const runnable = code
    .replace("from '@pledge/codegen'", "from '../../src/index.js'")
    .replace(/'policies\//g, `'${join(ROOT, 'policies')}/`);
  writeFileSync(join(dir, 'readme-example.ts'), runnable);
  const { example } = (await import(join(dir, 'readme-example.ts'))) as {
    example: { markdown: string; readability: { fleschReadingEase: number }; guardModule: string; explanation: string };
  };
  expect(example.markdown).toMatch(/^# Accounting DEF privacy policy\n/);
  expect(example.readability.fleschReadingEase).toBeGreaterThan(30);
  expect(example.guardModule).toContain('export function decide(flow: Flow): Decision');
  expect(example.explanation).toMatch(/^Denied: using your email address for marketing by email\./);
});
