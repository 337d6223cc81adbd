import { resolve } from 'node:path';
import { createPhrasebook, type Phrasebook } from '@pledge/codegen';
import { diffPolicies, type ChangeSide, type FlowChange, type PolicyDiff, type TermSet } from '@pledge/engine';
import { formatDiagnostic, type LoadedPolicy } from '@pledge/policy-spec';
import { loadPolicyFile } from '../files.js';
import { ExitCode, UsageError, type Io } from '../io.js';
import type { Command } from '../main.js';

/** `pledge diff OLD NEW`: which data flows a policy change newly allows or newly denies. */
export const diffCommand: Command = {
  summary: 'list the data flows a policy change newly allows or newly denies',
  usage: `Usage: pledge diff OLD NEW [--format text|json]

Compares two versions of a policy flow by flow and lists every kind of data flow they decide differently: what
is done with which data, why and for whom, and the conditions that matter (source, person, place, form, age,
consent, retention). Each change says how the old and the new policy decide it, the rules behind each side
(where they are written and what they say), and whether it is less protective (the new policy allows what the
old one denied, or asks for fewer obligations or keeps data longer) or more protective. Less protective changes
come first. The comparison is exact: a flow the two policies decide differently is in a listed change, and every
flow of a listed change is decided as it says. When the new policy promises notice before a less protective
change (\`changes: { notify: before_less_protective }\`), the output says so.

Options:
  --format text|json  json prints one document: { schemaVersion, old, new, lessProtective, moreProtective,
                      notice?, changes: [{ protection, change, flows, example, old, new, … }], taxonomy }

Exit: 0 no less protective change, 1 some change is less protective, 2 usage error, unreadable or invalid policy.

Example:
  pledge diff policies/accounting-def.yaml accounting-def.next.yaml
`,
  options: { format: { type: 'string', default: 'text' } },
  async run(values, positionals, io) {
    const format = values['format'];
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not \`${String(format)}\``);
    if (positionals.length !== 2) throw new UsageError(`give two policies, the old one and the new one (got ${positionals.length})`);
    const [oldPolicy, newPolicy] = await loadBoth(positionals as [string, string], io);
    const diff = diffPolicies(oldPolicy, newPolicy);
    if (format === 'json') io.stdout(`${JSON.stringify({ schemaVersion: 1, ...diff }, null, 2)}\n`);
    else io.stdout(renderDiff(diff, createPhrasebook(newPolicy.taxonomy)));
    return diff.lessProtective > 0 ? ExitCode.Findings : ExitCode.Ok;
  },
};

// Both policies are loaded before either is reported, so one run shows the problems of both.
async function loadBoth(paths: readonly [string, string], io: Io): Promise<[LoadedPolicy, LoadedPolicy]> {
  const results = await Promise.all(paths.map((p) => loadPolicyFile(resolve(io.cwd, p), io.cwd)));
  const errors = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error'));
  if (errors.length > 0 || !results[0]!.policy || !results[1]!.policy) {
    throw new UsageError(`the policy is not valid:\n${errors.map(formatDiagnostic).join('\n')}`, false);
  }
  return [results[0]!.policy, results[1]!.policy];
}

const GERUNDS = { collect: 'collecting', use: 'using', share: 'sharing', retain: 'keeping' } as const;
const HEADINGS = { allowed: 'Now allowed', denied: 'Now denied', obligations: 'Other obligations' } as const;

/** The diff in plain English: less protective changes first, a notice if the new policy promises one, a summary. */
export function renderDiff(diff: PolicyDiff, say: Phrasebook): string {
  const lines = [`Comparing ${stamp(diff.old)} with ${stamp(diff.new)}.`, ''];
  if (diff.changes.length === 0) lines.push('The two policies decide every data flow the same way.', '');
  const groups = [
    ['Less protective', diff.changes.filter((c) => c.protection === 'less')],
    ['More protective', diff.changes.filter((c) => c.protection === 'more')],
  ] as const;
  let n = 0;
  for (const [title, changes] of groups) {
    if (changes.length === 0) continue;
    lines.push(`${title} (${changes.length})`, '');
    for (const change of changes) lines.push(...renderChange(++n, change, say), '');
  }
  const added = diff.taxonomy.filter((t) => t.definedIn === 'new').map((t) => t.term);
  const removed = diff.taxonomy.filter((t) => t.definedIn === 'old').map((t) => t.term);
  if (added.length > 0) lines.push(`Terms only the new policy defines (flows naming them were errors before): ${added.join(', ')}.`);
  if (removed.length > 0) lines.push(`Terms only the old policy defines (flows naming them are errors now): ${removed.join(', ')}.`);
  if (added.length + removed.length > 0) lines.push('');
  if (diff.notice) {
    const says = diff.notice.says ? ` It says: “${diff.notice.says.trim()}”` : '';
    const what =
      diff.notice.notify === 'before'
        ? 'tell people before any change takes effect'
        : diff.notice.notify === 'choice_before_material_change'
          ? 'let people choose before a material change applies to their data'
          : 'tell people before a change that protects their data less takes effect';
    lines.push(`Notice: ${diff.notice.rule} (${diff.notice.at}) promises to ${what}.${says}`, '');
  }
  lines.push(`${count(diff.lessProtective, 'less protective change')}, ${count(diff.moreProtective, 'more protective change')}.`);
  return `${lines.join('\n')}\n`;
}

