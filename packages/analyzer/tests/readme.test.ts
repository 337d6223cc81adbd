import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as policySpec from '@pledge/policy-spec';
import { expect, test } from 'vitest';
import * as analyzer from '../src/index.js';

// The README's example runs as written: its imports become the modules, its paths start at the repository root, and
// what it prints is checked against the comments beside each line.
test('the README example runs and prints what its comments say', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const body = example!
    .replace(/^import \{ ([^}]+) \} from 'node:fs';$/m, 'const { $1 } = fs;')
    .replace(/^import \{ ([^}]+) \} from '@pledge\/policy-spec';$/m, 'const { $1 } = policySpec;')
    .replace(/^import \{ ([^}]+) \} from '@pledge\/analyzer';$/m, 'const { $1 } = analyzer;')
    .replace(/'(examples|policies)\//g, `'${root}$1/`)
    .replace("cwd: '.'", `cwd: '${root}'`)
    .replace(/(config|policy)!/g, '$1');
  const printed: unknown[] = [];
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  await new AsyncFunction('fs', 'policySpec', 'analyzer', 'console', body)({ readFileSync }, policySpec, analyzer, { log: (v: unknown) => printed.push(v) });
  const comments = [...example!.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]!);
  expect(printed).toHaveLength(2);
  expect(String(printed[0])).toBe(comments[0]);
  expect(String(printed[1])).toContain(comments[1]!.replace(/…$/, ''));
});
