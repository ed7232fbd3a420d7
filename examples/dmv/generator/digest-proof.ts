import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { merkleRoot } from '../../../lambda-src/core/hashing/merkle-root';
import { BlockAddress } from '../../../lambda-src/core/model/revision';
import { DigestProofFile } from '../../../lambda-src/core/verification/digest-proof-file';

export type { DigestProofFile };

/**
 * The simulated ledger digest: the Merkle root (merkleRoot, odd last hash carried up) of the hashes of
 * blocks 0..tip, in sequence order.
 */
export function ledgerDigest(blockHashes: readonly Uint8Array[]): Uint8Array {
  return merkleRoot(blockHashes);
}

/**
 * The sibling hashes met going from leaf `index` up to the root of merkleRoot(leaves): at each level the
 * neighbour of the current node, none where the node is an odd last one carried up unchanged.
 */
export function merkleProof(leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new Error(`merkleProof: leaf index ${index} is outside 0..${leaves.length - 1}`);
  }
  const proof: Uint8Array[] = [];
  let level: readonly Uint8Array[] = leaves;
  let position = index;
  while (level.length > 1) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < level.length) {
      proof.push(level[sibling]);
    }
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(joinHashes(level[i], level[i + 1]));
    }
    if (level.length % 2 === 1) {
      next.push(level[level.length - 1]);
    }
    level = next;
    position = Math.floor(position / 2);
  }
  return proof;
}

/** The digest at `tip` (blocks 0..tip.sequenceNo) and the proof of the tip block itself. */
export function digestProofOfTip(blockHashes: readonly Uint8Array[], tip: BlockAddress): DigestProofFile {
  const covered = blockHashes.slice(0, tip.sequenceNo + 1);
  if (covered.length !== tip.sequenceNo + 1) {
    throw new Error(`Digest tip ${tip.strandId}:${tip.sequenceNo} is beyond the ${blockHashes.length} committed blocks`);
  }
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    digest: base64(ledgerDigest(covered)),
    digestTipAddress: { strandId: tip.strandId, sequenceNo: tip.sequenceNo },
    proof: merkleProof(covered, tip.sequenceNo).map(base64),
    hash: base64(covered[tip.sequenceNo]),
    blockAddress: { strandId: tip.strandId, sequenceNo: tip.sequenceNo },
  };
}
