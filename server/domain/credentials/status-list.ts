/**
 * W3C Bitstring Status List v1.0: one bit per credential, index 0 is the most significant bit of the first
 * byte; a set bit means the status purpose (here revocation) applies. The list is at least 16 KB
 * (131,072 entries) and each credential gets a random free index in it, so that a list reveals neither how
 * many credentials a tenant issued nor in which order (the specification's herd privacy).
 */
import type { Rng } from '../psychometrics/rng.js';

/** The minimum list length in bits the specification asks for (herd privacy). */
export const MIN_STATUS_LIST_BITS = 131_072;

/** The uncompressed bitstring with the given indexes set. */
export function statusBitstring(
  setIndexes: readonly number[],
  minBits: number = MIN_STATUS_LIST_BITS,
): Uint8Array {
  const highest = setIndexes.reduce((max, i) => Math.max(max, i), -1);
  const bits = Math.max(minBits, Math.ceil((highest + 1) / 8) * 8);
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  for (const index of setIndexes) {
    if (!Number.isInteger(index) || index < 0) throw new RangeError(`bad status list index ${index}`);
    bytes[index >> 3] = (bytes[index >> 3] as number) | (0x80 >> (index & 7));
  }
  return bytes;
}

/** Whether the bit at `index` is set in an uncompressed bitstring. */
export function statusBitAt(bitstring: Uint8Array, index: number): boolean {
  const byte = bitstring[index >> 3];
  return byte !== undefined && (byte & (0x80 >> (index & 7))) !== 0;
}

/**
 * How many entries the tenant's list has: the minimum, doubled until it holds the highest index given out.
 * Issuing doubles it once draws keep landing on taken entries (see the issuing use case), so it only grows
 * and an index handed out once stays inside every list published later.
 */
export function statusListLength(highestIndex = -1): number {
  let length = MIN_STATUS_LIST_BITS;
  while (length <= highestIndex) length *= 2;
  return length;
}

/** `count` indexes drawn uniformly from a list of `length` entries: candidates for a new credential. */
export function drawStatusListIndexes(rng: Rng, length: number, count: number): number[] {
  return Array.from({ length: count }, () => Math.min(length - 1, Math.floor(rng.next() * length)));
}
