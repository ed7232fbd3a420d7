import { joinHashes } from './hash-join';

/**
 * Folds a QLDB proof (the list of sibling hashes returned by GetBlock or GetRevision with a digest tip
 * address) onto a starting block or revision hash. The result equals the ledger digest when the
 * starting hash is covered by that digest.
 */
export function foldProof(start: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  return proof.reduce((hash, sibling) => joinHashes(hash, sibling), start);
}
