// Shared by the generate-* scripts: the command-line half of a generator.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';

/**
 * Writes `text` to `outPath` when the file differs (an unchanged file keeps its timestamp, so tsc and turbo see no
 * change). With `--check` in `argv`, writes nothing and exits 1 when the checked-in file is stale (used by CI).
 */
export async function writeGenerated(outPath, text, argv = process.argv) {
  const current = await readFile(outPath, 'utf8').catch(() => '');
  if (argv.includes('--check')) {
    if (current !== text) {
      console.error(`${relative(process.cwd(), outPath)} is stale: run \`pnpm --filter @pledge/policy-spec build\``);
      process.exitCode = 1;
    }
    return;
  }
  if (current === text) return;
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, text);
}
