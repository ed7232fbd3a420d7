import { IonTypes, makeReader } from 'ion-js';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { isLedgerStruct, LedgerStruct, LedgerTimestamp, LedgerValue } from '../model/ledger-value';
import { BlockAddress, LedgerRevision, BlockHeader } from '../model/revision';

/** `{hash, documentId?}` from a BLOCK_SUMMARY; without documentId it is a system entry. */
export interface RevisionSummary {
  readonly hash: Uint8Array;
  readonly documentId?: string;
}

interface StreamRecordBase {
  readonly qldbStreamArn: string;
  /** The record's Ion bytes as received (hashes are recomputed from these, never from a re-encoding). */
  readonly ion: Uint8Array;
}

export interface ControlRecord extends StreamRecordBase {
  readonly recordType: 'CONTROL';
  /** `CREATED` (first record of a stream) or `COMPLETED` (last record of a bounded stream). */
  readonly controlRecordType: string;
}

export interface BlockSummaryRecord extends StreamRecordBase, BlockHeader {
  readonly recordType: 'BLOCK_SUMMARY';
  readonly previousBlockHash: Uint8Array;
  readonly transactionInfo: LedgerStruct;
  readonly redactionInfo?: LedgerStruct;
  /** Empty when the block has no revisions (the field is then absent from the record). */
  readonly revisionSummaries: readonly RevisionSummary[];
}

export interface RevisionDetailsRecord extends StreamRecordBase {
  readonly recordType: 'REVISION_DETAILS';
  readonly tableInfo: { readonly tableName: string; readonly tableId: string };
  readonly revision: LedgerRevision;
}

/** A decoded QLDB stream record. */
export type StreamRecord = ControlRecord | BlockSummaryRecord | RevisionDetailsRecord;

/** The record types this decoder understands. */
export const STREAM_RECORD_TYPES = ['CONTROL', 'BLOCK_SUMMARY', 'REVISION_DETAILS'] as const;

/** Thrown when a stream record is not valid Ion, has an unknown type, or lacks a required field. */
export class StreamRecordError extends Error {
  constructor(message: string, public readonly recordType?: string) {
    super(message);
    this.name = 'StreamRecordError';
  }
}

/**
 * Decodes one QLDB stream record (`{qldbStreamArn, recordType, payload}`) from its Ion binary (or text)
 * bytes. Throws StreamRecordError naming the field that is missing or malformed.
 */
export function decodeStreamRecord(ion: Uint8Array): StreamRecord {
  const top = readSingleStruct(ion);
  const recordType = requireString(top, 'recordType', 'stream record');
  const qldbStreamArn = requireString(top, 'qldbStreamArn', `${recordType} record`);
  const payload = top.payload;
  if (!isLedgerStruct(payload)) {
    throw new StreamRecordError(`${recordType} record: payload is missing or not a struct`, recordType);
  }
  switch (recordType) {
    case 'CONTROL':
      return { recordType, qldbStreamArn, ion, controlRecordType: requireString(payload, 'controlRecordType', 'CONTROL payload') };
    case 'BLOCK_SUMMARY':
      return { recordType, qldbStreamArn, ion, ...decodeBlockSummary(payload) };
    case 'REVISION_DETAILS':
      return { recordType, qldbStreamArn, ion, ...decodeRevisionDetails(payload) };
    default:
      throw new StreamRecordError(`Unknown stream record type '${recordType}' (expected one of ${STREAM_RECORD_TYPES.join(', ')})`, recordType);
  }
}

function readSingleStruct(ion: Uint8Array): LedgerStruct {
  let value: LedgerValue;
  try {
    const reader = makeReader(ion);
    const type = reader.next();
    if (type !== IonTypes.STRUCT) {
      throw new StreamRecordError(`Stream record is not an Ion struct (found ${type === null ? 'no value' : type.name})`);
    }
    value = readLedgerValue(reader);
    if (reader.next() !== null) {
      throw new StreamRecordError('Stream record holds more than one top-level Ion value');
    }
  } catch (error) {
    if (error instanceof StreamRecordError) {
      throw error;
    }
    throw new StreamRecordError(`Stream record is not readable Ion: ${(error as Error).message}`);
  }
  return value as LedgerStruct;
}

