import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import * as engine from '../src/index.js';

// The README's example runs as written: its `import` becomes the engine module, its policy path is taken from the
// repository root, and what it prints is checked against the comments beside each line.
test('the README example runs and prints what its comments say', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const body = example!
    .replace(/^import \{ ([^}]+) \} from '@pledge\/engine';$/m, 'const { $1 } = engine;')
    .replace(/'policies\//g, `'${root}policies/`);
  const printed: unknown[] = [];
  const fakeConsole = { log: (value: unknown) => printed.push(value) };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction('engine', 'console', body)(engine, fakeConsole);

  const comments = [...example!.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
  expect(printed).toHaveLength(comments.length);
  expect(printed[0]).toBe(comments[0]);
  expect(printed[1]).toStrictEqual(JSON.parse(comments[1]!.replace(/'/g, '"')));
  expect(printed[2]).toBe(comments[2]);
});
