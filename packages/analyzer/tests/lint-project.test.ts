import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadPolicy, type LoadedPolicy } from '@pledge/policy-spec';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { formatSarif } from '../src/format-sarif.js';
import { lintProject } from '../src/lint-project.js';
import { loadLintConfig, type LintConfig } from '../src/load-lint-config.js';
import { sarifValidator } from './fixtures/sarif-validator.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const exampleDir = join(repoRoot, 'examples', 'support-desk');

function loadExample(): { config: LintConfig; policy: LoadedPolicy; configPath: string } {
  const configPath = join(exampleDir, 'pledge.config.yaml');
  const { config, diagnostics } = loadLintConfig(readFileSync(configPath, 'utf8'), 'pledge.config.yaml');
  expect(diagnostics).toEqual([]);
  const policyPath = join(exampleDir, config!.policy);
  const loaded = loadPolicy(readFileSync(policyPath, 'utf8'), relative(repoRoot, policyPath));
  expect(loaded.policy, JSON.stringify(loaded.diagnostics)).toBeDefined();
  return { config: config!, policy: loaded.policy!, configPath };
}

/** Every `// expect-pledge: CODE` marker: at the end of the line it marks, or alone on the line before it. */
function expectedMarkers(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            const match = /\/\/\s*expect-pledge:\s*(PLL\d{3})/.exec(line);
            if (!match) return;
            const alone = line.trim().startsWith('//');
            out.push(`${relative(repoRoot, path)}:${alone ? i + 2 : i + 1}: ${match[1]}`);
          });
      }
    }
  };
  walk(join(exampleDir, 'src'));
  return out.sort();
}

describe('lintProject on examples/support-desk', () => {
  it('reports exactly the findings the example marks with `// expect-pledge:`', async () => {
    const { config, policy, configPath } = loadExample();
    const result = await lintProject({ config, configPath, policy, cwd: repoRoot });
    const found = result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.code}`).sort();
    const markers = expectedMarkers();
    expect(markers.length).toBeGreaterThanOrEqual(10);
    expect(new Set(markers.map((m) => m.split(': ')[1])).size).toBe(5);
    expect(found).toEqual(markers);
    expect(result.files).toBeGreaterThan(40);
    expect(result.lines).toBeGreaterThan(2500);
    expect(result.lineText('examples/support-desk/src/services/marketing-service.ts', 23)).toContain('uploadAudience');
    // Only data inferred from a name is downgraded: the one inferred finding is a warning.
    const inferred = result.diagnostics.filter((d) => d.flows?.every((f) => f.confidence === 'inferred'));
    expect(inferred.map((d) => [d.code, d.severity])).toEqual([['PLL001', 'warning']]);
    // The SARIF log of a real run satisfies the official schema.
    const sarif = formatSarif(result.diagnostics, { root: repoRoot, version: '0.1.0', policy: result.policy, lineText: result.lineText });
    expect(sarifValidator()(sarif)).toEqual([]);
  });

  it('type-checks with its own tsconfig.json', () => {
    const project = new Project({ tsConfigFilePath: join(exampleDir, 'tsconfig.json') });
    const problems = project.getPreEmitDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.getMessageText().valueOf() as string | ts.DiagnosticMessageChain, '\n'));
    expect(problems).toEqual([]);
  });
});

describe('lintProject configuration findings', () => {
  it('reports a sink that matches no call (PLL104), files outside `only`, and an empty include (PLL106)', async () => {
    const { config, policy, configPath } = loadExample();
    const extended: LintConfig = { ...config, sinks: [...config.sinks, { call: 'Mailer.sned', module: './src/vendors/mailer', action: 'use' }] };
    const only = [join(exampleDir, 'src', 'services', 'lead-service.ts')];
    const result = await lintProject({ config: extended, configPath, policy, cwd: repoRoot, only });
    expect(result.diagnostics.map((d) => `${d.file}:${d.code}`)).toEqual([
      'examples/support-desk/src/services/lead-service.ts:PLL001',
      'examples/support-desk/src/services/lead-service.ts:PLL001',
      'pledge.config.yaml:PLL104',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'PLL104')!.message).toContain('`Mailer.sned`');

    const empty = await lintProject({ config: { ...config, include: ['nothing/**/*.ts'] }, configPath, policy, cwd: repoRoot });
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['PLL106']);
    expect(empty.files).toBe(0);
  });

  it('runs on an in-memory file system with a decider given by the caller', async () => {
    const { policy } = loadExample();
    const project = new Project({ useInMemoryFileSystem: true });
    const fs = project.getFileSystem();
    fs.writeFileSync('/svc/src/track.ts', 'export function track(data: object): void { void data; }\n');
    fs.writeFileSync(
      '/svc/src/app.ts',
      "import { track } from './track.js';\ninterface Visitor {\n  /** @pledge user.device.ip_address */\n  ip: string;\n}\nexport function f(v: Visitor) {\n  track({ ip: v.ip });\n}\n",
    );
    const { config } = loadLintConfig('policy: p.yaml\nsinks:\n  - { call: track, action: share, recipient: processor.analytics, purpose: analytics }\n', 'pledge.config.yaml');
    const asked: unknown[] = [];
    const result = await lintProject({
      config: config!,
      configPath: '/svc/pledge.config.yaml',
      policy,
      fileSystem: fs,
      decider: { decide: (flow) => (asked.push(flow), { decision: 'allow', reasons: [{ rule: 'share/test', effect: 'allow' }] }) },
    });
    expect(result.diagnostics).toEqual([]);
    expect(asked).toEqual([{ action: 'share', category: 'user.device.ip_address', purpose: 'analytics', recipient: 'processor.analytics' }]);
    expect(result).toMatchObject({ files: 2, sinkCalls: 1, flows: 1 });
  });
});
