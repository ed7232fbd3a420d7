import { createHash } from 'crypto';

/** Length in bytes of a QLDB hash (SHA-256). */
export const HASH_LENGTH = 32;

/**
 * Compares two hashes the way QLDB orders them before joining: as signed bytes, from the last byte to
 * the first. Returns a negative number when `a` sorts first, positive when `b` does, 0 when equal.
 */
export function compareHashes(a: Uint8Array, b: Uint8Array): number {
  for (let i = HASH_LENGTH - 1; i >= 0; i--) {
    const difference = toSignedByte(a[i]) - toSignedByte(b[i]);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/**
 * QLDB's `dot` operator: joins two hashes into their parent hash. An empty hash is the identity
 * (the other one is returned); otherwise the two 32-byte hashes are ordered with `compareHashes`,
 * concatenated smaller first, and hashed with SHA-256.
 */
export function joinHashes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) {
    return b;
  }
  if (b.length === 0) {
    return a;
  }
  if (a.length !== HASH_LENGTH || b.length !== HASH_LENGTH) {
    throw new Error(`Cannot join hashes of ${a.length} and ${b.length} bytes: QLDB hashes are ${HASH_LENGTH} bytes (or empty)`);
  }
  const [first, second] = compareHashes(a, b) < 0 ? [a, b] : [b, a];
  return new Uint8Array(createHash('sha256').update(first).update(second).digest());
}

function toSignedByte(value: number): number {
  return value > 127 ? value - 256 : value;
}
