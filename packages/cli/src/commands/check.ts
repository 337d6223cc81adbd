import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { explainDecision } from '@pledge/codegen';
import type { Decision } from '@pledge/engine';
import { ExitCode, UsageError } from '../io.js';
import { loadCommandPolicy } from '../load-decider.js';
import type { Command } from '../main.js';
import { readFlows } from '../read-flows.js';

/** `pledge check --policy P [FILE|-]`: one decision JSON per input flow. */
export const checkCommand: Command = {
  summary: 'decide flows (JSON or JSON Lines) against a policy',
  usage: `Usage: pledge check --policy P [FILE|-] [--explain] [--format json|text]

Reads one flow JSON object, a JSON array of flows, or JSON Lines (one flow per line) from FILE, or from stdin when
FILE is \`-\` or absent, and prints one decision JSON per line on stdout, in input order.
A flow names what is done with which data, why and for whom (packages/engine/README.md, "The flow"), e.g.
  {"action":"share","category":"user.financial.credit_card","purpose":"essential.service.payment_processing",
   "recipient":"processor.payment","source":"user_provided"}
A malformed flow is denied with an \`error/…\` reason; it is never skipped.

Options:
  --policy P     the policy file (required)
  --explain      print each decision as an English paragraph instead of JSON
  --format json  (default) one decision JSON per line; \`text\` is the same as --explain

Exit: 0 every flow allowed, 1 some flow denied, 2 usage error, unreadable input or invalid policy.
`,
  options: {
    policy: { type: 'string', short: 'p' },
    explain: { type: 'boolean', default: false },
    format: { type: 'string', default: 'json' },
  },
  async run(values, positionals, io) {
    if (values['format'] !== 'json' && values['format'] !== 'text') throw new UsageError('--format must be json or text');
    if (positionals.length > 1) throw new UsageError('give at most one input file (or `-` for stdin)');
    const { policy, decider } = await loadCommandPolicy(values['policy'], io);
    const input = positionals[0];
    let text: string;
    try {
      text = input === undefined || input === '-' ? await io.readStdin() : await readFile(resolve(io.cwd, input), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${input ?? 'stdin'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, false);
    }
    const items = readFlows(text);
    if (items.length === 0) throw new UsageError(`no flows in ${input ?? 'stdin'}`);
    const explain = values['explain'] === true || values['format'] === 'text';
    let denied = false;
    for (const item of items) {
      const decision: Decision =
        'flow' in item
          ? decider.decide(item.flow)
          : {
              decision: 'deny',
              reasons: [{ rule: 'error/invalid-json', effect: 'deny', message: `line ${item.line}: ${item.error}` }],
              obligations: [],
              policy: decider.policy,
            };
      denied ||= decision.decision === 'deny';
      io.stdout(explain ? `${explainDecision(policy, 'flow' in item ? item.flow : undefined, decision).trimEnd()}\n` : `${JSON.stringify(decision)}\n`);
    }
    return denied ? ExitCode.Findings : ExitCode.Ok;
  },
};
