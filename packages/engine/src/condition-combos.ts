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
  /** Per side: which of that side's rules accept the value, and whether that side defines it. */
  readonly sides: readonly [string, string];
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

/** A {@link ConditionCombos} for one diff; it keeps what cells share. */
export function createConditionCombos(space: DiffSpace): ConditionCombos {
  const { partitions, policies } = space;
  // `Combo.sides` are made of numbers standing for texts, the same text the same number in every cell.
  const texts = new Map<string, number>();
  const intern = (text: string) => texts.get(text) ?? texts.set(text, texts.size).size - 1;
  // Many cells ask for the same consents, and have the same rules naming a condition dimension.
  const consentChoices = new Map<string, ConsentChoice[]>();
  const valuesByNaming = new Map<string, LocalValue[]>();
  const valuesOf = (d: number, relevant: readonly DiffRule[]) => {
    const naming = relevant.filter((r) => r.accept[d] !== undefined);
    const key = `${d}:${naming.map((r) => r.index).join(',')}`;
    let values = valuesByNaming.get(key);
    if (!values) valuesByNaming.set(key, (values = localValues(partitions[d]!, d, naming)));
    return values;
  };

  return ({ relevant, childrenApplies, needsPurpose, purpose }) => {
    const values = [SRC, SUB, JUR, IDN].map((d) => valuesOf(d, relevant));
    const [srcs, subs, jurs, idns] = values as [LocalValue[], LocalValue[], LocalValue[], LocalValue[]];
    const children = policies.map((p, side) => (childrenApplies[side] ? p.document.children! : undefined));
    const ages = ageBands(space.ageBounds, sortedUnique(children.flatMap((c) => (c ? [c.under] : []))));
    const caps = [0, 1].map((side) => relevant.flatMap((r) => (r.side === side && r.capDays !== undefined ? [r.capDays] : [])));
    const retentions = retentionBands(space.capBounds, sortedUnique(caps.flat()));
    const asking = relevant.filter((r) => isAllow(r.section));
    const localAtoms = [
      ...new Set([
        ...asking.flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : [])),
        ...children.flatMap((c) => (c?.unless_consent ? [c.unless_consent] : [])),
      ]),
    ];
    const consentKey = `${localAtoms.join('\u0000')}\u0001${needsPurpose ? purpose : ''}`;
    let consents = consentChoices.get(consentKey);
    if (!consents) {
      consents = consentVectors(localAtoms, needsPurpose, space.atomIds, space.consentGroups, purpose, space.taxonomies);
      consentChoices.set(consentKey, consents);
    }

    // What each side reads of each value: the flags of its rules, a child or not, which caps a retention exceeds,
    // which of the consents its rules and children clause ask for are covered.
    const atomsBySide = [0, 1].map((side) => {
      const ofSide = asking.filter((r) => r.side === side);
      const atoms = ofSide.flatMap((r) => (Array.isArray(r.requires) ? (r.requires as string[]) : []));
      if (children[side]?.unless_consent) atoms.push(children[side].unless_consent);
      if (ofSide.some((r) => r.requires === 'purpose')) atoms.push(PURPOSE_ATOM);
      return new Set(atoms);
    });
    const [srcIds, subIds, jurIds, idnIds] = values.map((list) => list.map((v) => v.sides.map(intern))) as [number[][], number[][], number[][], number[][]];
    const ageIds = ages.map((age) => children.map((c) => intern(c === undefined ? '' : age.rep !== undefined && age.rep < c.under ? 'child' : 'adult')));
    const retentionIds = retentions.map((ret) => caps.map((list) => intern(ret.rep === undefined ? '-' : `${list.filter((cap) => cap < ret.rep!).length}`)));
    const consentIds = consents.map((choice) =>
      atomsBySide.map((atoms) =>
        intern(
          choice.vector
            .filter(([atom]) => atoms.has(atom))
            .map(([atom, covered]) => `${atom}=${covered ? 1 : 0}`)
            .sort()
            .join(','),
        ),
      ),
    );

    const out: Combo[] = [];
    // Each side's key is built up a dimension at a time, so that the inner loops only append.
    for (let i = 0; i < srcs.length; i++) {
      const k1 = [`${srcIds[i]![0]}`, `${srcIds[i]![1]}`];
      for (let j = 0; j < subs.length; j++) {
        const k2 = k1.map((k, s) => `${k},${subIds[j]![s]}`);
        for (let k = 0; k < jurs.length; k++) {
          const k3 = k2.map((key, s) => `${key},${jurIds[k]![s]}`);
          for (let l = 0; l < idns.length; l++) {
            const k4 = k3.map((key, s) => `${key},${idnIds[l]![s]}`);
            for (let a = 0; a < ages.length; a++) {
              const k5 = k4.map((key, s) => `${key},${ageIds[a]![s]}`);
              for (let r = 0; r < retentions.length; r++) {
                const k6 = k5.map((key, s) => `${key},${retentionIds[r]![s]}`);
                for (let c = 0; c < consents.length; c++) {
                  out.push({
                    source: srcs[i]!,
                    subjectKind: subs[j]!,
                    jurisdiction: jurs[k]!,
                    identifiability: idns[l]!,
                    age: ages[a]!,
                    retention: retentions[r]!,
                    consent: consents[c]!,
                    sides: [`${k6[0]},${consentIds[c]![0]}`, `${k6[1]},${consentIds[c]![1]}`],
                  });
                }
              }
            }
          }
        }
      }
    }
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
function localValues(partition: Partition, d: number, naming: readonly DiffRule[]): LocalValue[] {
  const groups = new Map<string, { rep: string | undefined; globals: number[]; sides: [string, string] }>();
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
      groups.set(sig, { rep: isUnstated ? undefined : partition.union.terms[partition.classes[c]![0]!]!, globals: [c], sides });
    }
  }
  return [...groups.values()];
}
