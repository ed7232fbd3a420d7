import { LedgerTimestamp, LedgerValue } from './ledger-value';

/** Address of a block in the journal. */
export interface BlockAddress {
  readonly strandId: string;
  readonly sequenceNo: number;
}

/** The fields every journal block carries, in exports, stream BLOCK_SUMMARY records and the DMV generator alike. */
export interface BlockHeader {
  readonly blockAddress: BlockAddress;
  readonly transactionId: string;
  readonly blockTimestamp: LedgerTimestamp;
  readonly blockHash: Uint8Array;
  readonly entriesHash: Uint8Array;
  readonly entriesHashList: readonly Uint8Array[];
}

/** `I` for version 0, `U` for a later version, `D` for a deletion (neither data nor dataHash). */
export type Operation = 'I' | 'U' | 'D';

/**
 * One document revision of a user table, as read from an export block or a REVISION_DETAILS
 * stream record. System entries (no metadata) are never represented as a LedgerRevision.
 */
export interface LedgerRevision {
  readonly tableId: string;
  readonly tableName: string;
  readonly blockAddress: BlockAddress;
  /** Commit time of the block, when known (exports and BLOCK_SUMMARY records carry it). */
  readonly blockTimestamp?: LedgerTimestamp;
  /** The revision hash (32 bytes). */
  readonly hash: Uint8Array;
  readonly documentId: string;
  readonly version: number;
  readonly txId: string;
  readonly txTime: LedgerTimestamp;
  /** The document, absent for deletions and redacted revisions. */
  readonly data?: LedgerValue;
  /** Present only on redacted revisions. */
  readonly dataHash?: Uint8Array;
}

export function operationOf(revision: Pick<LedgerRevision, 'version' | 'data' | 'dataHash'>): Operation {
  if (revision.data === undefined && revision.dataHash === undefined) {
    return 'D';
  }
  return revision.version === 0 ? 'I' : 'U';
}

export function isRedacted(revision: Pick<LedgerRevision, 'data' | 'dataHash'>): boolean {
  return revision.data === undefined && revision.dataHash !== undefined;
}
