import { createHash } from 'crypto';
import { join } from 'path';
import * as kinesisAggregation from 'aws-kinesis-agg';
import { BufferedFile } from './buffered-file';
import { SeededRandom } from './seeded-random';

/** The synchronous KPL aggregator of aws-kinesis-agg (exported by the package, absent from its typings). */
interface RecordAggregator {
  checkIfUserRecordFits(record: { partitionKey: string; data: Buffer }): boolean;
  addUserRecord(record: { partitionKey: string; data: Buffer }): void;
  build(): { partitionKey: string; data: Buffer } | undefined;
  length(): number;
}
const RecordAggregatorClass = (kinesisAggregation as unknown as { RecordAggregator: new () => RecordAggregator }).RecordAggregator;

export interface KinesisEventWriterOptions {
  readonly directory: string;
  readonly random: SeededRandom;
  readonly streamName: string;
  readonly region: string;
  readonly accountId: string;
  /** Shards of the simulated stream; a user record goes to the shard owning the MD5 of its partition key. */
  readonly shardCount: number;
  /** User records per KPL aggregate at most (the KPL also stops at 1 MB). */
  readonly userRecordsPerAggregate: number;
  /** Kinesis records per Lambda event at most. */
  readonly recordsPerEvent: number;
}

interface Shard {
  readonly shardId: string;
  readonly aggregator: RecordAggregator;
  sequence: bigint;
  arrivalSeconds: number;
  records: object[];
  eventCount: number;
}

/**
 * Records QLDB stream records as Lambda Kinesis events, the way they reach the consumer: user records are
 * KPL-aggregated per shard with aws-kinesis-agg, each aggregate becomes one Kinesis record (partition key of
 * its first user record, a 56-digit sequence number), and Kinesis records are batched into event files
 * `<shardId>.<nnnnn>.kinesis-event.json` shaped like a captured event.
 */
export class KinesisEventWriter {
  private readonly shards: Shard[];
  public readonly eventPaths: string[] = [];
  private kinesisRecordCount = 0;

  constructor(private readonly options: KinesisEventWriterOptions) {
    const base = BigInt(`49${options.random.chars(20, '0123456789')}`) * 10n ** 34n;
    this.shards = Array.from({ length: options.shardCount }, (_, i) => ({
      shardId: `shardId-${String(i).padStart(12, '0')}`,
      aggregator: new RecordAggregatorClass(),
      sequence: base + BigInt(i) * 10n ** 30n,
      arrivalSeconds: 0,
      records: [],
      eventCount: 0,
    }));
  }

  public get kinesisRecords(): number {
    return this.kinesisRecordCount;
  }

  /** Adds one user record (an Ion binary stream record) that arrived at `arrivalMs`. */
  public add(partitionKey: string, data: Uint8Array, arrivalMs: number): void {
    const shard = this.shards[this.shardOf(partitionKey)];
    const record = { partitionKey, data: Buffer.from(data) };
    if (shard.aggregator.length() >= this.options.userRecordsPerAggregate || !shard.aggregator.checkIfUserRecordFits(record)) {
      this.seal(shard);
    }
    shard.aggregator.addUserRecord(record);
    shard.arrivalSeconds = Math.max(shard.arrivalSeconds, Math.floor(arrivalMs) / 1000 + 0.2);
  }

  /** Seals every open aggregate and writes the remaining events. */
  public close(): void {
    for (const shard of this.shards) {
      this.seal(shard);
      this.writeEvent(shard);
    }
  }

  private seal(shard: Shard): void {
    const encoded = shard.aggregator.build();
    if (encoded === undefined) {
      return;
    }
    shard.sequence += 1000n + BigInt(this.options.random.int(1, 999));
    const sequenceNumber = shard.sequence.toString();
    const region = this.options.region;
    shard.records.push({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: encoded.partitionKey,
        sequenceNumber,
        data: encoded.data.toString('base64'),
        approximateArrivalTimestamp: Number(shard.arrivalSeconds.toFixed(3)),
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shard.shardId}:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${this.options.accountId}:role/qldb-stream-consumer`,
      awsRegion: region,
      eventSourceARN: `arn:aws:kinesis:${region}:${this.options.accountId}:stream/${this.options.streamName}`,
    });
    this.kinesisRecordCount++;
    if (shard.records.length >= this.options.recordsPerEvent) {
      this.writeEvent(shard);
    }
  }

  private writeEvent(shard: Shard): void {
    if (shard.records.length === 0) {
      return;
    }
    shard.eventCount++;
    const path = join(this.options.directory, `${shard.shardId}.${String(shard.eventCount).padStart(5, '0')}.kinesis-event.json`);
    const file = new BufferedFile(path);
    file.write(`${JSON.stringify({ Records: shard.records }, null, 1)}\n`);
    file.close();
    this.eventPaths.push(path);
    shard.records = [];
  }

  private shardOf(partitionKey: string): number {
    // Kinesis maps MD5(partition key), a 128-bit number, onto equal hash-key ranges of the shards.
    const hashKey = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
    return Number((hashKey * BigInt(this.options.shardCount)) >> 128n);
  }
}
