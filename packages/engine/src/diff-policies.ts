// Compares two policies flow by flow. The work is split in steps, each in its own module: prepare both policies'
// terms and rules (diff-space.ts), decide the cells of flows either could allow (decide-cells.ts), merge the flows
// decided differently into as few boxes as exactness allows (diff-boxes.ts), and describe each box as a change a
// reviewer reads (describe-changes.ts).
import { TERM_KINDS, type LoadedPolicy } from '@pledge/policy-spec';
import { compile } from './compile.js';
import { formatAt } from './decision-parts.js';
import { decideCells } from './decide-cells.js';
import { describeChanges } from './describe-changes.js';
import { mergeBoxes } from './diff-boxes.js';
import { AGE, CAT, IDN, JUR, PUR, REC, RET, SRC, SUB } from './diff-rules.js';
import { createDiffSpace } from './diff-space.js';
import type { ChangeNotice, PolicyDiff, TaxonomyChange } from './policy-diff.js';
import type { Decider } from './types.js';

/**
 * Compares two loaded policies flow by flow and returns every class of flows they decide differently (allow
 * versus deny, or other obligations), each marked less or more protective, with the rules behind each side.
 *
 * Exact over the flows both policies can read: for every flow whose decisions differ, some class holds it (a flow
 * of several categories through one of its categories), and every flow of a class is decided as the class says.
 * The flows compared name any term either policy defines (a term only one defines is an error, so a deny, in the
 * other); their `consent` lists name terms both define. Classes are merged as far as exactness allows and name
 * the highest taxonomy terms whose whole inside changed alike.
 */
export function diffPolicies(oldPolicy: LoadedPolicy, newPolicy: LoadedPolicy): PolicyDiff {
  const space = createDiffSpace(oldPolicy, newPolicy);
  const deciders: readonly [Decider, Decider] = [compile(oldPolicy), compile(newPolicy)];
  // Along the terms first, where most boxes merge, then the action and the conditions.
  const merged = mergeBoxes(decideCells(space, deciders), [1 + CAT, 1 + PUR, 1 + REC, 0, RET, AGE, 1 + IDN, 1 + JUR, 1 + SUB, 1 + SRC]);
  const changes = describeChanges(merged, space);
  const lessProtective = changes.filter((c) => c.protection === 'less').length;
  const notice = changeNotice(newPolicy, lessProtective, changes.length);
  return {
    old: { ...deciders[0].policy, file: oldPolicy.file },
    new: { ...deciders[1].policy, file: newPolicy.file },
    changes,
    lessProtective,
    moreProtective: changes.length - lessProtective,
    ...(notice ? { notice } : {}),
    taxonomy: taxonomyChanges(space.policies),
  };
}

// The new policy's `changes:` clause, when what it promises applies to a diff with `less` less protective changes of `total`.
function changeNotice(policy: LoadedPolicy, less: number, total: number): ChangeNotice | undefined {
  const clause = policy.document.changes;
  if (!clause) return undefined;
  const applies = clause.notify === 'before' ? total > 0 : clause.notify === 'on_posting' ? false : less > 0;
  if (!applies) return undefined;
  const notice: { rule: string; notify: string; says?: string; at: string } = {
    rule: clause.id === undefined ? 'changes' : `changes/${clause.id}`,
    notify: clause.notify,
    at: formatAt(policy.locate(['changes'])),
  };
  if (clause.says !== undefined) notice.says = clause.says;
  return notice;
}

// The terms one policy defines and the other does not, kind by kind.
function taxonomyChanges(policies: readonly [LoadedPolicy, LoadedPolicy]): TaxonomyChange[] {
  const out: TaxonomyChange[] = [];
  for (const kind of TERM_KINDS) {
    for (const [from, to, definedIn] of [
      [0, 1, 'old'],
      [1, 0, 'new'],
    ] as const) {
      for (const { id } of policies[from].taxonomy.terms(kind)) {
        if (!policies[to].taxonomy.has(kind, id)) out.push({ kind, term: id, definedIn });
      }
    }
  }
  return out;
}
