import { formatDiagnostic, hasErrors, type Diagnostic } from '@pledge/policy-spec';
import { displayPath, findPolicyFiles, loadPolicyFile } from '../files.js';
import { ExitCode, UsageError } from '../io.js';
import type { Command } from '../main.js';

/** `pledge validate <files/dirs…>`: schema and semantic checks, compiler-style diagnostics. */
export const validateCommand: Command = {
  summary: 'check policies: schema, taxonomy terms and semantic rules',
  usage: `Usage: pledge validate <files/dirs…> [--format text|json] [--strict]

Checks each policy (a directory yields its *.yaml files, not *.test.yaml) against the schema, the taxonomy and
the semantic rules, printing \`file:line:col: error|warning PLGnnn: message\` to stderr and a summary to stdout.
Codes are explained in docs/diagnostics.md.

Options:
  --format text|json  json prints one document: { schemaVersion, files: [{ file, policy, diagnostics }] }
  --strict            warnings count as findings too (exit 1)

Exit: 0 no errors, 1 errors (or warnings with --strict), 2 usage or unreadable input.
`,
  options: { format: { type: 'string', default: 'text' }, strict: { type: 'boolean', default: false } },
  async run(values, positionals, io) {
    const format = values['format'];
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not \`${String(format)}\``);
    if (positionals.length === 0) throw new UsageError('name at least one policy file or directory');
    const files = await findPolicyFiles(positionals, io.cwd);
    if (files.length === 0) throw new UsageError(`no policy files (*.yaml) found in ${positionals.join(', ')}`);
    const results: { file: string; policy?: string; diagnostics: Diagnostic[] }[] = [];
    let unreadable = false;
    for (const file of files) {
      const { policy, diagnostics } = await loadPolicyFile(file, io.cwd);
      unreadable ||= diagnostics.some((d) => d.code === 'PLG012');
      const entry: (typeof results)[number] = { file: displayPath(file, io.cwd), diagnostics };
      if (policy) entry.policy = policy.document.policy.id;
      results.push(entry);
    }
    const all = results.flatMap((r) => r.diagnostics);
    const errors = all.filter((d) => d.severity === 'error').length;
    const warnings = all.length - errors;
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ schemaVersion: 1, errors, warnings, files: results }, null, 2)}\n`);
    } else {
      for (const d of all) io.stderr(`${formatDiagnostic(d)}\n`);
      for (const r of results) {
        const e = r.diagnostics.filter((d) => d.severity === 'error').length;
        const w = r.diagnostics.length - e;
        const mark = e || (w && values['strict'] === true) ? '✗' : '✓';
        io.stdout(`${mark} ${r.file}${r.policy ? ` (${r.policy})` : ''}: ${plural(e, 'error')}, ${plural(w, 'warning')}\n`);
      }
      io.stdout(`${plural(results.length, 'policy', 'policies')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
    }
    if (unreadable && results.every((r) => r.diagnostics.some((d) => d.code === 'PLG012'))) return ExitCode.Usage;
    return hasErrors(all) || (values['strict'] === true && warnings > 0) ? ExitCode.Findings : ExitCode.Ok;
  },
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
