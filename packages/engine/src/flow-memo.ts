// Internal: the compiled decider's memo tables, from a few small integers (a flow's term numbers, a fact cell's
// number and facts) to the number of what decides it.

/** Int32s per slot: three keys, then the value plus one (0 marks an empty slot). 16 bytes, four slots a cache line. */
const STRIDE = 4;
const FIRST_SLOTS = 256;

/**
 * A hash table from three int32 keys to a non-negative int32 value: open addressing with linear probing in one
 * `Int32Array`, so a lookup reads one cache line and no object. Grows by doubling at half full; holding
 * `maxEntries` entries it starts over empty, so its memory stays bounded (at most `4 × maxEntries` slots) whatever
 * callers send. With `maxEntries` 0 it never stores anything (every lookup misses).
 */
export class FlowMemo {
  private slots = new Int32Array(FIRST_SLOTS * STRIDE);
  private mask = FIRST_SLOTS - 1;
  private count = 0;

  constructor(private readonly maxEntries: number) {}

  /** Entries stored. */
  get size(): number {
    return this.count;
  }

  /** The value stored for the keys, or -1. */
  find(k0: number, k1: number, k2: number): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let i = hash(k0, k1, k2) & mask; ; i = (i + 1) & mask) {
      const at = i * STRIDE;
      const stored = slots[at + 3]!;
      if (stored === 0) return -1;
      if (slots[at]! === k0 && slots[at + 1]! === k1 && slots[at + 2]! === k2) return stored - 1;
    }
  }

  /** Stores `value` (0 or more) for keys that {@link find} did not find. */
  insert(k0: number, k1: number, k2: number, value: number): void {
    if (this.maxEntries === 0) return;
    if (this.count >= this.maxEntries) this.clear();
    else if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    place(this.slots, this.mask, k0, k1, k2, value + 1);
    this.count++;
  }

  /** Forgets every entry. */
  clear(): void {
    this.slots.fill(0);
    this.count = 0;
  }

  private grow(): void {
    const old = this.slots;
    const mask = (this.mask + 1) * 2 - 1;
    const slots = new Int32Array((mask + 1) * STRIDE);
    for (let at = 0; at < old.length; at += STRIDE) {
      const stored = old[at + 3]!;
      if (stored !== 0) place(slots, mask, old[at]!, old[at + 1]!, old[at + 2]!, stored);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function place(slots: Int32Array, mask: number, k0: number, k1: number, k2: number, stored: number): void {
  let i = hash(k0, k1, k2) & mask;
  while (slots[i * STRIDE + 3] !== 0) i = (i + 1) & mask;
  const at = i * STRIDE;
  slots[at] = k0;
  slots[at + 1] = k1;
  slots[at + 2] = k2;
  slots[at + 3] = stored;
}

function hash(k0: number, k1: number, k2: number): number {
  let h = Math.imul(k0, 0x9e3779b1);
  h = Math.imul(h ^ k1, 0x85ebca77);
  h = Math.imul(h ^ k2, 0xc2b2ae3d);
  return h ^ (h >>> 15);
}
