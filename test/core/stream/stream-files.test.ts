import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { makeBinaryWriter, makeReader, makeTextWriter } from 'ion-js';
import { readIonStreamRecords, readKinesisEventsJson, readStreamInput } from '../../../lambda-src/core/stream/stream-files';
import { StreamItem } from '../../../lambda-src/core/stream/stream-item';
import { verifyStreamItems } from '../../../lambda-src/core/verification/stream-verifier';
import { realUserRecords } from '../../fixtures/stream/real-block-545';
import { loadRealEvent, REAL_EVENT_PATH } from '../../fixtures/stream/real-event';

function reencode(ion: Uint8Array | string, binary: boolean): Uint8Array {
  const reader = makeReader(ion);
  reader.next();
  const writer = binary ? makeBinaryWriter() : makeTextWriter();
  writer.writeValue(reader);
  writer.close();
  return writer.getBytes();
}

const types = (items: StreamItem[]) => items.map((item) => (item.kind === 'record' ? item.record.recordType : 'reject'));
const ARN = 'arn:aws:qldb:eu-west-1:123456789012:stream/ledger/abc';
const CONTROL_TEXT = `{qldbStreamArn:"${ARN}",recordType:"CONTROL",payload:{controlRecordType:"CREATED"}}`;

describe('readIonStreamRecords', () => {
  const { blockSummary, revisionDetails } = realUserRecords();

  test('reads many Ion text records from one file; their hashes still verify', () => {
    const text = [CONTROL_TEXT, reencode(blockSummary, false), reencode(revisionDetails, false)].map((part) => Buffer.from(part).toString('utf8')).join('\n');
    const items = readIonStreamRecords(text, 'records.ion');
    expect(types(items)).toEqual(['CONTROL', 'BLOCK_SUMMARY', 'REVISION_DETAILS']);
    expect(items.map((item) => item.origin)).toEqual([0, 1, 2].map((i) => ({ source: 'records.ion', subSequenceNumber: i })));
    const report = verifyStreamItems(items);
    expect(report.firstFailure).toBeUndefined();
    expect(report.counts['revision-hash']).toEqual({ passed: 1 });
    expect(report.counts['block-hash']).toEqual({ passed: 1 });
  });

  test('reads concatenated Ion binary records', () => {
    const bytes = Buffer.concat([blockSummary, revisionDetails, reencode(CONTROL_TEXT, true)]);
    expect(types(readIonStreamRecords(new Uint8Array(bytes), 'records.10n'))).toEqual(['BLOCK_SUMMARY', 'REVISION_DETAILS', 'CONTROL']);
  });

  test('a value that is not a stream record becomes a reject; unreadable Ion ends the file with one', () => {
    const items = readIonStreamRecords(`${CONTROL_TEXT} {recordType:"CONTROL"} {a:1 b:2}`, 'bad.ion');
    expect(types(items)).toEqual(['CONTROL', 'reject', 'reject']);
    expect(items[1]).toMatchObject({ reason: 'bad.ion, value 1: CONTROL record: qldbStreamArn is missing or not a string' });
    expect(items[2]).toMatchObject({ origin: { source: 'bad.ion', subSequenceNumber: 2 } });
    expect(items[2].kind === 'reject' && items[2].reason).toMatch(/^bad.ion, value 2: the Ion is not readable from here on/);
  });
});

describe('readKinesisEventsJson and readStreamInput', () => {
  const realJson = JSON.stringify(loadRealEvent());

  test('reads one recorded event or an array of them', () => {
    expect(types(readKinesisEventsJson(realJson, 'one.json'))).toEqual(['BLOCK_SUMMARY', 'REVISION_DETAILS']);
    const items = readKinesisEventsJson(`[${realJson},${realJson}]`, 'many.json');
    expect(types(items)).toEqual(['BLOCK_SUMMARY', 'REVISION_DETAILS', 'BLOCK_SUMMARY', 'REVISION_DETAILS']);
    expect(items[2].origin.source).toBe('many.json event 1');
  });

  test('refuses JSON that is not an event, naming the file', () => {
    expect(() => readKinesisEventsJson('{"records":[]}', 'x.json')).toThrow('x.json is not a Lambda Kinesis event');
    expect(() => readKinesisEventsJson('[{"Records":[]},{}]', 'y.json')).toThrow('y.json item 1 is not a Lambda Kinesis event');
    expect(() => readKinesisEventsJson('{', 'z.json')).toThrow('z.json is not valid JSON');
  });

  test('reads a file, or a directory of event and Ion files in name order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stream-input-'));
    try {
      writeFileSync(join(dir, 'b-event.json'), realJson);
      writeFileSync(join(dir, 'a-records.ion'), CONTROL_TEXT);
      writeFileSync(join(dir, 'c-records.10n'), reencode(CONTROL_TEXT, true));
      writeFileSync(join(dir, '.hidden'), 'ignored');
      expect(types(await readStreamInput(REAL_EVENT_PATH))).toEqual(['BLOCK_SUMMARY', 'REVISION_DETAILS']);
      const items = await readStreamInput(dir);
      expect(types(items)).toEqual(['CONTROL', 'BLOCK_SUMMARY', 'REVISION_DETAILS', 'CONTROL']);
      expect(items.map((item) => item.origin.source)).toEqual([
        join(dir, 'a-records.ion'),
        join(dir, 'b-event.json'),
        join(dir, 'b-event.json'),
        join(dir, 'c-records.10n'),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
