import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { foldProof } from '../../../lambda-src/core/hashing/proof';
import { extractBlob, extractBlobList, realUserRecords } from '../../fixtures/stream/real-block-545';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('foldProof', () => {
  const { blockSummary, revisionDetails } = realUserRecords();
  const blockHash = extractBlob(blockSummary, ['payload', 'blockHash']);
  const previousBlockHash = extractBlob(blockSummary, ['payload', 'previousBlockHash']);
  const entriesHashList = extractBlobList(blockSummary, ['payload', 'entriesHashList']);
  const revisionHash = extractBlob(revisionDetails, ['payload', 'revision', 'hash']);

  test('an empty proof leaves the start hash', () => {
    expect(hex(foldProof(revisionHash, []))).toBe(hex(revisionHash));
  });

  test('folds a real revision up to its block hash', () => {
    // Block 545 has one revision, so its revisions root is the revision hash, entriesHashList[1].
    // Its path to the block hash: sibling entriesHashList[0], then the root of entries 2 and 3, then
    // the previous block hash.
    expect(hex(entriesHashList[1])).toBe(hex(revisionHash));
    const proof = [entriesHashList[0], joinHashes(entriesHashList[2], entriesHashList[3]), previousBlockHash];
    expect(hex(foldProof(revisionHash, proof))).toBe(hex(blockHash));
  });

  test('a proof with a wrong sibling does not reach the block hash', () => {
    const proof = [entriesHashList[2], joinHashes(entriesHashList[0], entriesHashList[3]), previousBlockHash];
    expect(hex(foldProof(revisionHash, proof))).not.toBe(hex(blockHash));
  });
});
