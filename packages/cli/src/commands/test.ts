import { access, readFile } from 'node:fs/promises';
import { compile, type Decision } from '@pledge/engine';
import { formatDiagnostic } from '@pledge/policy-spec';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { displayPath, findPolicyFiles, loadPolicyFile } from '../files.js';
import { ExitCode, UsageError } from '../io.js';
import type { Command } from '../main.js';

/** One expectation of a policy test file. */
interface TestCase {
  note: string;
  flow: unknown;
  want: 'allow' | 'deny';
  wantRules: string[];
  at: string;
}

/** A failed expectation, or a problem with the test file itself. */
interface Failure {
  at: string;
  note: string;
  message: string;
}

/** `pledge test <policies…>`: runs each policy's `<name>.test.yaml`. */
export const testCommand: Command = {
  summary: "run each policy's tests (<name>.test.yaml beside <name>.yaml)",
  usage: `Usage: pledge test <policies or dirs…> [--format text|json]

For each policy <name>.yaml, runs the cases of <name>.test.yaml beside it:
  cases:
    - note: card data never goes to advertisers
      flow: { action: share, category: user.financial.credit_card, purpose: marketing.advertising,
              recipient: third_party.advertiser }
      want: deny                      # allow | deny
      want_rules: [default/deny]      # optional: each must be among the decision's reasons
Failures are printed as \`file:line:col: case "<note>": …\` on stderr.

Exit: 0 every case passes, 1 a case fails, a test file is malformed or no policy has tests, 2 usage error.
`,
  options: { format: { type: 'string', default: 'text' } },
  async run(values, positionals, io) {
    if (values['format'] !== 'text' && values['format'] !== 'json') throw new UsageError('--format must be text or json');
    if (positionals.length === 0) throw new UsageError('name at least one policy file or directory');
    const policies = await findPolicyFiles(positionals, io.cwd);
    const results: { policy: string; tests?: string; passed: number; failures: Failure[] }[] = [];
    for (const file of policies) {
      const testFile = file.replace(/\.ya?ml$/, '.test.yaml');
      const shown = displayPath(file, io.cwd);
      if (!(await access(testFile).then(() => true, () => false))) {
        results.push({ policy: shown, passed: 0, failures: [] });
        continue;
      }
      const shownTests = displayPath(testFile, io.cwd);
      const { policy, diagnostics } = await loadPolicyFile(file, io.cwd);
      if (!policy) {
        const errors = diagnostics.filter((d) => d.severity === 'error');
        results.push({
          policy: shown,
          tests: shownTests,
          passed: 0,
          failures: errors.map((d) => ({ at: `${d.file}:${d.line}:${d.column}`, note: '(policy)', message: formatDiagnostic(d) })),
        });
        continue;
      }
      const decider = compile(policy);
      const { cases, problems } = parseTestFile(await readFile(testFile, 'utf8'), shownTests);
      const failures = [...problems];
      let passed = 0;
      for (const c of cases) {
        const problem = checkCase(c, decider.decide(c.flow));
        if (problem) failures.push({ at: c.at, note: c.note, message: problem });
        else passed++;
      }
      failures.sort((a, b) => compareLocations(a.at, b.at));
      results.push({ policy: shown, tests: shownTests, passed, failures });
    }
    const tested = results.filter((r) => r.tests !== undefined);
    const failed = results.reduce((n, r) => n + r.failures.length, 0);
    const passed = results.reduce((n, r) => n + r.passed, 0);
    if (values['format'] === 'json') {
      io.stdout(`${JSON.stringify({ schemaVersion: 1, passed, failed, policies: results }, null, 2)}\n`);
    } else {
      for (const r of results) {
        for (const f of r.failures) io.stderr(`${f.at}: case "${f.note}": ${f.message}\n`);
        io.stdout(
          r.tests === undefined
            ? `- ${r.policy}: no test file (${r.policy.replace(/\.ya?ml$/, '.test.yaml')})\n`
            : `${r.failures.length ? '✗' : '✓'} ${r.tests}: ${r.passed} passed, ${r.failures.length} failed\n`,
        );
      }
      io.stdout(`${passed} passed, ${failed} failed\n`);
    }
    if (tested.length === 0) {
      io.stderr('pledge test: none of these policies has a test file\n');
      return ExitCode.Findings;
    }
    return failed > 0 ? ExitCode.Findings : ExitCode.Ok;
  },
};

// `file:line:col` strings of one file, in source order.
function compareLocations(a: string, b: string): number {
  const [, la = 0, ca = 0] = a.split(':').slice(-3).map(Number);
  const [, lb = 0, cb = 0] = b.split(':').slice(-3).map(Number);
  return la - lb || ca - cb;
}

function checkCase(c: TestCase, decision: Decision): string | undefined {
  const got = decision.reasons.map((r) => r.rule);
  const describe = () =>
    decision.reasons.map((r) => `${r.rule}${r.category ? ` [${r.category}]` : ''}${r.missing?.length ? ` (missing ${r.missing.join(', ')})` : ''}`).join(', ');
  if (decision.decision !== c.want) return `want ${c.want}, got ${decision.decision} by ${describe()}`;
  const absent = c.wantRules.filter((rule) => !got.includes(rule));
  if (absent.length) return `want rule(s) ${absent.join(', ')} among the reasons, got ${describe()}`;
  return undefined;
}

/** Parses a test file, positioning each case and each malformed entry. */
function parseTestFile(text: string, file: string): { cases: TestCase[]; problems: Failure[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const where = (offset: number | undefined) => {
    const { line, col } = lines.linePos(offset ?? 0);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length) {
    return { cases: [], problems: doc.errors.map((e) => ({ at: where(e.pos[0]), note: '(file)', message: e.message.split('\n')[0] ?? e.message })) };
  }
  const casesNode = isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  if (!isSeq(casesNode)) {
    return { cases: [], problems: [{ at: where(doc.contents?.range?.[0]), note: '(file)', message: 'a test file needs a `cases:` list' }] };
  }
  const cases: TestCase[] = [];
  const problems: Failure[] = [];
  casesNode.items.forEach((node, i) => {
    const at = where(isMap(node) ? node.range?.[0] : undefined);
    const value = (isMap(node) ? node.toJS(doc) : undefined) as Record<string, unknown> | undefined;
    const note = typeof value?.['note'] === 'string' ? value['note'] : `case ${i + 1}`;
    const want = value?.['want'];
    const wantRules = value?.['want_rules'] ?? [];
    const unknown = Object.keys(value ?? {}).filter((k) => !['note', 'flow', 'want', 'want_rules'].includes(k));
    if (!value || !('flow' in value) || (want !== 'allow' && want !== 'deny') || !Array.isArray(wantRules) || unknown.length) {
      const detail = unknown.length ? `unknown key \`${unknown[0]}\`` : 'needs `flow:`, `want: allow|deny` and optionally `want_rules: [...]`';
      problems.push({ at, note, message: `malformed case: ${detail}` });
      return;
    }
    cases.push({ note, flow: value['flow'], want, wantRules: wantRules.map(String), at });
  });
  return { cases, problems };
}
