import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { checkProof, parseProof } from '../../../lambda-src/core/verification/proof-check';
import { VerificationRecorder } from '../../../lambda-src/core/verification/verification-recorder';
import { extractBlob, extractBlobList, realUserRecords } from '../../fixtures/stream/real-block-545';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('proofs', () => {
  const { blockSummary, revisionDetails } = realUserRecords();
  const blockHash = extractBlob(blockSummary, ['payload', 'blockHash']);
  const previousBlockHash = extractBlob(blockSummary, ['payload', 'previousBlockHash']);
  const entries = extractBlobList(blockSummary, ['payload', 'entriesHashList']);
  const revisionHash = extractBlob(revisionDetails, ['payload', 'revision', 'hash']);
  // The path from the real revision to its block hash, written as GetRevision writes Proof.IonText.
  const proofText = `[{{${b64(entries[0])}}},{{${b64(joinHashes(entries[2], entries[3]))}}},{{${b64(previousBlockHash)}}}]`;

  test('parseProof reads the hashes of Proof.IonText in order', () => {
    expect(parseProof(proofText)).toEqual([entries[0], joinHashes(entries[2], entries[3]), previousBlockHash]);
  });

  test('parseProof refuses anything but a list of hashes', () => {
    expect(() => parseProof('{a:1}')).toThrow('A QLDB proof must be an Ion list of hashes');
    expect(() => parseProof('[{{AAEC}}, 5]')).toThrow('proof[1] is not a hash (found int)');
  });

  test('a real revision folds to the digest it is covered by', () => {
    const recorder = new VerificationRecorder();
    const location = { blockSequenceNo: 545, documentId: 'LSkFrekxpQeDFzPFUNidAt', version: 0 };
    expect(checkProof({ start: revisionHash, proof: parseProof(proofText), digest: blockHash, location, subject: 'document LSkFrekxpQeDFzPFUNidAt version 0' }, recorder)).toBe(true);
    expect(recorder.report().results[0]).toMatchObject({ check: 'proof', status: 'passed', location });
  });

  test('a wrong digest fails with expected and actual hashes', () => {
    const recorder = new VerificationRecorder();
    const wrongDigest = Uint8Array.from(blockHash);
    wrongDigest[0] ^= 1;
    expect(checkProof({ start: revisionHash, proof: parseProof(proofText), digest: wrongDigest, location: { blockSequenceNo: 545 }, subject: 'block 545' }, recorder)).toBe(false);
    expect(recorder.firstFailure).toMatchObject({
      check: 'proof',
      status: 'failed',
      message: 'not true at block 545: the 3-hash proof of block 545 folds to the digest',
      expected: Buffer.from(wrongDigest).toString('hex'),
      actual: Buffer.from(blockHash).toString('hex'),
    });
  });
});
