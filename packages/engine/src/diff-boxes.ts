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
  dims: number[][];
  consent: Map<string, boolean>;
  /** What the key stands for, taken from one flow of the box. */
  readonly payload: T;
}

/** A box with its dimensions written out once, so that grouping does not rebuild them. */
interface Work<T> {
  box: Box<T>;
  /** The box's key as a short number. */
  keyId: number;
  parts: string[];
  consentText: string;
}

/**
 * Merges boxes of the same key that differ in one dimension only (their union is then a box again), and consent
 * cubes that differ in one atom only (covered and not covered make "either"), until nothing merges. Boxes must be
 * pairwise disjoint; the result holds exactly the same flows, in disjoint boxes. `order` lists the dimensions to
 * merge along, those expected to merge most first (a dimension left out is never merged).
 */
export function mergeBoxes<T>(boxes: readonly Box<T>[], order: readonly number[]): Box<T>[] {
  const keyIds = new Map<string, number>();
  let current: Work<T>[] = boxes.map((box) => ({
    box: { ...box, dims: [...box.dims], consent: new Map(box.consent) },
    keyId: keyIds.get(box.key) ?? keyIds.set(box.key, keyIds.size).size - 1,
    parts: box.dims.map((v) => v.join(',')),
    consentText: consentText(box.consent),
  }));
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of order) {
      const next = mergeAlong(
        current,
        (w) => groupKey(w, d, w.consentText),
        (into, w) => {
          into.box.dims[d] = union(into.box.dims[d]!, w.box.dims[d]!);
          into.parts[d] = into.box.dims[d]!.join(',');
        },
      );
      if (next.length < current.length) changed = true;
      current = next;
    }
    const atoms = new Set(current.flatMap((w) => [...w.box.consent.keys()]));
    for (const atom of atoms) {
      const next = mergeAlong(
        current,
        (w) => (w.box.consent.has(atom) ? groupKey(w, -1, consentText(w.box.consent, atom)) : undefined),
        (into) => {
          into.box.consent.delete(atom);
          into.consentText = consentText(into.box.consent);
        },
      );
      if (next.length < current.length) changed = true;
      current = next;
    }
  }
  return current.map((w) => w.box);
}

// Groups boxes by `key` (undefined: leave the box alone) and folds each group into its first box.
function mergeAlong<T>(
  boxes: readonly Work<T>[],
  key: (w: Work<T>) => string | undefined,
  fold: (into: Work<T>, w: Work<T>) => void,
): Work<T>[] {
  const groups = new Map<string, Work<T>>();
  const out: Work<T>[] = [];
  for (const w of boxes) {
    const k = key(w);
    const first = k === undefined ? undefined : groups.get(k);
    if (first) fold(first, w);
    else {
      if (k !== undefined) groups.set(k, w);
      out.push(w);
    }
  }
  return out;
}

// Everything that identifies a box but dimension `skip`.
function groupKey(w: Work<unknown>, skip: number, consent: string): string {
  let k = String(w.keyId);
  for (let d = 0; d < w.parts.length; d++) k += d === skip ? '\u0001*' : `\u0001${w.parts[d]}`;
  return `${k}\u0001${consent}`;
}

function consentText(consent: ReadonlyMap<string, boolean>, without?: string): string {
  return [...consent]
    .filter(([a]) => a !== without)
    .map(([a, v]) => `${a}=${v ? 1 : 0}`)
    .sort()
    .join(',');
}

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
