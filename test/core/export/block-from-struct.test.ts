import { blockFromStruct } from '../../../lambda-src/core/export/block-from-struct';
import { parseJsonValue } from '../../../lambda-src/core/export/json-value-parser';
import { LedgerStruct, LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';

const HASH = Buffer.alloc(32, 7).toString('base64');

/** A block as a JSON export holds it (hashes as base64 text, times as timestamp text); `change` edits it first. */
function block(change: (b: any) => void = () => undefined): LedgerStruct {
  const b = {
    blockAddress: { strandId: 's', sequenceNo: 5 },
    transactionId: 'tx',
    blockTimestamp: '2020-07-03T20:36:44.181Z',
    blockHash: HASH,
    entriesHash: HASH,
    previousBlockHash: HASH,
    entriesHashList: [HASH, HASH],
    transactionInfo: {
      statements: [{ statement: 'INSERT INTO Person ?', startTime: '2020-07-03T20:36:44.100Z', statementDigest: HASH }],
      documents: { D: { tableName: 'Person', tableId: 'T', statements: [0] } },
    },
    revisions: [
      { blockAddress: { strandId: 's', sequenceNo: 5 }, hash: HASH, data: { Name: 'x' }, metadata: { id: 'D', version: 2, txTime: '2020-07-03T20:36:44.181Z', txId: 'tx' } },
      { hash: HASH },
    ],
  };
  change(b);
  return parseJsonValue(JSON.stringify(b)) as LedgerStruct;
}

describe('blockFromStruct', () => {
  test('converts a block of a JSON export: base64 hashes to bytes, timestamp text to timestamps', () => {
    const converted = blockFromStruct(block(), 'k');
    expect(converted.blockAddress).toEqual({ strandId: 's', sequenceNo: 5 });
    expect(Buffer.from(converted.blockHash).toString('base64')).toBe(HASH);
    expect(converted.entriesHashList).toHaveLength(2);
    expect(converted.transactionInfo.statements[0]).toEqual({
      statement: 'INSERT INTO Person ?', startTime: new LedgerTimestamp('2020-07-03T20:36:44.100Z'), statementDigest: Buffer.alloc(32, 7),
    });
    expect(converted.revisions).toHaveLength(1); // the entry without metadata is a system entry
    expect(converted.revisionHashes).toHaveLength(2);
    expect(converted.revisions[0]).toMatchObject({ tableName: 'Person', tableId: 'T', documentId: 'D', version: 2, txId: 'tx', data: { Name: 'x' } });
  });

  test.each<[string, (b: any) => void, string]>([
    ['a revision hash', (b) => (b.revisions[1].hash = 'not base64!'), 'k, block 5: revisions[1].hash is missing or not a blob (or base64 text)'],
    ['a hash in the URL-safe alphabet', (b) => (b.revisions[0].hash = Buffer.alloc(32, 0xfb).toString('base64url') + '='),
      'k, block 5: revisions[0].hash is missing or not a blob (or base64 text)'],
    ['a version', (b) => (b.revisions[0].metadata.version = 'two'), 'k, block 5: revisions[0]: document D: metadata.version is missing or not an integer'],
    ['a transaction time', (b) => (b.revisions[0].metadata.txTime = 5), 'k, block 5: revisions[0]: document D version 2: metadata.txTime is missing or not a timestamp'],
    ['a revision of another block', (b) => (b.revisions[0].blockAddress.sequenceNo = 6),
      "k, block 5: revisions[0]: document D version 2: the revision's blockAddress s/6 is not its block's"],
    ['a revision block address', (b) => (b.revisions[0].blockAddress = { strandId: 's' }),
      'k, block 5: revisions[0]: document D version 2: blockAddress.sequenceNo is missing or not an integer'],
    ['a hash of the list', (b) => (b.entriesHashList[1] = 12), 'k, block 5: entriesHashList[1] is missing or not a blob (or base64 text)'],
    ['a statement index', (b) => (b.transactionInfo.documents.D.statements = ['x']),
      'k, block 5: transactionInfo.documents.D.statements[0] is missing or not an integer'],
    ['a statement digest', (b) => (b.transactionInfo.statements[0].statementDigest = 'abc'),
      'k, block 5: transactionInfo.statements[0].statementDigest is missing or not a blob (or base64 text)'],
    ['the block address', (b) => (b.blockAddress.strandId = 1), 'k: blockAddress.strandId is missing or not a string'],
  ])('names the place of a bad value: %s', (_, change, message) => {
    expect(() => blockFromStruct(block(change), 'k')).toThrow(message);
  });
});
