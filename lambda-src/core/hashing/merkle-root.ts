import { joinHashes } from './hash-join';

/**
 * The Merkle root QLDB computes over a list of hashes: neighbours are joined pairwise from left to
 * right with `joinHashes`, an odd last hash is carried up unchanged, and this repeats until one hash
 * remains. An empty list gives an empty hash.
 */
export function merkleRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) {
    return new Uint8Array(0);
  }
  let level: readonly Uint8Array[] = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(joinHashes(level[i], level[i + 1]));
    }
    if (level.length % 2 === 1) {
      next.push(level[level.length - 1]);
    }
    level = next;
  }
  return level[0];
}
