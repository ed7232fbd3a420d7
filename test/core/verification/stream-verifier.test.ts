import { asSymbol, flipByte, IonPath, Replacement, rewriteIon, withIon, writeValueOnly } from './ion-rewrite';
import { decodeKinesisEvent } from '../../../lambda-src/core/stream/kinesis-event';
import { DecodedStreamRecord, StreamItem } from '../../../lambda-src/core/stream/stream-item';
import { decodeStreamRecord } from '../../../lambda-src/core/stream/stream-record';
import { CheckName } from '../../../lambda-src/core/verification/check-result';
import { RULE_DATA } from '../../../lambda-src/core/verification/revision-hash';
import { verifyStreamItems } from '../../../lambda-src/core/verification/stream-verifier';
import { summarizeReport } from '../../../lambda-src/core/verification/verification-recorder';
import { loadRealEvent, REAL_SEQUENCE_NUMBER } from '../../fixtures/stream/real-event';

const DOCUMENT_ID = 'LSkFrekxpQeDFzPFUNidAt';
const realItems = () => decodeKinesisEvent(loadRealEvent()) as DecodedStreamRecord[];

describe('verifyStreamItems on the real event', () => {
  test('verifies everything: revision hash, membership, transactionInfo, entries root, block hash', () => {
    const report = verifyStreamItems(realItems());

    expect(report.verified).toBe(true);
    expect(report.firstFailure).toBeUndefined();
    expect(report.counts).toEqual({
      'transaction-info-hash': { passed: 1 },
      'revisions-root': { passed: 1 },
      'entries-root': { passed: 1 },
      'block-hash': { passed: 1 },
      'revision-hash': { passed: 1 },
      'revision-membership': { passed: 1 },
    });
    const revisionHash = report.results.find((r) => r.check === 'revision-hash')!;
    expect(revisionHash.rule).toBe(RULE_DATA);
    expect(revisionHash.location).toEqual({
      streamRecord: `event record 0, Kinesis sequence ${REAL_SEQUENCE_NUMBER} sub-record 1`,
      strandId: 'JUJgrQeIeI64ZgvXIuqlZ1',
      blockSequenceNo: 545,
      documentId: DOCUMENT_ID,
      version: 0,
    });
    expect(report.results.find((r) => r.check === 'revision-membership')!.message).toBe('the revision hash is revisionSummaries[0] of block 545');
  });

  test('verifies duplicates once and tolerates any order', () => {
    const items = realItems();
    const report = verifyStreamItems([items[1], items[0], items[1], items[0]]);
    expect(report.verified).toBe(true);
    expect(report.counts['revision-hash']).toEqual({ passed: 1 });
    expect(report.counts['block-hash']).toEqual({ passed: 1 });
  });

  test('without the block summary, the revision hash verifies and membership is reported as not run', () => {
    const report = verifyStreamItems([realItems()[1]]);
    expect(report.verified).toBe(true);
    expect(report.counts).toEqual({ 'revision-hash': { passed: 1 }, 'revision-membership': { 'not-run': 1 } });
    expect(report.results[1].message).toBe('the BLOCK_SUMMARY of block 545 is not in the input');
  });

  test('skips rejects and CONTROL records', () => {
    const reject: StreamItem = { kind: 'reject', origin: { subSequenceNumber: 0 }, rawBase64: 'AA==', reason: 'x' };
    const report = verifyStreamItems([reject, ...realItems()]);
    expect(report.verified).toBe(true);
    expect(report.counts['block-hash']).toEqual({ passed: 1 });
  });
});

