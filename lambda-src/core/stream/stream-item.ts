import { StreamRecord } from './stream-record';

/** Where a stream record came from: a Kinesis record (and its place in an aggregate) or a file. */
export interface StreamItemOrigin {
  /** File the item was read from, when it was read from a file. */
  readonly source?: string;
  /** Index of the Kinesis record within its Lambda event. */
  readonly eventRecordIndex?: number;
  /** The Lambda event record's eventID. */
  readonly eventId?: string;
  /** The Kinesis sequence number (shared by all user records of an aggregate). */
  readonly sequenceNumber?: string;
  /** Position within the KPL aggregate (0 for a plain record), or of the value within an Ion file. */
  readonly subSequenceNumber: number;
  /** The Kinesis partition key (of the user record when the aggregate names one). */
  readonly partitionKey?: string;
}

/** A stream record that was decoded. */
export interface DecodedStreamRecord {
  readonly kind: 'record';
  readonly origin: StreamItemOrigin;
  readonly record: StreamRecord;
}

/** Bytes that could not be decoded into a known stream record; kept for the rejects table. */
export interface RejectedStreamRecord {
  readonly kind: 'reject';
  readonly origin: StreamItemOrigin;
  /** The bytes that were rejected, base64. */
  readonly rawBase64: string;
  /** Why they were rejected, naming the place. */
  readonly reason: string;
}

export type StreamItem = DecodedStreamRecord | RejectedStreamRecord;

/** A readable name for an origin, for messages: `sequence 4960...378 sub-record 1`, `file.ion value 3`. */
export function describeOrigin(origin: StreamItemOrigin): string {
  const parts: string[] = [];
  if (origin.source !== undefined) {
    parts.push(origin.source);
  }
  if (origin.eventRecordIndex !== undefined) {
    parts.push(`event record ${origin.eventRecordIndex}`);
  }
  if (origin.sequenceNumber !== undefined) {
    parts.push(`Kinesis sequence ${origin.sequenceNumber} sub-record ${origin.subSequenceNumber}`);
  } else {
    parts.push(`value ${origin.subSequenceNumber}`);
  }
  return parts.join(', ');
}
