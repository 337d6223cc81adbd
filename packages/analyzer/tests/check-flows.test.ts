import { compile } from '@pledge/engine';
import { loadPolicy, type LoadedPolicy } from '@pledge/policy-spec';
import { describe, expect, it } from 'vitest';
import type { ProgramAnalysis, SinkCallSite, Taint } from '../src/analyze-program.js';
import { checkFlows, sinkFlow } from '../src/check-flows.js';
import type { SinkSpec } from '../src/load-lint-config.js';

const POLICY = `pledge: 1
policy: { id: shop, title: Shop, organization: Shop Ltd, version: 2024-05-01 }
collect:
  - { id: signup, categories: [user.contact.email, user.name], sources: [user_provided], says: You give us your name and email. }
use:
  - { id: newsletter, categories: [user.contact.email], purposes: [marketing.communications.email],
      requires: { consent: [marketing.communications.email] }, says: With your consent we send a newsletter. }
  - { id: support, categories: [user.contact.email, user.name], purposes: [essential.service.support], says: We answer your questions. }
share:
  - { id: eu_partners, categories: [user.name], purposes: [research], recipients: [third_party.partner],
      jurisdictions: [EEA], says: Partners in Europe may study names. }
  - { id: stats, categories: [user.contact.email], purposes: [analytics], recipients: [third_party.partner],
      identifiability: [aggregated], says: Partners get counts. }
forbid:
  - { id: no_sale, purposes: [sale_of_data], says: We never sell your data. }
  - { id: no_scraped_email, categories: [user.contact.email], sources: [automatic], says: We never use email addresses read off your computer. }
retain:
  - { id: all, categories: [user], at_most: P1Y, says: We keep data for a year at most. }
children: { under: 13, says: Not for children under 13. }
`;

const loaded = loadPolicy(POLICY, 'shop.yaml');
if (!loaded.policy) throw new Error(JSON.stringify(loaded.diagnostics));
const policy: LoadedPolicy = loaded.policy;
const decider = compile(policy);

const MAIL: SinkSpec = { call: 'Mailer.send', action: 'use' };
const PARTNER: SinkSpec = { call: 'Feed.publish', action: 'share', recipient: 'third_party.partner', purpose: 'research' };

function taint(category: string, extra: Partial<Taint> = {}): Taint {
  return { category, confidence: 'declared', source: 'user_provided', origin: { file: 'src/m.ts', line: 3, column: 3, name: 'User.x' }, ...extra };
}

function site(sink: number, taints: Taint[], extra: Partial<SinkCallSite> = {}): SinkCallSite {
  return { file: 'src/app.ts', line: 10, column: 5, sink, callee: 'x.send', taints, guards: [], ...extra };
}

function check(sites: SinkCallSite[], checkCalls: ProgramAnalysis['checkCalls'] = []) {
  const analysis: ProgramAnalysis = { sinkCalls: sites, checkCalls, sinkUsage: [], problems: [], files: 1, lines: 10 };
  return checkFlows({ analysis, sinks: [MAIL, PARTNER], decider, policy: policy.document, taxonomy: policy.taxonomy });
}

