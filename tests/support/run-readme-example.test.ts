import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { runReadmeExample } from './run-readme-example.js';

const dir = mkdtempSync(join(tmpdir(), 'pledge-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A README whose example logs, reports a problem on `console.error`, and exports a value. */
function writeReadme(): URL {
  const file = join(dir, 'README.md');
  writeFileSync(
    file,
    [
      '# Example',
      '',
      '```ts',
      "console.error('example.yaml:1:1: warning PLG004: …');",
      'console.log(1 + 1); // 2',
      "export const answer = 'yes';",
      '```',
      '',
    ].join('\n'),
  );
  return pathToFileURL(file);
}

describe('runReadmeExample', () => {
  test('records console.log, the comments, the exports and, when asked, console.error', async () => {
    const example = await runReadmeExample(writeReadme(), { recordErrors: true });
    expect(example.printed).toEqual([2]);
    expect(example.comments).toEqual(['2']);
    expect(example.errors).toEqual(['example.yaml:1:1: warning PLG004: …']);
    expect(example.exports).toEqual({ answer: 'yes' });
    expect(example.code).toContain("export const answer = 'yes';");
  });

  test('lets console.error through to the console unless asked, so that the test fails', async () => {
    // Taken over here from the fail-on-console setup, to see what reached the console.
    const reached: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((value: unknown) => void reached.push(value));
    const example = await runReadmeExample(writeReadme());
    expect(example.errors).toEqual([]);
    expect(reached).toEqual(['example.yaml:1:1: warning PLG004: …']);
    expect(example.printed).toEqual([2]);
  });
});
