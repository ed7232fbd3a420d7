import { LedgerDecimal, LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';
import { operationOf } from '../../../lambda-src/core/model/revision';
import { decodeStreamRecord, StreamRecordError } from '../../../lambda-src/core/stream/stream-record';
import { realUserRecords } from '../../fixtures/stream/real-block-545';
import { ionBinary } from '../../support/ion-binary';


const ARN = 'arn:aws:qldb:eu-west-1:123456789012:stream/ledger/abc';
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('decodeStreamRecord on the real records of block 545', () => {
  const { blockSummary, revisionDetails } = realUserRecords();

  test('decodes the BLOCK_SUMMARY', () => {
    const record = decodeStreamRecord(blockSummary);
    if (record.recordType !== 'BLOCK_SUMMARY') throw new Error(`got ${record.recordType}`);
    expect(record.qldbStreamArn).toBe('arn:aws:qldb:eu-west-1:082136225280:stream/qldb-simple-demo-dev/Fy4gT7n9rnrLQDEhY6otul');
    expect(record.blockAddress).toEqual({ strandId: 'JUJgrQeIeI64ZgvXIuqlZ1', sequenceNo: 545 });
    expect(record.transactionId).toBe('2EOkysIJqfFACzE3TLlbY8');
    expect(record.blockTimestamp).toEqual(new LedgerTimestamp('2020-07-03T20:36:44.181Z'));
    expect(Buffer.from(record.blockHash).toString('base64')).toBe('voYmPG41b9+23P7U2EETlkI0e+N3oPLCEf4aE3lWq8c=');
    expect(record.entriesHashList).toHaveLength(4);
    expect(record.revisionSummaries).toEqual([{ hash: record.entriesHashList[1], documentId: 'LSkFrekxpQeDFzPFUNidAt' }]);
    expect((record.transactionInfo.statements as unknown[]).length).toBe(3);
    expect(record.redactionInfo).toBeUndefined();
    expect(record.ion).toBe(blockSummary);
  });

  test('decodes the REVISION_DETAILS into a LedgerRevision', () => {
    const record = decodeStreamRecord(revisionDetails);
    if (record.recordType !== 'REVISION_DETAILS') throw new Error(`got ${record.recordType}`);
    expect(record.tableInfo).toEqual({ tableName: 'BicycleLicence', tableId: '17CRCBBPOEe4aSgHpQ8fSm' });
    const { revision } = record;
    expect(revision).toMatchObject({
      tableId: '17CRCBBPOEe4aSgHpQ8fSm',
      tableName: 'BicycleLicence',
      blockAddress: { strandId: 'JUJgrQeIeI64ZgvXIuqlZ1', sequenceNo: 545 },
      documentId: 'LSkFrekxpQeDFzPFUNidAt',
      version: 0,
      txId: '2EOkysIJqfFACzE3TLlbY8',
    });
    expect(revision.txTime).toEqual(new LedgerTimestamp('2020-07-03T20:36:44.163Z'));
    expect(revision.data).toEqual({
      Name: 'Test User',
      Email: 'testuser@gmail.com',
      Telephone: '01234567',
      Postcode: 'AB123DE',
      PenaltyPoints: 0,
      Events: [{ eventName: 'LicenceHolderCreated', eventDate: '2020-07-03T20:36:43+0000' }],
      GUID: 'LSkFrekxpQeDFzPFUNidAt',
      LicenceId: 'LSKFREKXPQEDFZPFUNIDAT',
    });
    expect(hex(revision.hash)).toBe('24cd1c4a427f03dc968ba2687a608d2e8044ee4abd40ca4fd7e2d77968bc2596');
    expect(operationOf(revision)).toBe('I');
  });
});

describe('decodeStreamRecord', () => {
  const revision = (extra: string) =>
    `{qldbStreamArn:"${ARN}",recordType:"REVISION_DETAILS",payload:{tableInfo:{tableName:"T",tableId:"tid"},` +
    `revision:{blockAddress:{strandId:"s",sequenceNo:9},hash:{{${Buffer.alloc(32, 7).toString('base64')}}},${extra}` +
    'metadata:{id:"doc",version:2,txTime:2021-01-02T03:04:05.678Z,txId:"tx"}}}}';

  test('decodes CONTROL records', () => {
    const record = decodeStreamRecord(ionBinary(`{qldbStreamArn:"${ARN}",recordType:"CONTROL",payload:{controlRecordType:"CREATED"}}`));
    expect(record).toMatchObject({ recordType: 'CONTROL', controlRecordType: 'CREATED', qldbStreamArn: ARN });
  });

  test('keeps exact values in revision data', () => {
    const record = decodeStreamRecord(ionBinary(revision('data:{amount:90.25,big:9007199254740993,day:1963-08-19T},')));
    if (record.recordType !== 'REVISION_DETAILS') throw new Error('wrong type');
    expect(record.revision.data).toEqual({ amount: new LedgerDecimal('90.25'), big: 9007199254740993n, day: new LedgerTimestamp('1963-08-19T') });
  });

  test('decodes a redacted revision (dataHash, no data) and a deleted one (neither)', () => {
    const redacted = decodeStreamRecord(ionBinary(revision(`dataHash:{{${Buffer.alloc(32, 9).toString('base64')}}},`)));
    const deleted = decodeStreamRecord(ionBinary(revision('')));
    if (redacted.recordType !== 'REVISION_DETAILS' || deleted.recordType !== 'REVISION_DETAILS') throw new Error('wrong type');
    expect(redacted.revision.dataHash).toEqual(new Uint8Array(32).fill(9));
    expect(operationOf(redacted.revision)).toBe('U');
    expect(operationOf(deleted.revision)).toBe('D');
  });

  test('decodes a BLOCK_SUMMARY with redactionInfo and a system entry', () => {
    const h = (n: number) => `{{${Buffer.alloc(32, n).toString('base64')}}}`;
    const record = decodeStreamRecord(
      ionBinary(
        `{qldbStreamArn:"${ARN}",recordType:"BLOCK_SUMMARY",payload:{blockAddress:{strandId:"s",sequenceNo:10},transactionId:"t",` +
          `blockTimestamp:2021-01-02T03:04:05Z,blockHash:${h(1)},entriesHash:${h(2)},previousBlockHash:${h(3)},entriesHashList:[${h(4)}],` +
          `transactionInfo:{statements:[]},redactionInfo:{revisions:[]},revisionSummaries:[{hash:${h(5)}},{hash:${h(6)},documentId:"d"}]}}`,
      ),
    );
    if (record.recordType !== 'BLOCK_SUMMARY') throw new Error('wrong type');
    expect(record.redactionInfo).toEqual({ revisions: [] });
    expect(record.revisionSummaries).toEqual([{ hash: new Uint8Array(32).fill(5) }, { hash: new Uint8Array(32).fill(6), documentId: 'd' }]);
  });

  test('decodes the BLOCK_SUMMARY of a read-only transaction, which has no revisionSummaries', () => {
    const h = (n: number) => `{{${Buffer.alloc(32, n).toString('base64')}}}`;
    const record = decodeStreamRecord(
      ionBinary(
        `{qldbStreamArn:"${ARN}",recordType:"BLOCK_SUMMARY",payload:{blockAddress:{strandId:"s",sequenceNo:11},transactionId:"t",` +
          `blockTimestamp:2021-01-02T03:04:05Z,blockHash:${h(1)},entriesHash:${h(2)},previousBlockHash:${h(3)},entriesHashList:[${h(4)}],` +
          'transactionInfo:{statements:[{statement:"SELECT * FROM T"}]}}}',
      ),
    );
    expect(record).toMatchObject({ recordType: 'BLOCK_SUMMARY', revisionSummaries: [] });
  });

  test.each([
    ['revisionSummaries that is not a list', `{qldbStreamArn:"${ARN}",recordType:"BLOCK_SUMMARY",payload:{revisionSummaries:5}}`, 'BLOCK_SUMMARY payload: revisionSummaries is missing or not a list'],
    ['an unknown record type', `{qldbStreamArn:"${ARN}",recordType:"SURPRISE",payload:{}}`, "Unknown stream record type 'SURPRISE'"],
    ['a missing payload', `{qldbStreamArn:"${ARN}",recordType:"CONTROL"}`, 'CONTROL record: payload is missing or not a struct'],
    ['a missing version', revision('').replace('version:2,', ''), 'metadata.version is missing'],
    ['a hash that is not a blob', revision('').replace(/hash:\{\{[^}]*\}\}/, 'hash:"abc"'), 'revision (document doc, version 2).hash is missing or not a blob'],
    ['a top-level list', '[1,2]', 'Stream record is not an Ion struct (found list)'],
  ])('rejects %s, naming the place', (_what, text, message) => {
    expect(() => decodeStreamRecord(ionBinary(text))).toThrow(message);
  });

  test('rejects bytes that are not Ion', () => {
    const bytes = Uint8Array.of(0xe0, 0x01, 0x00, 0xea, 0xde, 0xff, 0x00);
    expect(() => decodeStreamRecord(bytes)).toThrow(StreamRecordError);
  });
});
