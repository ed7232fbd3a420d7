import { createHash } from 'crypto';
import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { merkleRoot } from '../../../lambda-src/core/hashing/merkle-root';
import { extractBlob, extractBlobList, realUserRecords } from '../../fixtures/stream/real-block-545';

const leaf = (name: string) => new Uint8Array(createHash('sha256').update(name).digest());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(leaf);

describe('merkleRoot', () => {
  test('of no hashes is the empty hash', () => {
    expect(merkleRoot([])).toEqual(new Uint8Array(0));
  });

  test('of one hash is that hash', () => {
    expect(hex(merkleRoot([a]))).toBe(hex(a));
  });

  test('of two hashes joins them', () => {
    expect(hex(merkleRoot([a, b]))).toBe(hex(joinHashes(a, b)));
  });

  test('of three hashes carries the odd last one up', () => {
    expect(hex(merkleRoot([a, b, c]))).toBe(hex(joinHashes(joinHashes(a, b), c)));
  });

  test('of five hashes carries the odd last one up twice', () => {
    expect(hex(merkleRoot([a, b, c, d, e]))).toBe(hex(joinHashes(joinHashes(joinHashes(a, b), joinHashes(c, d)), e)));
  });

  test('pairs neighbours left to right, not the last two', () => {
    expect(hex(merkleRoot([a, b, c]))).not.toBe(hex(joinHashes(a, joinHashes(b, c))));
  });

  test('of the real block 545 entriesHashList is its entriesHash', () => {
    const { blockSummary } = realUserRecords();
    const entriesHashList = extractBlobList(blockSummary, ['payload', 'entriesHashList']);
    expect(entriesHashList).toHaveLength(4);
    expect(hex(merkleRoot(entriesHashList))).toBe(hex(extractBlob(blockSummary, ['payload', 'entriesHash'])));
  });
});
