import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateGuards, guardFileName } from '@pledge/codegen';
import { displayPath } from '../files.js';
import { ExitCode, UsageError } from '../io.js';
import type { Command } from '../main.js';
import { loadPolicies } from './render.js';

/** `pledge gen <policy…> --out DIR`: the typed guard module of each policy. */
export const genCommand: Command = {
  summary: 'generate typed guards: a TypeScript module per policy that rejects forbidden flows at compile time',
  usage: `Usage: pledge gen <policy…> --out DIR [--check] [--format text|json]

Writes DIR/<policy-id>.guard.ts for each policy: literal union types of its terms, a \`Flow\` type that admits only
the (action, category, purpose, recipient) combinations some rule could ever allow, \`decide\` (the engine's
decision, precomputed), \`assertAllowed\` and \`PolicyViolation\`. The module imports nothing: commit it or
vendor it into a service.

Options:
  --out DIR          where the modules go (required)
  --check            write nothing; exit 1 if a module is missing or differs from what the policy generates
  --format text|json json prints { schemaVersion, files: [{ policy, file, status }] }

Exit: 0 written (or up to date with --check), 1 stale or missing with --check, 2 usage error or invalid policy.
`,
  options: { out: { type: 'string' }, check: { type: 'boolean', default: false }, format: { type: 'string', default: 'text' } },
  async run(values, positionals, io) {
    const format = values['format'];
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not \`${String(format)}\``);
    if (typeof values['out'] !== 'string' || values['out'] === '') throw new UsageError('name the output directory with --out DIR');
    if (positionals.length === 0) throw new UsageError('name the policy to generate guards for');
    const policies = await loadPolicies(positionals, io);
    const dir = resolve(io.cwd, values['out']);
    const check = values['check'] === true;
    if (!check) await mkdir(dir, { recursive: true });
    const files: { policy: string; file: string; status: 'written' | 'unchanged' | 'stale' | 'missing' }[] = [];
    for (const policy of policies) {
      const file = join(dir, guardFileName(policy));
      const text = generateGuards(policy);
      const existing = await readFile(file, 'utf8').catch(() => undefined);
      let status: (typeof files)[number]['status'];
      if (existing === text) status = 'unchanged';
      else if (check) status = existing === undefined ? 'missing' : 'stale';
      else {
        await writeFile(file, text);
        status = 'written';
      }
      files.push({ policy: policy.document.policy.id, file: displayPath(file, io.cwd), status });
    }
    const failed = files.filter((f) => f.status === 'stale' || f.status === 'missing');
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ schemaVersion: 1, files }, null, 2)}\n`);
    } else {
      for (const f of files) {
        const line = `${f.file}: ${f.status === 'stale' ? 'out of date, run `pledge gen` again' : f.status}\n`;
        if (f.status === 'stale' || f.status === 'missing') io.stderr(line);
        else io.stdout(line);
      }
    }
    return failed.length > 0 ? ExitCode.Findings : ExitCode.Ok;
  },
};
