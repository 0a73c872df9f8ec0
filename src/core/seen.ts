/**
 * "Have I seen this key before, and on which row?" for a million keys in a few megabytes: an
 * open-addressing table of 64-bit string hashes (two independent 32-bit FNV-1a variants) and row
 * numbers, instead of a Map holding every e-mail as a string. Two different keys share a 64-bit
 * hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million rows), which we accept.
 */
export class FirstSeen {
  /**
   * Slot i is words 3i (first hash), 3i+1 (second hash) and 3i+2 (row + 1, 0 when empty): one
   * table, so a probe touches one cache line where three arrays touched three (a national file's
   * tables are far bigger than the CPU's caches).
   */
  private slots: Int32Array;
  private capacity: number;
  private size = 0;

  /** `expected`: about how many keys will come (0 if unknown), so the table is made once at its size. */
  constructor(expected = 0) {
    this.capacity = Math.max(1024, Math.ceil((expected * 10) / 7) + 1);
    this.slots = new Int32Array(3 * this.capacity);
  }

  /** The row first seen with `key`, or undefined after remembering `row` as its first. */
  firstOrAdd(key: string, row: number): number | undefined {
    // At most 70% full, growing by half: a million keys take about 18 MB, not the 25 MB of doubling.
    if ((this.size + 1) * 10 > this.capacity * 7) this.grow();
    hash(key);
    const slot = this.find(hashA, hashB);
    const s = this.slots;
    if (s[slot + 2] !== 0) return s[slot + 2]! - 1;
    s[slot] = hashA;
    s[slot + 1] = hashB;
    s[slot + 2] = row + 1;
    this.size++;
    return undefined;
  }

  /** The word offset of the slot holding (a, b), or of the empty slot where it would go. */
  private find(a: number, b: number): number {
    const capacity = this.capacity;
    const s = this.slots;
    let i = ((a ^ Math.imul(b, 0x9e3779b1)) >>> 0) % capacity;
    for (;;) {
      const at = i * 3;
      if (s[at + 2] === 0 || (s[at] === a && s[at + 1] === b)) return at;
      i = i + 1 === capacity ? 0 : i + 1;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.slots = new Int32Array(3 * this.capacity);
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === 0) continue;
      const slot = this.find(old[at]!, old[at + 1]!);
      this.slots[slot] = old[at]!;
      this.slots[slot + 1] = old[at + 1]!;
      this.slots[slot + 2] = old[at + 2]!;
    }
  }
}

/** The two hashes of the last key hashed (module state, so hashing allocates nothing). */
let hashA = 0;
let hashB = 0;

function hash(key: string): void {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  hashA = a | 0;
  hashB = b | 0;
}
