import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RENDER_FORMATS, renderPolicy, summarizePolicy, type RenderFormat } from '@pledge/codegen';
import { formatDiagnostic, type LoadedPolicy } from '@pledge/policy-spec';
import { displayPath, findPolicyFiles, loadPolicyFile } from '../files.js';
import { ExitCode, UsageError, type Io } from '../io.js';
import type { Command } from '../main.js';

const EXTENSIONS: Record<RenderFormat, string> = { md: 'md', html: 'html', text: 'txt' };

/** `pledge render <policy…> --format md|html|text|json`: the policy as a privacy notice people read. */
export const renderCommand: Command = {
  summary: 'render a policy as a plain-language privacy notice (Markdown, HTML or text)',
  usage: `Usage: pledge render <policy…> [--format md|html|text|json] [--out DIR] [--rule-ids]

Renders a policy the way a privacy notice reads: who we are, what we collect, how we use it, who we share it
with, what we never do, how long we keep it, children, your rights, security and changes, built from each rule's
\`says:\` sentence and the taxonomy's labels and descriptions. Every rule appears.

  md    Markdown, fit for a pull-request comment (default)
  html  one self-contained, accessible HTML page that also prints well
  text  plain text wrapped at 78 columns
  json  a summary per policy: sections, rule coverage and readability (Flesch reading ease)

Options:
  --format F     md, html, text or json
  --out DIR      write DIR/<policy-id>.md|.html|.txt instead of printing (needed for several policies)
  --rule-ids     follow each statement with its rule reference (\`use/newsletter\`), for reviewers

Exit: 0 rendered, 2 usage error, unreadable or invalid policy.
`,
  options: { format: { type: 'string', default: 'md' }, out: { type: 'string' }, 'rule-ids': { type: 'boolean', default: false } },
  async run(values, positionals, io) {
    const format = values['format'];
    if (format !== 'json' && !(RENDER_FORMATS as readonly unknown[]).includes(format)) {
      throw new UsageError(`--format must be md, html, text or json, not \`${String(format)}\``);
    }
    if (positionals.length === 0) throw new UsageError('name the policy to render');
    const policies = await loadPolicies(positionals, io);
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ schemaVersion: 1, policies: policies.map(summarizePolicy) }, null, 2)}\n`);
      return ExitCode.Ok;
    }
    const options = { ruleIds: values['rule-ids'] === true };
    const out = values['out'];
    if (typeof out !== 'string') {
      if (policies.length > 1) throw new UsageError(`${policies.length} policies given: use --out DIR to write one file each`);
      io.stdout(renderPolicy(policies[0]!, format as RenderFormat, options));
      return ExitCode.Ok;
    }
    const dir = resolve(io.cwd, out);
    await mkdir(dir, { recursive: true });
    for (const policy of policies) {
      const file = join(dir, `${policy.document.policy.id}.${EXTENSIONS[format as RenderFormat]}`);
      await writeFile(file, renderPolicy(policy, format as RenderFormat, options));
      io.stderr(`wrote ${displayPath(file, io.cwd)}\n`);
    }
    return ExitCode.Ok;
  },
};

/**
 * Loads the policies that files and directories name. Any policy that does not load is a usage error carrying
 * its diagnostics, so nothing is rendered from a broken policy. Shared by `render` and `gen`.
 */
export async function loadPolicies(paths: readonly string[], io: Io): Promise<LoadedPolicy[]> {
  const files = await findPolicyFiles(paths, io.cwd);
  if (files.length === 0) throw new UsageError(`no policy files (*.yaml) found in ${paths.join(', ')}`, false);
  const policies: LoadedPolicy[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const { policy, diagnostics } = await loadPolicyFile(file, io.cwd);
    if (policy) policies.push(policy);
    else problems.push(...diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic));
  }
  if (problems.length > 0) throw new UsageError(`the policy is not valid:\n${problems.join('\n')}`, false);
  return policies;
}