describe('tampering with the real event is caught at the right item', () => {
  type Target = 'BLOCK_SUMMARY' | 'REVISION_DETAILS';
  const revisionLocation = { blockSequenceNo: 545, documentId: DOCUMENT_ID, version: 0 };
  const blockLocation = { blockSequenceNo: 545 };

  const cases: Array<[string, Target, IonPath, Replacement, CheckName, object]> = [
    ['data: a number', 'REVISION_DETAILS', ['payload', 'revision', 'data', 'PenaltyPoints'], withIon('1'), 'revision-hash', revisionLocation],
    ['data: a string becomes a symbol', 'REVISION_DETAILS', ['payload', 'revision', 'data', 'Email'], asSymbol(), 'revision-hash', revisionLocation],
    ['data: a nested value', 'REVISION_DETAILS', ['payload', 'revision', 'data', 'Events', 0, 'eventName'], withIon('"LicenceHolderCreatee"'), 'revision-hash', revisionLocation],
    ['data: an added field', 'REVISION_DETAILS', ['payload', 'revision', 'data'], withIon('{Name:"Test User",Extra:1}'), 'revision-hash', revisionLocation],
    ['metadata: txTime precision', 'REVISION_DETAILS', ['payload', 'revision', 'metadata', 'txTime'], withIon('2020-07-03T20:36:44.1630Z'), 'revision-hash', revisionLocation],
    ['metadata: txId', 'REVISION_DETAILS', ['payload', 'revision', 'metadata', 'txId'], withIon('"2EOkysIJqfFACzE3TLlbY9"'), 'revision-hash', revisionLocation],
    ['metadata: version', 'REVISION_DETAILS', ['payload', 'revision', 'metadata', 'version'], withIon('1'), 'revision-hash', { ...revisionLocation, version: 1 }],
    ['revision hash', 'REVISION_DETAILS', ['payload', 'revision', 'hash'], flipByte(5), 'revision-hash', revisionLocation],
    ['statement text', 'BLOCK_SUMMARY', ['payload', 'transactionInfo', 'statements', 1, 'statement'], withIon('"INSERT INTO BicycleLicence  ?"'), 'transaction-info-hash', blockLocation],
    ['statement digest', 'BLOCK_SUMMARY', ['payload', 'transactionInfo', 'statements', 0, 'statementDigest'], flipByte(31), 'transaction-info-hash', blockLocation],
    ['statement start time', 'BLOCK_SUMMARY', ['payload', 'transactionInfo', 'statements', 2, 'startTime'], withIon('2020-07-03T20:36:44.135Z'), 'transaction-info-hash', blockLocation],
    ['document table name', 'BLOCK_SUMMARY', ['payload', 'transactionInfo', 'documents', DOCUMENT_ID, 'tableName'], withIon('"Bicycle"'), 'transaction-info-hash', blockLocation],
    ['revision summary hash', 'BLOCK_SUMMARY', ['payload', 'revisionSummaries', 0, 'hash'], flipByte(0), 'revisions-root', blockLocation],
    ['an entriesHashList hash', 'BLOCK_SUMMARY', ['payload', 'entriesHashList', 0], flipByte(12), 'entries-root', blockLocation],
    ['the revisions root in entriesHashList', 'BLOCK_SUMMARY', ['payload', 'entriesHashList', 1], flipByte(12), 'revisions-root', blockLocation],
    ['entriesHash', 'BLOCK_SUMMARY', ['payload', 'entriesHash'], flipByte(20), 'entries-root', blockLocation],
    ['previousBlockHash', 'BLOCK_SUMMARY', ['payload', 'previousBlockHash'], flipByte(3), 'block-hash', blockLocation],
    ['blockHash', 'BLOCK_SUMMARY', ['payload', 'blockHash'], flipByte(31), 'block-hash', blockLocation],
  ];

  test.each(cases)('%s', (_name, target, path, replace, expectedCheck, expectedLocation) => {
    const items = realItems();
    const index = items.findIndex((item) => item.record.recordType === target);
    const tampered = rewriteIon(items[index].record.ion, path, replace);
    items[index] = { ...items[index], record: decodeStreamRecord(tampered) };

    const report = verifyStreamItems(items);

    expect(report.verified).toBe(false);
    expect(report.firstFailure).toMatchObject({ check: expectedCheck, status: 'failed', location: expectedLocation });
    expect(report.firstFailure!.location.streamRecord).toBe(`event record 0, Kinesis sequence ${REAL_SEQUENCE_NUMBER} sub-record ${index}`);
    expect(report.firstFailure!.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(summarizeReport(report)).toContain(`FIRST FAILURE: ${expectedCheck} at `);
  });

  test('the untampered rewrite verifies, so the mutations alone cause the failures', () => {
    const items = realItems();
    const copies = items.map((item) => ({ ...item, record: decodeStreamRecord(rewriteIon(item.record.ion, ['payload'], writeValueOnly)) }));
    expect(verifyStreamItems(copies).verified).toBe(true);
  });

  test('changed content under an intact stated hash fails the content check, not membership', () => {
    const items = realItems();
    const changed = rewriteIon(items[1].record.ion, ['payload', 'revision', 'data', 'PenaltyPoints'], withIon('3'));
    const report = verifyStreamItems([items[0], { ...items[1], record: decodeStreamRecord(changed) }]);
    expect(report.firstFailure!.check).toBe('revision-hash');
    expect(report.results.find((r) => r.check === 'revision-membership')!.status).toBe('passed');
  });

  test('a changed stated hash also fails membership in the block summary', () => {
    const items = realItems();
    const changed = rewriteIon(items[1].record.ion, ['payload', 'revision', 'hash'], flipByte(0));
    const report = verifyStreamItems([items[0], { ...items[1], record: decodeStreamRecord(changed) }]);
    expect(report.results.find((r) => r.check === 'revision-membership')).toMatchObject({
      status: 'failed',
      message: 'the revision hash is not among the 1 revisionSummaries of block 545',
    });
  });
});
