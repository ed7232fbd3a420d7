import { createHash } from 'crypto';
import { makeReader, makeTextWriter } from 'ion-js';
import { exportBlockFromStream } from './export-block-from-stream';
import { flipByte, rewriteIon, withIon } from './ion-rewrite';
import { buildBlock, buildChain, STRAND, toJsonLines } from './synthetic-ledger';
import { ExportVerifier, verifyExportBlock } from '../../../lambda-src/core/verification/export-verifier';
import { readHashedBlock } from '../../../lambda-src/core/verification/hashed-block';
import { descendToField } from '../../../lambda-src/core/verification/ion-navigation';
import {
  RULE_DATA,
  RULE_DELETED_EMPTY_DATA,
  RULE_DELETED_METADATA_ONLY,
  RULE_REDACTED,
} from '../../../lambda-src/core/verification/revision-hash';
import { VerificationRecorder } from '../../../lambda-src/core/verification/verification-recorder';
import { realUserRecords } from '../../fixtures/stream/real-block-545';

const DOCUMENT_ID = 'LSkFrekxpQeDFzPFUNidAt';
const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

function toText(ion: Uint8Array): string {
  const reader = makeReader(ion);
  const writer = makeTextWriter();
  writer.writeValues(reader);
  writer.close();
  return Buffer.from(writer.getBytes()).toString('utf8');
}

function verifyObjects(objects: Array<[string, Uint8Array | string]>, options = {}) {
  const verifier = new ExportVerifier(options);
  for (const [key, content] of objects) {
    verifier.verifyDataObject(makeReader(content), key);
  }
  return verifier.report();
}

describe('an export block built from the real stream records of block 545', () => {
  const { blockSummary, revisionDetails } = realUserRecords();
  const block = exportBlockFromStream(blockSummary, [revisionDetails]);

  test.each([
    ['Ion binary', block],
    ['Ion text', toText(block)],
  ])('verifies completely from %s', (_format, content) => {
    const report = verifyObjects([['JUJgrQeIeI64ZgvXIuqlZ1.545-545.ion', content]]);
    expect(report.firstFailure).toBeUndefined();
    expect(report.counts).toEqual({
      'revision-hash': { passed: 1 },
      'transaction-info-hash': { passed: 1 },
      'revisions-root': { passed: 1 },
      'entries-root': { passed: 1 },
      'block-hash': { passed: 1 },
    });
    expect(report.results[0]).toMatchObject({
      rule: RULE_DATA,
      location: { objectKey: 'JUJgrQeIeI64ZgvXIuqlZ1.545-545.ion', blockSequenceNo: 545, revisionIndex: 0, documentId: DOCUMENT_ID, version: 0 },
    });
  });

  test.each([
    ['data', ['revisions', 0, 'data', 'Postcode'], withIon('"AB123DF"'), 'revision-hash'],
    ['metadata', ['revisions', 0, 'metadata', 'id'], withIon(`"${DOCUMENT_ID.replace('L', 'M')}"`), 'revision-hash'],
    ['revision hash', ['revisions', 0, 'hash'], flipByte(9), 'revision-hash'],
    ['statements', ['transactionInfo', 'statements', 0, 'statement'], withIon('"SELECT * FROM BicycleLicence"'), 'transaction-info-hash'],
    ['entriesHashList', ['entriesHashList', 3], flipByte(0), 'transaction-info-hash'],
    ['entriesHash', ['entriesHash'], flipByte(1), 'entries-root'],
    ['blockHash', ['blockHash'], flipByte(2), 'block-hash'],
  ] as const)('a tampered %s fails first at the right item', (_what, path, replace, check) => {
    const report = verifyObjects([['545.ion', rewriteIon(block, path, replace)]]);
    expect(report.firstFailure).toMatchObject({ check, status: 'failed', location: { objectKey: '545.ion', blockSequenceNo: 545 } });
    if (check === 'revision-hash') {
      expect(report.firstFailure!.location).toMatchObject({ documentId: path[2] === 'metadata' ? DOCUMENT_ID.replace('L', 'M') : DOCUMENT_ID, version: 0 });
      expect(report.firstFailure!.expected).toMatch(/^[0-9a-f]{64}$/);
      expect(report.firstFailure!.actual).not.toBe(report.firstFailure!.expected);
    }
  });

  test('verifyExportBlock leaves the reader ready for the next block', () => {
    const reader = makeReader(Buffer.concat([block, block]));
    const recorder = new VerificationRecorder();
    reader.next();
    verifyExportBlock(reader, recorder, { objectKey: 'twice' });
    expect(reader.next()).not.toBeNull();
    const link = verifyExportBlock(reader, recorder, { objectKey: 'twice' });
    expect(link?.sequenceNo).toBe(545);
    expect(reader.next()).toBeNull();
    expect(recorder.report().counts['block-hash']).toEqual({ passed: 2 });
  });
});

