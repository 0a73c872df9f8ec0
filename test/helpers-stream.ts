/** Readers over bytes in memory that hand them out in awkward slices, as a disk or pipe might. */
import type { ByteReader } from '../src/core/types.js';

/** A reader over `bytes` that gives at most `sizes[k]` bytes on its k-th read (cycling). */
export function sliceReader(
  bytes: Uint8Array,
  sizes: readonly number[] = [1 << 20],
): ByteReader & {
  closed: boolean;
} {
  let at = 0;
  let k = 0;
  const reader = {
    closed: false,
    read(into: Uint8Array): number {
      if (reader.closed) throw new Error('read after close');
      const n = Math.min(into.length, bytes.length - at, Math.max(1, sizes[k++ % sizes.length]!));
      into.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
    close() {
      reader.closed = true;
    },
  };
  return reader;
}
