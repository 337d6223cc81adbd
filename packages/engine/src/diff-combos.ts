// Internal: the flows a diff decides within one cell, one per combination of the conditions (source, subject kind,
// jurisdiction, identifiability, age, retention, consent) that the cell's rules tell apart.
import { ageBands, consentVectors, PURPOSE_ATOM, retentionBands, sortedUnique, type Band, type ConsentChoice } from './diff-conditions.js';
import { IDN, isAllow, JUR, SRC, SUB, type DiffRule } from './diff-rules.js';
import type { DiffSpace, Partition } from './diff-space.js';

/** A value of a condition dimension for one cell. */
interface LocalValue {
  /** The term the flow names, or undefined to leave the field unstated. */
  readonly rep: string | undefined;
  /** The global classes this value stands for. */
  readonly globals: number[];
}

/** One combination of conditions: a value of each. */
export interface Combo {
  readonly source: LocalValue;
  readonly subjectKind: LocalValue;
  readonly jurisdiction: LocalValue;
  readonly identifiability: LocalValue;
  readonly age: Band;
  readonly retention: Band;
  readonly consent: ConsentChoice;
  /**
   * Per side: the conditions as that policy's rules in the cell see them. Within cells that have the same rules of
   * that side (and the same action, known terms, children clause and, when a rule needs consent to it, purpose), combos
   * with equal keys are decided alike by that side, with the same decision.
   */
  readonly sides: readonly [string, string];
}

/** The cell a diff asks {@link ConditionCombos} about. */
export interface CellRules {
  /** The rules of both policies that can decide the cell's flows. */
  readonly relevant: readonly DiffRule[];
  /** Per side: whether that policy's children clause can deny the cell's flows. */
  readonly childrenApplies: readonly boolean[];
  /** Whether a rule asks for consent to the flow's own purpose, `purpose`. */
  readonly needsPurpose: boolean;
  readonly purpose: string;
}

/**
 * Every combination of the conditions that a cell's rules and the children clauses that apply tell apart, in a
 * fixed order (source, subject kind, jurisdiction, identifiability, age, retention, consent; the last varies fastest).
 */
export type ConditionCombos = (cell: CellRules) => Combo[];

/** The values of one dimension for a cell, each with the numbers of what each side reads of it. */
interface Choices<T> {
  readonly values: readonly T[];
  readonly sides: readonly (readonly [number, number])[];
}

/** A {@link ConditionCombos} for one diff; it keeps what cells share. */
export function createConditionCombos(space: DiffSpace): ConditionCombos {
  const { partitions, policies } = space;
  // What a side reads of a value is a text; `Combo.sides` spells it with a number per text, the same in every cell.
  const texts = new Map<string, number>();
  const intern = (text: string) => texts.get(text) ?? texts.set(text, texts.size).size - 1;
  // Cells share their values of each dimension whenever they share what decides them.
  const memo = new Map<string, Choices<unknown>>();
  const remember = <T,>(key: string, make: () => Choices<T>): Choices<T> => {
    let choices = memo.get(key) as Choices<T> | undefined;
    if (!choices) memo.set(key, (choices = make()));
    return choices;
  };

  return ({ relevant, childrenApplies, needsPurpose, purpose }) => {
    const terms = [SRC, SUB, JUR, IDN].map((d) => {
      const naming = relevant.filter((r) => r.accept[d] !== undefined);
      return remember(`${d}|${naming.map((r) => r.index).join(',')}`, () => localValues(partitions[d]!, d, naming, intern));
    });
    const children = policies.map((p, side) => (childrenApplies[side] ? p.document.children! : undefined));
    // A side reads of an age whether it is a child's, of a retention which of its caps it exceeds.
    const ages = remember(`age|${childrenApplies.join(',')}`, () => {
      const values = ageBands(space.ageBounds, sortedUnique(children.flatMap((c) => (c ? [c.under] : []))));
      const read = (age: Band, c: (typeof children)[number]) => intern(c === undefined ? '' : age.rep !== undefined && age.rep < c.under ? 'child' : 'adult');
      return { values, sides: values.map((age) => [read(age, children[0]), read(age, children[1])] as const) };
    });
    const caps = [0, 1].map((side) => relevant.flatMap((r) => (r.side === side && r.capDays !== undefined ? [r.capDays] : [])));
    const retentions = remember(`retention|${caps[0]!.join(',')}|${caps[1]!.join(',')}`, () => {
      const values = retentionBands(space.capBounds, sortedUnique(caps.flat()));
      const read = (ret: Band, list: readonly number[]) => intern(ret.rep === undefined ? '-' : `${list.filter((cap) => cap < ret.rep!).length}`);
      return { values, sides: values.map((ret) => [read(ret, caps[0]!), read(ret, caps[1]!)] as const) };
    });
    // A side reads of a consent list whether it covers each consent that side's rules and children clause ask for.
    const asking = relevant.filter((r) => isAllow(r.section));
    const localAtoms = [
      ...new Set([
        ...asking.flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : [])),
        ...children.flatMap((c) => (c?.unless_consent ? [c.unless_consent] : [])),
      ]),
    ];
    const atomsBySide = [0, 1].map((side) => {
      const ofSide = asking.filter((r) => r.side === side);
      const atoms = ofSide.flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : []));
      if (children[side]?.unless_consent) atoms.push(children[side].unless_consent);
      if (ofSide.some((r) => r.requires === 'purpose')) atoms.push(PURPOSE_ATOM);
      return new Set(atoms);
    });
    const consentKey = [localAtoms, ...atomsBySide].map((atoms) => [...atoms].join('\u0000')).join('\u0001');
    const consents = remember(`consent|${consentKey}|${needsPurpose ? purpose : ''}`, () => {
      const values = consentVectors(localAtoms, needsPurpose, space.atomIds, space.consentGroups, purpose, space.taxonomies);
      const read = (choice: ConsentChoice, atoms: ReadonlySet<string>) =>
        intern(
          choice.vector
            .filter(([atom]) => atoms.has(atom))
            .map(([atom, covered]) => `${atom}=${covered ? 1 : 0}`)
            .sort()
            .join(','),
        );
      return { values, sides: values.map((choice) => [read(choice, atomsBySide[0]!), read(choice, atomsBySide[1]!)] as const) };
    });

    const dimensions: readonly Choices<unknown>[] = [...terms, ages, retentions, consents];
    const picked: unknown[] = [];
    const out: Combo[] = [];
    // Every combination, the first dimension varying slowest; each side's key grows a number per dimension.
    const visit = (d: number, key0: string, key1: string): void => {
      const dimension = dimensions[d];
      if (!dimension) {
        const [source, subjectKind, jurisdiction, identifiability, age, retention, consent] = picked as [LocalValue, LocalValue, LocalValue, LocalValue, Band, Band, ConsentChoice];
        out.push({ source, subjectKind, jurisdiction, identifiability, age, retention, consent, sides: [key0, key1] });
        return;
      }
      dimension.values.forEach((value, i) => {
        picked[d] = value;
        const [a, b] = dimension.sides[i]!;
        visit(d + 1, `${key0},${a}`, `${key1},${b}`);
      });
    };
    visit(0, '', '');
    return out;
  };
}

