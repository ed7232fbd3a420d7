import { createHash } from 'crypto';
import { deaggregateKinesisData, isKplAggregated, KPL_MAGIC } from '../../../lambda-src/core/stream/kpl-deaggregate';
import { aggregateWithKpl, deaggregateWithKpl } from '../../fixtures/stream/kpl-aggregator';
import { REAL_SEQUENCE_NUMBER, realKinesisData } from '../../fixtures/stream/real-event';
import { ionBinary } from '../../support/ion-binary';


function streamRecord(i: number): Uint8Array {
  return ionBinary(`{qldbStreamArn:"arn:aws:qldb:eu-west-1:123456789012:stream/ledger/s${i}",recordType:"CONTROL",payload:{controlRecordType:"CREATED"},n:${i}}`);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('deaggregateKinesisData', () => {
  test('returns the exact user records aws-kinesis-agg aggregated, in order, with their partition keys', async () => {
    const records = [0, 1, 2, 3, 4].map((i) => ({ partitionKey: createHash('sha256').update(`k${i % 3}`).digest('hex'), data: streamRecord(i) }));
    const aggregates = await aggregateWithKpl(records);
    expect(aggregates).toHaveLength(1);
    expect(isKplAggregated(aggregates[0])).toBe(true);

    const userRecords = deaggregateKinesisData(aggregates[0], 'seq-1');

    expect(userRecords.map((r) => hex(r.data))).toEqual(records.map((r) => hex(r.data)));
    expect(userRecords.map((r) => r.partitionKey)).toEqual(records.map((r) => r.partitionKey));
    expect(userRecords.map((r) => r.subSequenceNumber)).toEqual([0, 1, 2, 3, 4]);
    expect(userRecords.every((r) => r.aggregated)).toBe(true);
  });

  test('reads explicit hash keys when the aggregate has them', async () => {
    const records = [
      { partitionKey: 'a', explicitHashKey: '170141183460469231731687303715884105728', data: streamRecord(1) },
      { partitionKey: 'b', data: streamRecord(2) },
    ];
    const [aggregate] = await aggregateWithKpl(records);
    const userRecords = deaggregateKinesisData(aggregate, 'seq-2');
    expect(userRecords[0].explicitHashKey).toBe('170141183460469231731687303715884105728');
    expect(userRecords[1].explicitHashKey).toBeUndefined();
    expect(userRecords.map((r) => r.partitionKey)).toEqual(['a', 'b']);
  });

  test('splits the real QLDB event exactly as aws-kinesis-agg does, MD5 checked', () => {
    const data = realKinesisData();
    const reference = deaggregateWithKpl(data, REAL_SEQUENCE_NUMBER);

    const userRecords = deaggregateKinesisData(data, REAL_SEQUENCE_NUMBER);

    expect(userRecords).toHaveLength(2);
    expect(userRecords.map((r) => hex(r.data))).toEqual(reference.map((r) => hex(r.data)));
    expect(userRecords.map((r) => r.partitionKey)).toEqual(reference.map((r) => r.partitionKey));
    // Each user record starts with the Ion binary version marker.
    expect(userRecords.map((r) => hex(r.data.subarray(0, 4)))).toEqual(['e00100ea', 'e00100ea']);
  });

  test('detects a corrupted MD5 checksum and names the record', () => {
    const data = realKinesisData();
    data[data.length - 1] ^= 0x01;
    expect(() => deaggregateKinesisData(data, 'sequence 42')).toThrow(/KPL aggregated Kinesis record sequence 42 fails its MD5 checksum: stated [0-9a-f]{32}, computed [0-9a-f]{32}/);
  });

  test('detects a corrupted aggregate body through the checksum', () => {
    const data = realKinesisData();
    data[200] ^= 0x40;
    expect(() => deaggregateKinesisData(data, 'sequence 43')).toThrow('fails its MD5 checksum');
  });

  test('rejects an aggregate too short to hold its checksum', () => {
    expect(() => deaggregateKinesisData(Uint8Array.of(...KPL_MAGIC, 1, 2, 3), 'sequence 44')).toThrow('sequence 44 is truncated');
  });

  test('rejects a well-checksummed aggregate whose protobuf is truncated', () => {
    const body = Uint8Array.of(0x1a, 0x10, 0x08, 0x00); // records field declares 16 bytes, has 2
    const md5 = createHash('md5').update(body).digest();
    const data = Buffer.concat([KPL_MAGIC, body, md5]);
    expect(() => deaggregateKinesisData(data, 'sequence 45')).toThrow(/sequence 45 cannot be decoded: Truncated protobuf field 3/);
  });

  test('passes a plain (non-aggregated) record through unchanged', () => {
    const record = streamRecord(7);
    const userRecords = deaggregateKinesisData(record, 'sequence 46');
    expect(userRecords).toEqual([{ data: record, subSequenceNumber: 0, aggregated: false }]);
  });
});
