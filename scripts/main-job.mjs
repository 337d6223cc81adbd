// The main job (`pnpm start`): the whole tool on the bundled policies and example, one step after another.
// Each step shows its command; a step fails the job only on an exit code it should never give.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));

const steps = [
  { title: 'Validate every policy', args: ['validate', 'policies/'], ok: [0] },
  { title: 'Run every policy\'s tests', args: ['test', 'policies/'], ok: [0] },
  {
    title: 'Decide sample flows against accounting-def (exit 1: some are denied, as they should be)',
    args: ['check', '--policy', 'policies/accounting-def.yaml', 'examples/flows/accounting-def.jsonl'],
    ok: [0, 1],
  },
  {
    title: 'Explain one decision in plain English',
    args: ['check', '--explain', '--policy', 'policies/accounting-def.yaml', 'examples/flows/card-to-advertiser.json'],
    ok: [1],
  },
  { title: 'Render accounting-def as text', args: ['render', 'policies/accounting-def.yaml', '--format', 'text'], ok: [0] },
  {
    title: 'Lint the example service (exit 1: it contains deliberate violations, each marked expect-pledge)',
    args: ['lint', 'examples/support-desk'],
    ok: [1],
  },
];

let failed = 0;
for (const step of steps) {
  process.stdout.write(`\n\x1b[1m== ${step.title}\x1b[0m\n$ pledge ${step.args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [bin, ...step.args], { cwd: root, stdio: 'inherit' });
  if (!step.ok.includes(result.status ?? -1)) {
    failed++;
    process.stdout.write(`\x1b[31m✗ exit ${result.status}, expected ${step.ok.join(' or ')}\x1b[0m\n`);
  }
}
process.stdout.write(`\n${failed === 0 ? 'main job: every step as expected' : `main job: ${failed} step(s) failed`}\n`);
process.exitCode = failed === 0 ? 0 : 1;