describe('ExportVerifier on synthetic ledgers', () => {
  const chain = buildChain(10, [
    { revisions: [{ kind: 'data', id: 'docA', version: 0, data: '{VIN:"1N4AL11D75C109151",Price:90.25,Made:2011-01-01T}' }] },
    { revisions: [{ kind: 'system', seed: 's1' }, { kind: 'data', id: 'docA', version: 1, data: '{VIN:"1N4AL11D75C109151",Price:91.00}' }, { kind: 'system', seed: 's2' }] },
    {},
    { revisions: [{ kind: 'deleted', id: 'docA', version: 2, rule: 'metadata-only' }] },
  ]);

  test('checks the chain across data objects', () => {
    const report = verifyObjects([
      [`${STRAND}.10-11.ion`, chain[0].ion + '\n' + chain[1].ion],
      [`${STRAND}.12-13.ion`, chain[2].ion + chain[3].ion],
    ]);
    expect(report.firstFailure).toBeUndefined();
    expect(report.counts.chain).toEqual({ passed: 3 });
    expect(report.counts['block-hash']).toEqual({ passed: 4 });
    expect(report.counts['revisions-root']).toEqual({ passed: 3 }); // block 12 has no revisions
    expect(report.counts['revision-hash']).toEqual({ passed: 3 });
    expect(report.results.find((r) => r.check === 'chain' && r.location.objectKey === `${STRAND}.12-13.ion`)).toMatchObject({
      status: 'passed',
      location: { blockSequenceNo: 12 },
    });
  });

  test('reports objects read out of order and gaps in the chain', () => {
    const outOfOrder = verifyObjects([
      ['b', chain[2].ion + chain[3].ion],
      ['a', chain[0].ion + chain[1].ion],
    ]);
    expect(outOfOrder.firstFailure).toMatchObject({ check: 'chain', location: { objectKey: 'a', blockSequenceNo: 10 } });
    expect(outOfOrder.firstFailure!.message).toContain('block 10 follows block 13');

    const gap = verifyObjects([['a', chain[0].ion + chain[3].ion]]);
    expect(gap.verified).toBe(true);
    expect(gap.results.find((r) => r.check === 'chain')).toMatchObject({ status: 'not-run', message: 'blocks 11..12 are not in the input: the chain is not checked across the gap' });
  });

  test('a block whose previousBlockHash does not match fails the chain, even with a self-consistent block hash', () => {
    const forged = buildBlock({ sequenceNo: 11, previousBlockHash: sha256('another ledger'), revisions: [{ kind: 'system', seed: 'x' }] });
    const report = verifyObjects([['a', chain[0].ion + forged.ion]]);
    expect(report.counts['block-hash']).toEqual({ passed: 2 });
    expect(report.firstFailure).toMatchObject({
      check: 'chain',
      location: { objectKey: 'a', blockSequenceNo: 11 },
      expected: Buffer.from(chain[0].blockHash).toString('hex'),
      actual: Buffer.from(sha256('another ledger')).toString('hex'),
    });
  });

  test.each([
    ['metadata-only', RULE_DELETED_METADATA_ONLY],
    ['empty-data', RULE_DELETED_EMPTY_DATA],
  ] as const)('accepts a deleted revision hashed by the %s rule and says which rule matched', (rule, expectedRule) => {
    const block = buildBlock({ sequenceNo: 5, previousBlockHash: sha256('p'), revisions: [{ kind: 'deleted', id: 'docD', version: 3, rule }] });
    const report = verifyObjects([['d', block.ion]]);
    expect(report.verified).toBe(true);
    expect(report.results.find((r) => r.check === 'revision-hash')).toMatchObject({ status: 'passed', rule: expectedRule, location: { documentId: 'docD', version: 3 } });
  });

  test('a deleted revision matching neither rule is reported explicitly: content not verifiable, membership verified', () => {
    const block = buildBlock({
      sequenceNo: 6,
      previousBlockHash: sha256('p'),
      revisions: [{ kind: 'data', id: 'docE', version: 0, data: '{a:1}' }, { kind: 'deleted', id: 'docD', version: 3, rule: 'unknown' }],
    });
    const report = verifyObjects([['d', block.ion]]);
    expect(report.verified).toBe(true);
    expect(report.counts['revision-hash']).toEqual({ 'passed': 1, 'not-verifiable': 1 });
    expect(report.results.find((r) => r.check === 'revision-membership')).toMatchObject({
      status: 'passed',
      location: { objectKey: 'd', blockSequenceNo: 6, revisionIndex: 1, documentId: 'docD', version: 3 },
      message: "content not verifiable, membership verified: the stated hash is a leaf of the block's verified revision tree",
    });
  });

  test('a deleted revision matching neither rule in a tampered tree fails membership', () => {
    const block = buildBlock({ sequenceNo: 6, previousBlockHash: sha256('p'), revisions: [{ kind: 'deleted', id: 'docD', version: 3, rule: 'unknown' }] });
    const tampered = rewriteIon(block.ion, ['revisions', 0, 'hash'], flipByte(4));
    const report = verifyObjects([['d', tampered]]);
    expect(report.firstFailure).toMatchObject({ check: 'revisions-root', location: { blockSequenceNo: 6 } });
    expect(report.results.find((r) => r.check === 'revision-membership')).toMatchObject({ status: 'failed', location: { documentId: 'docD' } });
  });

  test('verifies redacted revisions with dataHash and the redactionInfo entry', () => {
    const redactionInfo = `{revisions:[{blockAddress:{strandId:"${STRAND}",sequenceNo:7},tableId:"t1",documentId:"docR",version:0}]}`;
    const block = buildBlock({
      sequenceNo: 7,
      previousBlockHash: sha256('p'),
      revisions: [{ kind: 'redacted', id: 'docR', version: 0, originalData: '{secret:"x"}' }],
      redactionInfo,
    });
    const report = verifyObjects([['r', block.ion]]);
    expect(report.verified).toBe(true);
    expect(report.results.find((r) => r.check === 'revision-hash')!.rule).toBe(RULE_REDACTED);
    expect(report.counts['redaction-info-hash']).toEqual({ passed: 1 });

    const tampered = rewriteIon(block.ion, ['redactionInfo', 'revisions', 0, 'version'], withIon('1'));
    expect(verifyObjects([['r', tampered]]).firstFailure).toMatchObject({ check: 'redaction-info-hash', location: { blockSequenceNo: 7 } });
  });

  test('a JSON export gets chain-level checks, and says which checks could not run and why', () => {
    const report = verifyObjects([[`${STRAND}.10-13.json`, toJsonLines(chain)]]);
    expect(report.verified).toBe(true);
    expect(report.counts).toEqual({
      'revision-hash': { 'not-run': 3 },
      'transaction-info-hash': { 'not-run': 4 },
      'revisions-root': { passed: 3 },
      'entries-root': { passed: 4 },
      'block-hash': { passed: 4 },
      'chain': { passed: 3 },
    });
    expect(report.results.find((r) => r.status === 'not-run')!.message).toMatch(/^JSON export: Ion types are lost/);
  });

  test('a JSON export with a changed hash fails', () => {
    const lines = toJsonLines(chain).split('\n');
    const block = JSON.parse(lines[1]);
    const hash = Buffer.from(block.revisions[1].hash, 'base64');
    hash[0] ^= 1;
    block.revisions[1].hash = hash.toString('base64');
    lines[1] = JSON.stringify(block);
    const report = verifyObjects([['x.json', lines.join('\n')]], { format: 'json' });
    expect(report.firstFailure).toMatchObject({ check: 'revisions-root', location: { objectKey: 'x.json', blockSequenceNo: 11 } });
  });

  test('malformed blocks are recorded as failures and the following blocks are still verified', () => {
    const missing = rewriteIon(chain[1].ion, ['entriesHash'], withIon('null.blob'));
    const shortHash = rewriteIon(chain[2].ion, ['blockHash'], withIon('{{AAEC}}'));
    const report = verifyObjects([['m', `${chain[0].ion} 42 ${toText(missing)} ${toText(shortHash)} ${chain[3].ion}`]]);
    const formatFailures = report.results.filter((r) => r.check === 'block-format');
    expect(formatFailures.map((r) => r.message)).toEqual([
      'value 1 of m is a int, not a block struct',
      'm block 2.entriesHash is not a hash (found null)',
      'blockHash, entriesHash and previousBlockHash must be 32-byte hashes (found 3, 32, 32 bytes)',
    ]);
    expect(report.firstFailure).toMatchObject({ location: { objectKey: 'm', blockIndex: 1 } });
    expect(formatFailures[2].location).toEqual({ objectKey: 'm', blockIndex: 3, strandId: STRAND, blockSequenceNo: 12 });
    expect(report.counts['block-hash']).toEqual({ passed: 2 });
  });

  test('unreadable Ion in a data object is a failure naming the object, not an exception', () => {
    const report = verifyObjects([['broken.ion', `${chain[0].ion} {a:1 b:2}`]]);
    expect(report.counts['block-hash']).toEqual({ passed: 1 });
    expect(report.firstFailure).toMatchObject({ check: 'block-format', location: { objectKey: 'broken.ion', blockIndex: 1 } });
    expect(report.firstFailure!.message).toMatch(/^broken.ion is not readable Ion from value 1 on: /);
  });

  test('with keepPassed off only the counts and the non-passed results are kept', () => {
    const report = verifyObjects([['a', chain[0].ion + chain[3].ion]], { keepPassed: false });
    expect(report.results.map((r) => r.status)).toEqual(['not-run']);
    expect(report.counts['block-hash']).toEqual({ passed: 2 });
  });
});

describe('readHashedBlock', () => {
  test('reads BLOCK_SUMMARY revision summaries with their document ids', () => {
    const { blockSummary } = realUserRecords();
    const reader = makeReader(blockSummary);
    reader.next();
    descendToField(reader, ['payload']);
    const block = readHashedBlock(reader, 'payload', { format: 'ion' });
    expect(block.revisionSummaries).toEqual([{ hash: block.entriesHashList![1], documentId: DOCUMENT_ID }]);
    expect(block.blockAddress).toEqual({ strandId: 'JUJgrQeIeI64ZgvXIuqlZ1', sequenceNo: 545 });
    expect(block.hashEncoding).toBe('blob');
    expect(block.ionHashesComputed).toBe(true);
  });
});
