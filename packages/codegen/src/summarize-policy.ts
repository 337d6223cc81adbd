import { RULE_SECTIONS, type LoadedPolicy } from '@pledge/policy-spec';
import { buildNotice, type Notice } from './build-notice.js';
import { measureReadability, type Readability } from './measure-readability.js';

/** What `pledge render --format json` reports about one policy's rendered text. */
export interface PolicySummary {
  policy: { id: string; title: string; organization: string; version: string; file: string };
  lastUpdated: string;
  /** The sections the text has, in order, with the number of statements in each. */
  sections: { id: string; title: string; items: number }[];
  rules: {
    /** Rules in `collect`, `use`, `share`, `forbid` and `retain`. */
    total: number;
    /** Of those, how many the text states (always all of them; a lower number is a bug). */
    rendered: number;
    /** Rules without a `says:` sentence, whose text the renderer had to generate from the rule itself. */
    generated: string[];
  };
  /** Readability of the text a reader sees (headings and the table of contents left out). */
  readability: Readability;
}

/** Summarizes how a policy renders: its sections, rule coverage and Flesch reading ease. */
export function summarizePolicy(policy: LoadedPolicy): PolicySummary {
  const notice = buildNotice(policy);
  const doc = policy.document;
  const refs = RULE_SECTIONS.flatMap((section) => (doc[section] ?? []).map((rule: { id: string }) => `${section}/${rule.id}`));
  const stated = new Set(noticeItems(notice).map((item) => item.rule));
  const generated = RULE_SECTIONS.flatMap((section) =>
    (doc[section] ?? []).filter((rule: { says?: string }) => rule.says === undefined).map((rule: { id: string }) => `${section}/${rule.id}`),
  );
  const h = doc.policy;
  return {
    policy: { id: h.id, title: h.title, organization: h.organization, version: h.version, file: policy.file },
    lastUpdated: notice.lastUpdated,
    sections: notice.sections.map((s) => ({
      id: s.id,
      title: s.title,
      items: s.paragraphs.length + s.groups.reduce((n, g) => n + g.items.length, 0),
    })),
    rules: { total: refs.length, rendered: refs.filter((r) => stated.has(r)).length, generated },
    readability: measureReadability(noticeProse(notice)),
  };
}

/** Every statement of a notice that carries a rule: paragraphs, items and the limits of recipient groups. */
export function noticeItems(notice: Notice): { rule?: string; text: string }[] {
  return notice.sections.flatMap((s) => [...s.paragraphs, ...s.groups.flatMap((g) => [...g.items, ...(g.limits ?? [])])]);
}

/** The prose of a notice, one block per paragraph or list item, as a reader meets it. */
export function noticeProse(notice: Notice): string[] {
  const blocks: string[] = [notice.lastUpdated];
  for (const section of notice.sections) {
    for (const p of section.paragraphs) blocks.push(p.text);
    for (const group of section.groups) {
      if (group.intro) blocks.push(group.intro);
      for (const item of [...group.items, ...(group.limits ?? [])]) {
        blocks.push(item.lead ? `${item.lead}. ${item.text}` : item.text);
        for (const term of item.terms ?? []) blocks.push(`${term.label}: ${term.description}`);
      }
    }
  }
  return blocks;
}
