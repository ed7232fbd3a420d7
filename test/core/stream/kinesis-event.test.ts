import { createHash } from 'crypto';
import { decodeKinesisEvent } from '../../../lambda-src/core/stream/kinesis-event';
import { StreamItem } from '../../../lambda-src/core/stream/stream-item';
import { aggregateWithKpl } from '../../fixtures/stream/kpl-aggregator';
import { loadRealEvent, REAL_SEQUENCE_NUMBER } from '../../fixtures/stream/real-event';
import { ionBinary } from '../../support/ion-binary';


const ARN = 'arn:aws:qldb:eu-west-1:123456789012:stream/ledger/abc';
const control = (type: string) => ionBinary(`{qldbStreamArn:"${ARN}",recordType:"CONTROL",payload:{controlRecordType:"${type}"}}`);
const kinesisRecord = (data: Uint8Array, sequenceNumber: string) => ({
  kinesis: { data: Buffer.from(data).toString('base64'), sequenceNumber, partitionKey: 'pk' },
  eventID: `shardId-000000000000:${sequenceNumber}`,
});
const summary = (item: StreamItem) =>
  item.kind === 'record' ? `${item.origin.sequenceNumber}/${item.origin.subSequenceNumber} ${item.record.recordType}` : `${item.origin.sequenceNumber}/${item.origin.subSequenceNumber} reject`;

describe('decodeKinesisEvent', () => {
  test('decodes the real event into one BLOCK_SUMMARY and one REVISION_DETAILS', () => {
    const items = decodeKinesisEvent(loadRealEvent());
    expect(items.map(summary)).toEqual([`${REAL_SEQUENCE_NUMBER}/0 BLOCK_SUMMARY`, `${REAL_SEQUENCE_NUMBER}/1 REVISION_DETAILS`]);
    const [block, revision] = items;
    // QLDB keys each user record by the hex of its block or revision hash.
    expect(block.origin.partitionKey).toBe('be86263c6e356fdfb6dcfed4d841139642347be377a0f2c211fe1a137956abc7');
    expect(revision.origin.partitionKey).toBe('24cd1c4a427f03dc968ba2687a608d2e8044ee4abd40ca4fd7e2d77968bc2596');
    expect(block.origin.eventId).toBe(loadRealEvent().Records[0].eventID);
    expect(block.origin.eventRecordIndex).toBe(0);
  });

  test('turns every undecodable record into a reject and keeps decoding the rest', async () => {
    const unknownType = ionBinary(`{qldbStreamArn:"${ARN}",recordType:"SURPRISE",payload:{}}`);
    const [aggregate] = await aggregateWithKpl([
      { partitionKey: 'a', data: control('CREATED') },
      { partitionKey: 'b', data: unknownType },
      { partitionKey: 'c', data: Uint8Array.of(1, 2, 3) },
    ]);
    const corrupted = Buffer.from(aggregate);
    corrupted[corrupted.length - 3] ^= 0xff;
    const event = {
      Records: [
        kinesisRecord(aggregate, '100'),
        kinesisRecord(control('COMPLETED'), '101'),
        kinesisRecord(corrupted, '102'),
        kinesisRecord(Buffer.from('not ion at all'), '103'),
      ],
    };

    const items = decodeKinesisEvent(event, 'event.json');

    expect(items.map(summary)).toEqual(['100/0 CONTROL', '100/1 reject', '100/2 reject', '101/0 CONTROL', '102/0 reject', '103/0 reject']);
    const rejects = items.filter((item) => item.kind === 'reject');
    expect(rejects.map((r) => (r.kind === 'reject' ? r.rawBase64 : ''))).toEqual([
      Buffer.from(unknownType).toString('base64'),
      Buffer.from([1, 2, 3]).toString('base64'),
      corrupted.toString('base64'),
      Buffer.from('not ion at all').toString('base64'),
    ]);
    const reasons = rejects.map((r) => (r.kind === 'reject' ? r.reason : ''));
    expect(reasons[0]).toBe(
      "event.json, event record 0, Kinesis sequence 100 sub-record 1: Unknown stream record type 'SURPRISE' (expected one of CONTROL, BLOCK_SUMMARY, REVISION_DETAILS)",
    );
    expect(reasons[1]).toMatch(/^event.json, event record 0, Kinesis sequence 100 sub-record 2: Stream record is not readable Ion/);
    expect(reasons[2]).toMatch(/^KPL aggregated Kinesis record sequence 102 fails its MD5 checksum/);
    expect(reasons[3]).toMatch(/Kinesis sequence 103 sub-record 0: Stream record is not/);
    expect(items[1].origin.partitionKey).toBe('b');
  });

  test('rejects a record without data instead of throwing', () => {
    const items = decodeKinesisEvent({ Records: [{ kinesis: { sequenceNumber: '7' } } as never] });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'reject', rawBase64: '', reason: 'event record 0, Kinesis sequence 7 sub-record 0: the Kinesis record has no base64 data' });
  });

  test('keeps the exact bytes of each decoded record', () => {
    const bytes = control('CREATED');
    const [item] = decodeKinesisEvent({ Records: [kinesisRecord(bytes, '1')] });
    expect(item.kind === 'record' && createHash('sha256').update(item.record.ion).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