function decodeBlockSummary(payload: LedgerStruct): Omit<BlockSummaryRecord, 'recordType' | 'qldbStreamArn' | 'ion'> {
  const where = 'BLOCK_SUMMARY payload';
  const redactionInfo = payload.redactionInfo;
  if (redactionInfo !== undefined && redactionInfo !== null && !isLedgerStruct(redactionInfo)) {
    throw new StreamRecordError(`${where}: redactionInfo is not a struct`, 'BLOCK_SUMMARY');
  }
  // A block of a read-only transaction has no revisions: its summary may lack revisionSummaries.
  const summaries = payload.revisionSummaries === undefined ? [] : requireList(payload, 'revisionSummaries', where);
  return {
    blockAddress: decodeBlockAddress(payload.blockAddress, `${where}.blockAddress`),
    transactionId: requireString(payload, 'transactionId', where),
    blockTimestamp: requireTimestamp(payload, 'blockTimestamp', where),
    blockHash: requireBlob(payload, 'blockHash', where),
    entriesHash: requireBlob(payload, 'entriesHash', where),
    previousBlockHash: requireBlob(payload, 'previousBlockHash', where),
    entriesHashList: requireList(payload, 'entriesHashList', where).map((hash, i) => asBlob(hash, `${where}.entriesHashList[${i}]`)),
    transactionInfo: requireStruct(payload, 'transactionInfo', where),
    ...(isLedgerStruct(redactionInfo) ? { redactionInfo } : {}),
    revisionSummaries: summaries.map((summary, i) => {
      const at = `${where}.revisionSummaries[${i}]`;
      if (!isLedgerStruct(summary)) {
        throw new StreamRecordError(`${at} is not a struct`, 'BLOCK_SUMMARY');
      }
      const documentId = summary.documentId;
      if (documentId !== undefined && documentId !== null && typeof documentId !== 'string') {
        throw new StreamRecordError(`${at}.documentId is not a string`, 'BLOCK_SUMMARY');
      }
      return { hash: requireBlob(summary, 'hash', at), ...(typeof documentId === 'string' ? { documentId } : {}) };
    }),
  };
}

function decodeRevisionDetails(payload: LedgerStruct): Omit<RevisionDetailsRecord, 'recordType' | 'qldbStreamArn' | 'ion'> {
  const where = 'REVISION_DETAILS payload';
  const tableInfo = requireStruct(payload, 'tableInfo', where);
  const tableName = requireString(tableInfo, 'tableName', `${where}.tableInfo`);
  const tableId = requireString(tableInfo, 'tableId', `${where}.tableInfo`);
  const revision = requireStruct(payload, 'revision', where);
  const metadata = requireStruct(revision, 'metadata', `${where}.revision`);
  const documentId = requireString(metadata, 'id', `${where}.revision.metadata`);
  const at = `${where}.revision (document ${documentId})`;
  const version = metadata.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new StreamRecordError(`${at}: metadata.version is missing or not a non-negative int`, 'REVISION_DETAILS');
  }
  const atVersion = `${where}.revision (document ${documentId}, version ${version})`;
  const data = revision.data;
  const dataHash = revision.dataHash;
  return {
    tableInfo: { tableName, tableId },
    revision: {
      tableId,
      tableName,
      blockAddress: decodeBlockAddress(revision.blockAddress, `${atVersion}.blockAddress`),
      hash: requireBlob(revision, 'hash', atVersion),
      documentId,
      version,
      txId: requireString(metadata, 'txId', `${atVersion}.metadata`),
      txTime: requireTimestamp(metadata, 'txTime', `${atVersion}.metadata`),
      ...(data === undefined ? {} : { data }),
      ...(dataHash === undefined ? {} : { dataHash: asBlob(dataHash, `${atVersion}.dataHash`) }),
    },
  };
}

function decodeBlockAddress(value: LedgerValue | undefined, where: string): BlockAddress {
  if (!isLedgerStruct(value)) {
    throw new StreamRecordError(`${where} is missing or not a struct`);
  }
  const sequenceNo = value.sequenceNo;
  if (typeof sequenceNo !== 'number' || !Number.isInteger(sequenceNo) || sequenceNo < 0) {
    throw new StreamRecordError(`${where}.sequenceNo is missing or not a non-negative int`);
  }
  return { strandId: requireString(value, 'strandId', where), sequenceNo };
}

function requireString(struct: LedgerStruct, field: string, where: string): string {
  const value = struct[field];
  if (typeof value !== 'string') {
    throw new StreamRecordError(`${where}: ${field} is missing or not a string`);
  }
  return value;
}

function requireStruct(struct: LedgerStruct, field: string, where: string): LedgerStruct {
  const value = struct[field];
  if (!isLedgerStruct(value)) {
    throw new StreamRecordError(`${where}: ${field} is missing or not a struct`);
  }
  return value;
}

function requireList(struct: LedgerStruct, field: string, where: string): LedgerValue[] {
  const value = struct[field];
  if (!Array.isArray(value)) {
    throw new StreamRecordError(`${where}: ${field} is missing or not a list`);
  }
  return value;
}

function requireTimestamp(struct: LedgerStruct, field: string, where: string): LedgerTimestamp {
  const value = struct[field];
  if (!(value instanceof LedgerTimestamp)) {
    throw new StreamRecordError(`${where}: ${field} is missing or not a timestamp`);
  }
  return value;
}

function requireBlob(struct: LedgerStruct, field: string, where: string): Uint8Array {
  return asBlob(struct[field], `${where}.${field}`);
}

function asBlob(value: LedgerValue | undefined, where: string): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new StreamRecordError(`${where} is missing or not a blob`);
  }
  return value;
}
