import { createHash } from 'crypto';
import { digestProofOfTip, ledgerDigest, merkleProof } from '../../../../examples/dmv/generator/digest-proof';
import { merkleRoot } from '../../../../lambda-src/core/hashing/merkle-root';
import { foldProof } from '../../../../lambda-src/core/hashing/proof';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => new Uint8Array(createHash('sha256').update(`block ${i}`).digest()));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('merkleProof', () => {
  test.each([1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31])('every leaf of %i folds to the Merkle root', (n) => {
    const hashes = leaves(n);
    const root = hex(merkleRoot(hashes));
    for (let i = 0; i < n; i++) {
      expect(hex(foldProof(hashes[i], merkleProof(hashes, i)))).toEqual(root);
    }
  });

  test('a proof does not fold another leaf to the root', () => {
    const hashes = leaves(9);
    expect(hex(foldProof(hashes[3], merkleProof(hashes, 4)))).not.toEqual(hex(merkleRoot(hashes)));
  });

  test('an index outside the leaves is refused', () => {
    expect(() => merkleProof(leaves(3), 3)).toThrow('leaf index 3 is outside 0..2');
  });
});

describe('digestProofOfTip', () => {
  test('covers the blocks up to the tip and proves the tip block', () => {
    const hashes = leaves(12);
    const file = digestProofOfTip(hashes, { strandId: 'S', sequenceNo: 6 });
    expect(file.digest).toEqual(Buffer.from(ledgerDigest(hashes.slice(0, 7))).toString('base64'));
    expect(file.hash).toEqual(Buffer.from(hashes[6]).toString('base64'));
    const folded = foldProof(Buffer.from(file.hash, 'base64'), file.proof.map((p) => Buffer.from(p, 'base64')));
    expect(Buffer.from(folded).toString('base64')).toEqual(file.digest);
  });

  test('a tip beyond the committed blocks is refused', () => {
    expect(() => digestProofOfTip(leaves(2), { strandId: 'S', sequenceNo: 2 })).toThrow('Digest tip S:2 is beyond the 2 committed blocks');
  });
});
