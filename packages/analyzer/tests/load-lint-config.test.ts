import { loadPolicy } from '@pledge/policy-spec';
import { describe, expect, it } from 'vitest';
import { checkConfigTerms, loadLintConfig } from '../src/load-lint-config.js';

const VALID = `policy: ../policies/shop.yaml
sinks:
  - call: analytics.track
    module: ./src/vendors/analytics
    action: share
    recipient: processor.analytics
    purpose: analytics
data:
  User.email: user.contact.email
  Visit: { category: user.device.ip_address, source: automatic }
`;

describe('loadLintConfig', () => {
  it('loads a valid config and fills in the defaults', () => {
    const { config, diagnostics } = loadLintConfig(VALID, 'pledge.config.yaml');
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({
      policy: '../policies/shop.yaml',
      include: ['src/**/*.ts'],
      exclude: [],
      infer: true,
      checks: [],
      data: { 'User.email': { category: 'user.contact.email' }, Visit: { category: 'user.device.ip_address', source: 'automatic' } },
    });
    expect(config!.sinks[0]).toEqual({
      call: 'analytics.track',
      module: './src/vendors/analytics',
      action: 'share',
      recipient: 'processor.analytics',
      purpose: 'analytics',
    });
    expect(config!.locate(['sinks', 0, 'purpose'])).toEqual({ file: 'pledge.config.yaml', line: 7, column: 14 });
  });

  it('reports YAML syntax errors with their position (PLL101)', () => {
    const { config, diagnostics } = loadLintConfig('policy: a.yaml\nsinks: [\n', 'c.yaml');
    expect(config).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: 'PLL101', severity: 'error', file: 'c.yaml' });
  });

  it('reports schema problems at the offending key or value, with a suggestion (PLL102)', () => {
    const text = `policy: p.yaml
sinks:
  - call: analytics.track
    recipeint: processor.analytics
  - call: 12
    action: send
`;
    const { config, diagnostics } = loadLintConfig(text, 'c.yaml');
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.help])).toEqual([
      ['PLL102', 4, 5, 'unknown key `recipeint` in `sinks.0`', 'did you mean `recipient`?'],
      ['PLL102', 5, 11, '`sinks.1.call` must be string', undefined],
      ['PLL102', 6, 13, '`sinks.1.action` must be one of `collect`, `use`, `share`, `retain`', undefined],
    ]);
    expect(loadLintConfig('sinks: []\n', 'c.yaml').diagnostics).toMatchObject([{ code: 'PLL102', message: 'the configuration is missing `policy`' }]);
    expect(loadLintConfig('- a\n', 'c.yaml').diagnostics).toMatchObject([{ code: 'PLL102', line: 1, column: 1 }]);
  });

  it('places schema problems under keys with `/` or `~`, and in aliased values where they are written', () => {
    const text = `policy: p.yaml
sinks:
  - &tracker { call: analytics.track, action: sell }
  - *tracker
data:
  "a/b~c": 7
`;
    const found = loadLintConfig(text, 'c.yaml').diagnostics.map((d) => [d.line, d.column, d.message]);
    expect(found).toContainEqual([3, 47, '`sinks.0.action` must be one of `collect`, `use`, `share`, `retain`']);
    // The alias repeats the anchored mapping: the value to fix is written once, at the anchor.
    expect(found).toContainEqual([3, 47, '`sinks.1.action` must be one of `collect`, `use`, `share`, `retain`']);
    expect(found).toContainEqual([6, 12, '`data.a/b~c` must be string']);
  });
});

describe('checkConfigTerms', () => {
  it('reports unknown terms at their position with a did-you-mean (PLL103)', () => {
    const policy = loadPolicy(
      `pledge: 1
policy: { id: p, title: P, organization: P, version: 2024-01-01 }
collect:
  - { id: c, categories: [user.contact.email], sources: [user_provided], says: We collect emails. }
use:
  - { id: u, categories: [user.contact.email], purposes: [essential.service.support], says: We use them. }
retain:
  - { id: r, categories: [user.contact.email], at_most: P1Y, says: For a year. }
children: { under: 13, says: Not for children. }
`,
      'p.yaml',
    ).policy!;
    expect(policy).toBeDefined();
    const { config } = loadLintConfig(
      `policy: p.yaml
sinks:
  - { call: a.b, recipient: processor.analytic, purpose: analytics }
data:
  User.email: user.contact.emial
  Visit: { category: user.device.ip_address, source: automatc }
`,
      'c.yaml',
    );
    expect(checkConfigTerms(config!, policy.taxonomy).map((d) => [d.code, d.line, d.column, d.message, d.help])).toEqual([
      ['PLL103', 3, 29, 'unknown recipient `processor.analytic`', 'did you mean `processor.analytics`?'],
      ['PLL103', 5, 15, 'unknown category `user.contact.emial`', 'did you mean `user.contact.email`?'],
      ['PLL103', 6, 54, 'unknown source `automatc`', 'did you mean `automatic`?'],
    ]);
  });
});
