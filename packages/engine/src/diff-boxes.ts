// Internal: the sets of flows a diff finds, as boxes (a product of value sets, one per dimension) and their
// merging into fewer, larger boxes without changing which flows they hold.

/**
 * A set of flows that the two policies decide the same way as each other flow in it: a product of value sets
 * (numbers standing for term classes or bands, one sorted list per dimension) and, for consents, a cube (atom →
 * covered or not; an atom that is absent can be either).
 */
export interface Box<T> {
  /** Flows in boxes with equal keys are decided alike (same decisions, reasons and obligations on both sides). */
  readonly key: string;
  readonly dims: readonly (readonly number[])[];
  readonly consent: ReadonlyMap<string, boolean>;
  /** What the key stands for, taken from one flow of the box. */
  readonly payload: T;
}

/** A box being merged, with each part of its identity as a small number, so that grouping compares numbers. */
interface Work<T> {
  readonly box: Box<T>;
  /** No other box has its key: it never merges. */
  readonly alone: boolean;
  dims: (readonly number[])[];
  consent: ReadonlyMap<string, boolean>;
  /** The number of its key, then per dimension the number of its value list, last the number of its consent cube. */
  ids: number[];
  /** During a pass: what stands instead of the part of `ids` the pass merges along. */
  slot: number;
}

/**
 * Merges boxes of the same key that differ in one dimension only (their union is then a box again), and consent
 * cubes that differ in one atom only (covered and not covered make "either"), until nothing merges. Boxes must be
 * pairwise disjoint; the result holds exactly the same flows, in disjoint boxes, in the order of their first box (a
 * box that did not merge may come back as it was given; the boxes given are never changed). `order` lists the
 * dimensions to merge along, those expected to merge most first (a dimension left out is never merged).
 */
export function mergeBoxes<T>(boxes: readonly Box<T>[], order: readonly number[]): Box<T>[] {
  const keys = new Interner<string>();
  const keyIds = boxes.map((box) => keys.id(box.key));
  const keyCounts = new Uint32Array(keys.size);
  for (const id of keyIds) keyCounts[id]!++;
  // Only boxes of the same key merge: a box alone with its key stays as it is, and when every box is alone, so is
  // the list. Lone boxes stay in the list all the same, since their consent atoms are among those the passes take.
  if (keyCounts.every((n) => n <= 1)) return [...boxes];
  const lists = new ListInterner();
  const cubes = new CubeInterner();
  const cubeAt = 1 + boxes[0]!.dims.length;
  let current: Work<T>[] = boxes.map((box, i) => {
    const ids = [keyIds[i]!];
    for (const values of box.dims) ids.push(lists.id(values));
    ids.push(cubes.id(box.consent));
    return { box, alone: keyCounts[keyIds[i]!] === 1, dims: box.dims.slice(), consent: box.consent, ids, slot: 0 };
  });
  // A pass along one dimension or atom leaves no two boxes it could merge, so it is skipped until another pass
  // has merged something since it last ran.
  let version = 0;
  const lastRun = new Map<number | string, number>();
  const pass = (along: number | string, at: number, slot: (w: Work<T>) => number | undefined, fold: (into: Work<T>, w: Work<T>) => void) => {
    if (lastRun.get(along) === version) return;
    const next = mergeAlong(current, at, slot, fold);
    if (next.length < current.length) version++;
    lastRun.set(along, version);
    current = next;
  };
  for (let before = -1; before !== version; ) {
    before = version;
    for (const d of order) {
      pass(d, d + 1, (w) => (w.alone ? undefined : -1), (into, w) => {
        into.dims[d] = unionSorted(into.dims[d]!, w.dims[d]!);
        into.ids[d + 1] = lists.id(into.dims[d]!);
      });
    }
    const atoms = new Set<string>();
    for (const w of current) for (const atom of w.consent.keys()) atoms.add(atom);
    for (const atom of atoms) {
      pass(
        `atom ${atom}`,
        cubeAt,
        (w) => (w.alone || !w.consent.has(atom) ? undefined : cubes.without(w.consent, atom)),
        (into) => {
          const consent = new Map(into.consent);
          consent.delete(atom);
          into.consent = consent;
          into.ids[into.ids.length - 1] = cubes.id(consent);
        },
      );
    }
  }
  return current.map((w) => (w.alone ? w.box : { key: w.box.key, dims: w.dims, consent: w.consent, payload: w.box.payload }));
}

// Groups boxes whose `ids` agree but at index `at`, where `slot(w)` stands instead (undefined: leave the box alone),
// and folds each group into its first box. Groups are found by a hash of the numbers, then compared in full.
function mergeAlong<T>(
  boxes: readonly Work<T>[],
  at: number,
  slot: (w: Work<T>) => number | undefined,
  fold: (into: Work<T>, w: Work<T>) => void,
): Work<T>[] {
  const firsts = new Map<number, Work<T>[]>();
  const out: Work<T>[] = [];
  for (const w of boxes) {
    const s = slot(w);
    if (s === undefined) {
      out.push(w);
      continue;
    }
    w.slot = s;
    let h = s;
    for (let i = 0; i < w.ids.length; i++) if (i !== at) h = Math.imul(h ^ w.ids[i]!, 0x01000193);
    const candidates = firsts.get(h);
    const first = candidates?.find((c) => c.slot === s && c.ids.every((id, i) => i === at || id === w.ids[i]));
    if (first) fold(first, w);
    else {
      if (candidates) candidates.push(w);
      else firsts.set(h, [w]);
      out.push(w);
    }
  }
  return out;
}

function cubeText(consent: ReadonlyMap<string, boolean>, without?: string): string {
  return [...consent]
    .filter(([a]) => a !== without)
    .map(([a, v]) => `${a}=${v ? 1 : 0}`)
    .sort()
    .join(',');
}

// The union of two ascending lists, ascending, each value once.
function unionSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

/** Numbers distinct values in the order they are first seen. */
class Interner<K> {
  readonly #ids = new Map<K, number>();
  get size(): number {
    return this.#ids.size;
  }
  id(value: K): number {
    let id = this.#ids.get(value);
    if (id === undefined) this.#ids.set(value, (id = this.#ids.size));
    return id;
  }
}

// Boxes often share their value lists and consent cubes (the same array or map object): the two interners below
// number those by identity first, and read their content only the first time.

/** Numbers value lists by their content. */
class ListInterner {
  readonly #byObject = new Map<readonly number[], number>();
  readonly #byText = new Interner<string>();
  id(list: readonly number[]): number {
    let id = this.#byObject.get(list);
    if (id === undefined) this.#byObject.set(list, (id = this.#byText.id(list.join(','))));
    return id;
  }
}

/** Numbers consent cubes by their content, and the cubes they make without one of their atoms. */
class CubeInterner {
  readonly #byObject = new Map<ReadonlyMap<string, boolean>, number>();
  readonly #byText = new Interner<string>();
  readonly #withoutAtom = new Map<ReadonlyMap<string, boolean>, Map<string, number>>();
  id(cube: ReadonlyMap<string, boolean>): number {
    let id = this.#byObject.get(cube);
    if (id === undefined) this.#byObject.set(cube, (id = this.#byText.id(cubeText(cube))));
    return id;
  }
  without(cube: ReadonlyMap<string, boolean>, atom: string): number {
    let ids = this.#withoutAtom.get(cube);
    if (!ids) this.#withoutAtom.set(cube, (ids = new Map()));
    let id = ids.get(atom);
    if (id === undefined) ids.set(atom, (id = this.#byText.id(cubeText(cube, atom))));
    return id;
  }
}
