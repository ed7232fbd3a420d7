import { createHash } from 'crypto';
import { ProtobufField, readProtobufFields, WireType } from './protobuf-reader';

/** The four bytes that start a KPL-aggregated Kinesis record. */
export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
const MD5_LENGTH = 16;

/** One user record carried by a Kinesis record. */
export interface KinesisUserRecord {
  /** The user record's bytes (for a QLDB stream: one Ion binary stream record). */
  readonly data: Uint8Array;
  /** Position within the aggregate (0 for a plain record). */
  readonly subSequenceNumber: number;
  /** True when the Kinesis record was KPL-aggregated. */
  readonly aggregated: boolean;
  /** The user record's partition key, when the aggregate names one. */
  readonly partitionKey?: string;
  /** The user record's explicit hash key, when the aggregate names one. */
  readonly explicitHashKey?: string;
}

export function isKplAggregated(data: Uint8Array): boolean {
  return data.length >= KPL_MAGIC.length && KPL_MAGIC.every((byte, i) => data[i] === byte);
}

/**
 * Splits the data of one Kinesis record into its user records. Data that starts with the KPL magic is
 * an aggregate (magic + protobuf AggregatedRecord + MD5 of the protobuf bytes): its checksum is
 * checked and its records are returned in order. Any other data is one plain user record.
 * `recordName` (for example the Kinesis sequence number) is used in error messages.
 */
export function deaggregateKinesisData(data: Uint8Array, recordName: string): KinesisUserRecord[] {
  if (!isKplAggregated(data)) {
    return [{ data, subSequenceNumber: 0, aggregated: false }];
  }
  if (data.length < KPL_MAGIC.length + MD5_LENGTH) {
    throw new Error(`KPL aggregated Kinesis record ${recordName} is truncated: ${data.length} bytes, too short for the magic and MD5 checksum`);
  }
  const message = data.subarray(KPL_MAGIC.length, data.length - MD5_LENGTH);
  const statedChecksum = Buffer.from(data.subarray(data.length - MD5_LENGTH));
  const actualChecksum = createHash('md5').update(message).digest();
  if (!actualChecksum.equals(statedChecksum)) {
    throw new Error(
      `KPL aggregated Kinesis record ${recordName} fails its MD5 checksum: stated ${statedChecksum.toString('hex')}, computed ${actualChecksum.toString('hex')}`,
    );
  }
  try {
    return decodeAggregatedRecord(message);
  } catch (error) {
    throw new Error(`KPL aggregated Kinesis record ${recordName} cannot be decoded: ${(error as Error).message}`);
  }
}

function decodeAggregatedRecord(message: Uint8Array): KinesisUserRecord[] {
  const partitionKeys: string[] = [];
  const explicitHashKeys: string[] = [];
  const records: Uint8Array[] = [];
  for (const field of readProtobufFields(message)) {
    if (field.wireType !== WireType.LENGTH_DELIMITED) {
      continue;
    }
    if (field.fieldNumber === 1) {
      partitionKeys.push(utf8(field));
    } else if (field.fieldNumber === 2) {
      explicitHashKeys.push(utf8(field));
    } else if (field.fieldNumber === 3) {
      records.push(field.bytes!);
    }
  }
  return records.map((recordBytes, index) => {
    let partitionKeyIndex: bigint | undefined;
    let explicitHashKeyIndex: bigint | undefined;
    let data: Uint8Array | undefined;
    for (const field of readProtobufFields(recordBytes)) {
      if (field.fieldNumber === 1 && field.wireType === WireType.VARINT) {
        partitionKeyIndex = field.varint;
      } else if (field.fieldNumber === 2 && field.wireType === WireType.VARINT) {
        explicitHashKeyIndex = field.varint;
      } else if (field.fieldNumber === 3 && field.wireType === WireType.LENGTH_DELIMITED) {
        data = field.bytes;
      }
    }
    if (data === undefined) {
      throw new Error(`user record ${index} has no data field`);
    }
    if (partitionKeyIndex === undefined) {
      throw new Error(`user record ${index} has no partition key index`);
    }
    return {
      data,
      subSequenceNumber: index,
      aggregated: true,
      partitionKey: tableEntry(partitionKeys, partitionKeyIndex, 'partition key', index),
      ...(explicitHashKeyIndex === undefined
        ? {}
        : { explicitHashKey: tableEntry(explicitHashKeys, explicitHashKeyIndex, 'explicit hash key', index) }),
    };
  });
}

function tableEntry(table: readonly string[], index: bigint, what: string, recordIndex: number): string {
  if (index >= BigInt(table.length)) {
    throw new Error(`user record ${recordIndex} refers to ${what} ${index}, but the aggregate has ${table.length}`);
  }
  return table[Number(index)];
}

function utf8(field: ProtobufField): string {
  return Buffer.from(field.bytes!).toString('utf8');
}
