import { createHash } from 'crypto';
import { HASH_LENGTH, joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { merkleRoot } from '../../../lambda-src/core/hashing/merkle-root';
import { extractBlob, extractBlobList, realUserRecords } from '../../fixtures/stream/real-block-545';

const sha256 = (...parts: Uint8Array[]) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A join with a different byte order, to show which order QLDB uses. */
function joinWith(compare: (a: Uint8Array, b: Uint8Array) => number) {
  return (a: Uint8Array, b: Uint8Array) => (compare(a, b) < 0 ? sha256(a, b) : sha256(b, a));
}
const signed = (byte: number) => (byte > 127 ? byte - 256 : byte);
const unsignedFromLast = (a: Uint8Array, b: Uint8Array) => {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};
const signedFromFirst = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return signed(a[i]) - signed(b[i]);
  return 0;
};
const unsignedFromFirst = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function merkleWith(join: (a: Uint8Array, b: Uint8Array) => Uint8Array, leaves: Uint8Array[]): Uint8Array {
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(join(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

describe('joinHashes on the real block 545', () => {
  const { blockSummary } = realUserRecords();
  const blockHash = extractBlob(blockSummary, ['payload', 'blockHash']);
  const entriesHash = extractBlob(blockSummary, ['payload', 'entriesHash']);
  const previousBlockHash = extractBlob(blockSummary, ['payload', 'previousBlockHash']);
  const entriesHashList = extractBlobList(blockSummary, ['payload', 'entriesHashList']);

  test('reproduces the stated block hash and entries hash', () => {
    expect(hex(joinHashes(entriesHash, previousBlockHash))).toBe(hex(blockHash));
    expect(hex(merkleRoot(entriesHashList))).toBe(hex(entriesHash));
  });

  test('is symmetric', () => {
    expect(hex(joinHashes(previousBlockHash, entriesHash))).toBe(hex(blockHash));
  });

  test('comparing unsigned bytes from the last byte gives a wrong block hash', () => {
    expect(hex(joinWith(unsignedFromLast)(entriesHash, previousBlockHash))).not.toBe(hex(blockHash));
  });

  test('comparing signed bytes from the first byte gives a wrong entries hash', () => {
    expect(hex(merkleWith(joinWith(signedFromFirst), entriesHashList))).not.toBe(hex(entriesHash));
  });
});

describe('joinHashes ordering', () => {
  // Unsigned front-to-back ordering happens to agree with QLDB's ordering on every join of the real
  // block 545, so this pair is built to separate them: `a` is smaller front-to-back (0x00 < 0xff) and
  // unsigned at the last byte (0x7f < 0x80), but larger as a signed last byte (127 > -128).
  const a = new Uint8Array(HASH_LENGTH).fill(0x00);
  a[HASH_LENGTH - 1] = 0x7f;
  const b = new Uint8Array(HASH_LENGTH).fill(0xff);
  b[HASH_LENGTH - 1] = 0x80;

  test('puts the hash with the smaller signed last byte first', () => {
    expect(hex(joinHashes(a, b))).toBe(hex(sha256(b, a)));
    expect(hex(joinHashes(b, a))).toBe(hex(sha256(b, a)));
  });

  test('differs from an unsigned front-to-back comparison', () => {
    expect(hex(joinWith(unsignedFromFirst)(a, b))).toBe(hex(sha256(a, b)));
    expect(hex(joinHashes(a, b))).not.toBe(hex(joinWith(unsignedFromFirst)(a, b)));
  });

  test('compares from the last byte towards the first', () => {
    const c = new Uint8Array(HASH_LENGTH).fill(0x10);
    const d = new Uint8Array(HASH_LENGTH).fill(0x10);
    c[0] = 0x01; // c is smaller at the first byte...
    d[0] = 0x02;
    c[30] = 0x20; // ...but larger at the last differing byte
    expect(hex(joinHashes(c, d))).toBe(hex(sha256(d, c)));
  });

  test('an empty hash is the identity', () => {
    expect(hex(joinHashes(new Uint8Array(0), a))).toBe(hex(a));
    expect(hex(joinHashes(a, new Uint8Array(0)))).toBe(hex(a));
  });

  test('rejects hashes that are not 32 bytes, naming the sizes', () => {
    expect(() => joinHashes(new Uint8Array(31), a)).toThrow('Cannot join hashes of 31 and 32 bytes');
  });
});
