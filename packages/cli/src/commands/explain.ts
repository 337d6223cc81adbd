import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { explainDecision } from '@pledge/codegen';
import { ExitCode, UsageError } from '../io.js';
import { loadCommandPolicy } from '../load-decider.js';
import type { Command } from '../main.js';
import { readFlows } from '../read-flows.js';

/** `pledge explain --policy P FLOW`: one decision, explained in plain English. */
export const explainCommand: Command = {
  summary: 'explain in plain English how a policy decides a flow',
  usage: `Usage: pledge explain --policy P [FLOW|FILE|-] [--format text|json]

Decides each flow and explains the decision in plain English, with the words of the rendered policy: what the
flow does, the verdict, every rule behind it (where it is written and what it says) and what an allow obliges
you to do. FLOW is a flow JSON object given inline ('{"category": …}'), a file of flows (JSON or JSON Lines), or
\`-\` (the default) for stdin.

Options:
  --policy P          the policy file (required)
  --format text|json  json prints one document: { schemaVersion, explanations: [{ decision, explanation }] }

Exit: 0 every flow allowed, 1 some flow denied, 2 usage error, unreadable input or invalid policy.
`,
  options: { policy: { type: 'string', short: 'p' }, format: { type: 'string', default: 'text' } },
  async run(values, positionals, io) {
    const format = values['format'];
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not \`${String(format)}\``);
    if (positionals.length > 1) throw new UsageError('give one flow, one file or `-` (put several flows in a file, one per line)');
    const { policy, decider } = await loadCommandPolicy(values['policy'], io);
    const input = positionals[0];
    let text: string;
    if (input !== undefined && /^\s*[{[]/.test(input)) text = input;
    else {
      try {
        text = input === undefined || input === '-' ? await io.readStdin() : await readFile(resolve(io.cwd, input), 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${input ?? 'stdin'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, false);
      }
    }
    const items = readFlows(text);
    if (items.length === 0) throw new UsageError(`no flows in ${input ?? 'stdin'}`, false);
    const bad = items.find((item) => 'error' in item);
    if (bad && 'error' in bad) throw new UsageError(`line ${bad.line} is not JSON: ${bad.error}`, false);
    const explanations = items.map((item) => {
      const flow = 'flow' in item ? item.flow : undefined;
      const decision = decider.decide(flow);
      return { decision, explanation: explainDecision(policy, flow, decision) };
    });
    if (format === 'json') io.stdout(`${JSON.stringify({ schemaVersion: 1, explanations }, null, 2)}\n`);
    else io.stdout(explanations.map((e) => e.explanation).join('\n'));
    return explanations.some((e) => e.decision.decision === 'deny') ? ExitCode.Findings : ExitCode.Ok;
  },
};