describe('checkFlows', () => {
  it('is silent about flows the policy allows as the code states them', () => {
    expect(check([site(0, [taint('user.contact.email'), taint('user.name')], { purpose: { id: 'essential.service.support', from: 'call' } })])).toEqual([]);
  });

  it('reports a flow no condition could allow as PLL001, naming the rule, its sentence and a fix', () => {
    const [d, ...rest] = check([site(0, [taint('user.contact.email')], { purpose: { id: 'sale_of_data', from: 'call' } })]);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'PLL001', severity: 'error', file: 'src/app.ts', line: 10, column: 5 });
    expect(d!.message).toContain('`forbid/no_sale` says “We never sell your data.”');
    expect(d!.help).toMatch(/overrides every rule/);
    expect(d!.flows![0]).toMatchObject({ flow: { action: 'use', category: 'user.contact.email', purpose: 'sale_of_data' }, decision: 'deny' });
  });

  it('suggests the purposes the policy does allow for a default deny', () => {
    const [d] = check([site(0, [taint('user.name')], { purpose: { id: 'personalize', from: 'call' } })]);
    expect(d!.message).toContain('no rule allows it (`default/deny`)');
    expect(d!.help).toContain('`essential.service.support`');
  });

  it('names the dimension to state when an unstated source made a forbid rule apply', () => {
    const unsourced = taint('user.contact.email');
    delete unsourced.source;
    const [d] = check([site(0, [unsourced], { purpose: { id: 'essential.service.support', from: 'call' } })]);
    expect(d).toMatchObject({ code: 'PLL001' });
    expect(d!.message).toContain('forbid/no_scraped_email');
    expect(d!.help).toContain('@pledge-source');
  });

  it('warns (PLL002) about a flow allowed only with consent or for some subjects, unless a check guards it', () => {
    const newsletter = site(0, [taint('user.contact.email')], { purpose: { id: 'marketing.communications.email', from: 'call' } });
    const [consent] = check([newsletter]);
    expect(consent).toMatchObject({ code: 'PLL002', severity: 'warning' });
    expect(consent!.message).toContain('only with consent `marketing.communications.email` (`use/newsletter`)');
    const [europe] = check([site(1, [taint('user.name')], { purpose: { id: 'research', from: 'sink' } })]);
    expect(europe).toMatchObject({ code: 'PLL002' });
    expect(europe!.message).toContain('for subjects in `EEA`');

    expect(check([{ ...newsletter, guards: [{ at: newsletter }] }])).toEqual([]);
    const aboutEmail = { at: newsletter, flow: { values: { category: 'user.contact', purpose: 'marketing' }, dynamic: ['consent'] } };
    expect(check([{ ...newsletter, guards: [aboutEmail] }])).toEqual([]);
    const aboutNames = { at: newsletter, flow: { values: { category: 'user.name', purpose: 'marketing' }, dynamic: [] } };
    expect(check([{ ...newsletter, guards: [aboutNames] }]).map((d) => d.code)).toEqual(['PLL002']);
  });

  it('uses identifiability from the data: aggregated data may go where identified data may not', () => {
    const stats = site(1, [taint('user.contact.email', { identifiability: 'aggregated' })], { purpose: { id: 'analytics', from: 'sink' } });
    expect(check([stats])).toEqual([]);
    const [d] = check([{ ...stats, taints: [taint('user.contact.email')] }]);
    expect(d!.help).toContain('`share/stats` allows this purpose only for data that is `aggregated`');
  });

  it('downgrades findings about data only inferred from names', () => {
    const [d] = check([site(0, [taint('user.name', { confidence: 'inferred' })], { purpose: { id: 'personalize', from: 'call' } })]);
    expect(d).toMatchObject({ code: 'PLL001', severity: 'warning' });
    expect(d!.message).toContain('inferred from `User.x`');
  });

  it('asks for a purpose (PLL004) and rejects unknown terms in annotations (PLL005)', () => {
    const [noPurpose] = check([site(0, [taint('user.name')])]);
    expect(noPurpose).toMatchObject({ code: 'PLL004', severity: 'error' });
    const typo = check([
      site(0, [taint('user.name')], { purpose: { id: 'essential.service.suport', from: 'call', at: { file: 'src/app.ts', line: 9, column: 6 } } }),
      site(0, [taint('user.contact.emial')], { purpose: { id: 'essential.service.support', from: 'call' } }),
    ]);
    expect(typo.map((d) => [d.code, d.line, d.help])).toEqual([
      ['PLL005', 9, 'did you mean `essential.service.support`?'],
      ['PLL005', 3, 'did you mean `user.contact.email`?'],
    ]);
  });

  it('checks literal flows of policy checks (PLL003): never allowed is a finding, allowed once consent is given is not', () => {
    const at = { file: 'src/app.ts', line: 20, column: 3, callee: 'decider.decide' };
    const findings = check(
      [],
      [
        { ...at, flow: { values: { action: 'use', category: 'user.name', purpose: 'personalize' }, dynamic: [] } },
        { ...at, line: 21, flow: { values: { action: 'use', category: 'user.contact.email', purpose: 'marketing.communications.email', source: 'user_provided' }, dynamic: ['consent'] } },
        { ...at, line: 22, flow: { values: { category: 'user.name' }, dynamic: ['purpose'] } },
        { ...at, line: 23, flow: { values: { category: 'user.nmae', purpose: 'research' }, dynamic: [] } },
      ],
    );
    expect(findings.map((d) => [d.code, d.line])).toEqual([
      ['PLL003', 20],
      ['PLL003', 23],
    ]);
    expect(findings[1]!.message).toContain('error/unknown-term');
  });
});

describe('sinkFlow', () => {
  it('builds the flow from the sink and the data, the data winning over the sink', () => {
    const spec: SinkSpec = { call: 'a.b', action: 'share', recipient: 'processor', source: 'automatic', identifiability: 'pseudonymized', retention: 'P30D' };
    expect(sinkFlow(spec, 'analytics', taint('user.name'))).toEqual({
      action: 'share',
      category: 'user.name',
      purpose: 'analytics',
      recipient: 'processor',
      source: 'user_provided',
      identifiability: 'pseudonymized',
      retention: 'P30D',
    });
  });
});