/** The flow fields of a combo (all but action, category, purpose and recipient). */
export function comboFields(combo: Combo): Record<string, unknown> {
  const fields: Record<string, unknown> = { identifiability: combo.identifiability.rep };
  if (combo.source.rep !== undefined) fields['source'] = combo.source.rep;
  const subject: Record<string, unknown> = {};
  if (combo.subjectKind.rep !== undefined) subject['kind'] = combo.subjectKind.rep;
  if (combo.jurisdiction.rep !== undefined) subject['jurisdiction'] = combo.jurisdiction.rep;
  if (combo.age.rep !== undefined) subject['age'] = combo.age.rep;
  if (Object.keys(subject).length > 0) fields['subject'] = subject;
  if (combo.consent.ids.length > 0) fields['consent'] = combo.consent.ids;
  if (combo.retention.rep !== undefined) fields['retention'] = `P${combo.retention.rep}D`;
  return fields;
}

/** The global classes or bands a combo's values stand for: source, subject kind, jurisdiction, identifiability, age, retention. */
export function comboGlobals(combo: Combo): (readonly number[])[] {
  return [combo.source.globals, combo.subjectKind.globals, combo.jurisdiction.globals, combo.identifiability.globals, combo.age.globals, combo.retention.globals];
}

// The values of a condition dimension that the cell's rules naming it tell apart: global classes (and "unstated")
// grouped by which policies define them and which of those rules accept them.
function localValues(partition: Partition, d: number, naming: readonly DiffRule[], intern: (text: string) => number): Choices<LocalValue> {
  const groups = new Map<string, { rep: string | undefined; globals: number[]; sides: readonly [number, number] }>();
  const count = partition.classes.length + (partition.unstated === undefined ? 0 : 1);
  for (let c = 0; c < count; c++) {
    const isUnstated = c === partition.unstated;
    const known = isUnstated ? '11' : partition.known[c]!;
    const sides: [string, string] = [known[0]!, known[1]!];
    // Leaving a field unstated is never like stating it for a rule that names it: the reasons say so.
    for (const r of naming) sides[r.side] += isUnstated ? 'u' : r.byClass[d]![c];
    const sig = `${sides[0]}:${sides[1]}`;
    const group = groups.get(sig);
    if (group) {
      group.globals.push(c);
      // A value that may be left unstated is left unstated in the flow that stands for it: simpler examples.
      if (isUnstated) group.rep = undefined;
    } else {
      const rep = isUnstated ? undefined : partition.union.terms[partition.classes[c]![0]!]!;
      groups.set(sig, { rep, globals: [c], sides: [intern(sides[0]), intern(sides[1])] });
    }
  }
  const values = [...groups.values()];
  return { values, sides: values.map((v) => v.sides) };
}
