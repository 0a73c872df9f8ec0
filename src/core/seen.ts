/**
 * "Have I seen this key before, and on which row?" for a million keys in a few megabytes: an
 * open-addressing table of 64-bit string hashes (two independent 32-bit FNV-1a variants) and row
 * numbers, instead of a Map holding every e-mail as a string. Two different keys share a 64-bit
 * hash with probability about n²/2⁶⁵ (3·10⁻⁸ for a million rows), which we accept.
 */
export class FirstSeen {
  private h1 = new Uint32Array(1024);
  private h2 = new Uint32Array(1024);
  /** Row + 1, so 0 means an empty slot. */
  private rows = new Int32Array(1024);
  private size = 0;

  /** The row first seen with `key`, or undefined after remembering `row` as its first. */
  firstOrAdd(key: string, row: number): number | undefined {
    if ((this.size + 1) * 2 > this.rows.length) this.grow();
    const [a, b] = hash(key);
    const slot = this.find(a, b);
    if (this.rows[slot] !== 0) return this.rows[slot]! - 1;
    this.h1[slot] = a;
    this.h2[slot] = b;
    this.rows[slot] = row + 1;
    this.size++;
    return undefined;
  }

  private find(a: number, b: number): number {
    const mask = this.rows.length - 1;
    let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    while (this.rows[slot] !== 0 && (this.h1[slot] !== a || this.h2[slot] !== b)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { h1, h2, rows } = this;
    this.h1 = new Uint32Array(rows.length * 2);
    this.h2 = new Uint32Array(rows.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === 0) continue;
      const slot = this.find(h1[i]!, h2[i]!);
      this.h1[slot] = h1[i]!;
      this.h2[slot] = h2[i]!;
      this.rows[slot] = rows[i]!;
    }
  }
}

function hash(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, b >>> 0];
}
