import { deaggregateKinesisData } from './kpl-deaggregate';
import { describeOrigin, StreamItem, StreamItemOrigin } from './stream-item';
import { decodeStreamRecord } from './stream-record';

/** The part of a Lambda Kinesis event record this decoder uses. */
export interface KinesisEventRecord {
  readonly kinesis: {
    /** The Kinesis record data, base64. */
    readonly data: string;
    readonly sequenceNumber: string;
    readonly partitionKey?: string;
  };
  readonly eventID?: string;
}

/** A Lambda Kinesis event (`{Records: [...]}`). */
export interface KinesisEvent {
  readonly Records: readonly KinesisEventRecord[];
}

/**
 * Decodes every user record of a Lambda Kinesis event into QLDB stream records, in event order and,
 * within an aggregate, in sub-record order. Nothing here throws for the whole event: a Kinesis record
 * whose aggregate is corrupt, and a user record that is not a known stream record, become `reject`
 * items carrying the raw bytes and the reason.
 */
export function decodeKinesisEvent(event: KinesisEvent, source?: string): StreamItem[] {
  return event.Records.flatMap((record, index) => decodeKinesisEventRecord(record, index, source));
}

/** Decodes the user records of one Kinesis event record (see decodeKinesisEvent). */
export function decodeKinesisEventRecord(record: KinesisEventRecord, eventRecordIndex: number, source?: string): StreamItem[] {
  const base = {
    ...(source === undefined ? {} : { source }),
    eventRecordIndex,
    ...(record.eventID === undefined ? {} : { eventId: record.eventID }),
    sequenceNumber: record.kinesis?.sequenceNumber,
  };
  const outerOrigin: StreamItemOrigin = { ...base, subSequenceNumber: 0, partitionKey: record.kinesis?.partitionKey };
  const rawData = record.kinesis?.data;
  if (typeof rawData !== 'string') {
    return [reject(outerOrigin, '', `${describeOrigin(outerOrigin)}: the Kinesis record has no base64 data`)];
  }
  const data = new Uint8Array(Buffer.from(rawData, 'base64'));
  let userRecords;
  try {
    userRecords = deaggregateKinesisData(data, `sequence ${base.sequenceNumber}`);
  } catch (error) {
    return [reject(outerOrigin, rawData, (error as Error).message)];
  }
  return userRecords.map((userRecord): StreamItem => {
    const origin: StreamItemOrigin = {
      ...base,
      subSequenceNumber: userRecord.subSequenceNumber,
      partitionKey: userRecord.partitionKey ?? record.kinesis.partitionKey,
    };
    return decodeStreamItem(userRecord.data, origin);
  });
}

/** Decodes one stream record's bytes; failures become a reject item naming the origin. */
export function decodeStreamItem(bytes: Uint8Array, origin: StreamItemOrigin): StreamItem {
  try {
    return { kind: 'record', origin, record: decodeStreamRecord(bytes) };
  } catch (error) {
    return reject(origin, Buffer.from(bytes).toString('base64'), `${describeOrigin(origin)}: ${(error as Error).message}`);
  }
}

function reject(origin: StreamItemOrigin, rawBase64: string, reason: string): StreamItem {
  return { kind: 'reject', origin, rawBase64, reason };
}