function renderChange(n: number, change: FlowChange, say: Phrasebook): string[] {
  const f = change.flows;
  const what = [
    say.list(f.actions.map((a) => GERUNDS[a]), 'or'),
    terms(f.categories, (ids) => say.categories(ids, 'or'), 'any data'),
    f.actions.includes('share') ? `with ${terms(f.recipients, (ids) => say.recipients(ids), 'anyone')}` : '',
    `for ${terms(f.purposes, (ids) => say.purposes(ids), 'any purpose')}`,
  ].filter((s) => s !== '');
  const lines = [`${n}. ${HEADINGS[change.change]}: ${what.join(' ')}`];
  const when = conditions(change, say);
  if (when.length > 0) lines.push(`   Only when: ${when.join('; ')}`);
  lines.push(`   Before: ${side(change.old, say)}`, `   Now: ${side(change.new, say)}`);
  if (change.change === 'obligations') {
    const list = (o: readonly { kind: string; duration?: string }[]) => o.map((x) => say.obligation(x).replace(/\.$/, '')).join('; ') || 'none';
    lines.push(`   Obligations dropped: ${list(change.obligationsRemoved)}`, `   Obligations added: ${list(change.obligationsAdded)}`);
  }
  lines.push(`   Example: ${JSON.stringify(change.example)}`);
  return lines;
}

// A term set in words; `exactly` terms are the general term itself, without what lies below it.
function terms(set: TermSet, phrase: (ids: string[]) => string, any: string): string {
  const parts: string[] = [];
  if (set.inside.length > 0) parts.push(phrase([...set.inside]));
  for (const id of set.exactly ?? []) parts.push(`${phrase([id])} (named as a whole)`);
  const text = parts.join(' or ');
  return set.except ? `${any} except ${text}` : text;
}

function conditions(change: FlowChange, say: Phrasebook): string[] {
  const f = change.flows;
  const out: string[] = [];
  const optional = (set: TermSet & { unstated?: true } | undefined, phrase: (ids: string[]) => string, any: string, field: string) => {
    if (!set) return;
    const stated = set.inside.length + (set.exactly?.length ?? 0) > 0 || set.except ? terms(set, phrase, any) : '';
    const unstated = set.unstated ? `the flow states no \`${field}\`` : '';
    out.push([stated, unstated].filter((s) => s !== '').join(', or '));
  };
  optional(f.source, (ids) => `data ${say.sources(ids)}`, 'data from any source', 'source');
  optional(f.subjectKind, (ids) => `about ${say.subjects(ids)}`, 'about anyone', 'subject.kind');
  optional(f.jurisdiction, (ids) => `for people in ${say.jurisdictions(ids)}`, 'for people anywhere', 'subject.jurisdiction');
  optional(f.identifiability, (ids) => `in ${say.identifiability(ids)} form`, 'in any form', 'identifiability');
  if (f.age) {
    out.push(
      f.age
        .map((r) =>
          r.under === undefined
            ? r.from === undefined ? 'any age' : `aged ${r.from} or more, or of unknown age`
            : r.from === undefined ? `aged under ${r.under}` : `aged ${r.from} to under ${r.under}`,
        )
        .join(' or '),
    );
  }
  if (f.consent) {
    for (const id of f.consent.given) out.push(`with ${say.consentTerm(id)}`);
    for (const id of f.consent.notGiven) out.push(`without ${say.consentTerm(id)}`);
    if (f.consent.purpose !== undefined) out.push(`${f.consent.purpose ? 'with' : 'without'} consent to that purpose`);
  }
  if (f.retention) {
    out.push(
      f.retention
        .map((r) => {
          const more = r.moreThan && `kept for more than ${say.duration(r.moreThan)}`;
          const most = r.atMost && `${more ? 'and' : 'kept for'} at most ${say.duration(r.atMost)}`;
          return [more, most].filter(Boolean).join(' ') + (r.moreThan ? '' : ', or for no stated time');
        })
        .join(' or '),
    );
  }
  return out;
}

function side(s: ChangeSide, say: Phrasebook): string {
  const verdict = s.decision === 'allow' ? 'allowed' : 'denied';
  const reasons = s.reasons.map((r) => {
    const rule = r.at ? `${r.rule} (${r.at})` : r.rule;
    const quote = r.says ? `: “${r.says.trim()}”` : '';
    if (r.rule === 'default/deny') return 'no rule allows it (default/deny)';
    if (r.rule.startsWith('error/')) return `a term in it is not in this policy's taxonomy (${r.rule})`;
    if (r.effect === 'allow' && s.decision === 'allow') return `${rule} allows it${quote}`;
    if (r.effect === 'allow') {
      const short = [
        ...(r.missing ?? []).map((m) => `it needs ${say.consentTerm(m.replace(/^consent /, ''))}`),
        ...(r.unstated ?? []).map((u) => `it applies only when the flow states \`${u}\``),
      ];
      return `${rule} would allow it, but ${short.join(' and ') || 'something it needs is missing'}`;
    }
    const unstated = r.unstated?.length ? ` (because the flow states no ${r.unstated.map((u) => `\`${u}\``).join(' or ')})` : '';
    if (r.rule.startsWith('retain/')) return `${rule} keeps this data for less time than the flow asks${unstated}${quote}`;
    if (r.rule.startsWith('children/')) return `${rule} protects children${quote}`;
    return `${rule} forbids it${unstated}${quote}`;
  });
  const obligations = s.decision === 'allow' && s.obligations.length > 0 ? `; obligations: ${s.obligations.map((o) => `${o.kind}${o.duration ? ` ${o.duration}` : ''} (${o.rule})`).join(', ')}` : '';
  return `${verdict}: ${reasons.join('; ')}${obligations}`;
}

function stamp(p: PolicyDiff['old']): string {
  return `${p.file} (${p.id} ${p.version})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
