import { LedgerStruct, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';
import { BlockAddress, BlockHeader } from '../../../lambda-src/core/model/revision';

/** Metadata of a document revision, as QLDB writes it. */
export interface RevisionMetadata {
  readonly id: string;
  readonly version: number;
  readonly txTime: LedgerTimestamp;
  readonly txId: string;
}

/** A document revision committed in a block. `data` is absent for deletions and, once redacted, replaced by `dataHash`. */
export interface DocumentRevision {
  readonly kind: 'document';
  readonly tableId: string;
  readonly tableName: string;
  readonly blockAddress: BlockAddress;
  readonly hash: Uint8Array;
  readonly metadata: RevisionMetadata;
  /** Ion text of `data`, kept beside it (hashing, ground truth). */
  data?: LedgerStruct;
  dataIonText?: string;
  dataHash?: Uint8Array;
}

/** A system entry of a block: only a hash, counted in the revision tree, never migrated. */
export interface SystemEntry {
  readonly kind: 'system';
  readonly hash: Uint8Array;
}

export type BlockEntry = DocumentRevision | SystemEntry;

export interface StatementInfo {
  readonly statement: string;
  readonly startTime: LedgerTimestamp;
  readonly statementDigest: Uint8Array;
}

export interface DocumentInfo {
  readonly tableName: string;
  readonly tableId: string;
  readonly statements: number[];
}

export interface TransactionInfo {
  readonly statements: StatementInfo[];
  /** Absent for read-only and DDL transactions. */
  readonly documents?: Record<string, DocumentInfo>;
}

export interface RedactedRevisionAddress {
  readonly blockAddress: BlockAddress;
  readonly tableId: string;
  readonly documentId: string;
  readonly version: number;
}

/** A committed block of the simulated journal. */
export interface SimulatedBlock extends BlockHeader {
  readonly previousBlockHash: Uint8Array;
  readonly entriesHashList: Uint8Array[];
  readonly transactionInfo: TransactionInfo;
  readonly redactionInfo?: { readonly revisions: RedactedRevisionAddress[] };
  /** Absent for read-only transactions. */
  readonly revisions?: BlockEntry[];
}

export function blockAddressValue(address: BlockAddress): LedgerStruct {
  return { strandId: address.strandId, sequenceNo: address.sequenceNo };
}

export function metadataValue(metadata: RevisionMetadata): LedgerStruct {
  return { id: metadata.id, version: metadata.version, txTime: metadata.txTime, txId: metadata.txId };
}

export function transactionInfoValue(info: TransactionInfo): LedgerStruct {
  const value: LedgerStruct = {
    statements: info.statements.map((s) => ({ statement: s.statement, startTime: s.startTime, statementDigest: s.statementDigest })),
  };
  if (info.documents !== undefined) {
    const documents: LedgerStruct = {};
    for (const [documentId, document] of Object.entries(info.documents)) {
      documents[documentId] = { tableName: document.tableName, tableId: document.tableId, statements: [...document.statements] };
    }
    value.documents = documents;
  }
  return value;
}

export function redactionInfoValue(redactionInfo: NonNullable<SimulatedBlock['redactionInfo']>): LedgerStruct {
  return {
    revisions: redactionInfo.revisions.map((r) => ({
      blockAddress: blockAddressValue(r.blockAddress),
      tableId: r.tableId,
      documentId: r.documentId,
      version: r.version,
    })),
  };
}

/** A block entry as it appears in an export's `revisions` list (user, deleted, redacted or system shape). */
export function blockEntryValue(entry: BlockEntry): LedgerStruct {
  if (entry.kind === 'system') {
    return { hash: entry.hash };
  }
  const value: LedgerStruct = { blockAddress: blockAddressValue(entry.blockAddress), hash: entry.hash };
  if (entry.data !== undefined) {
    value.data = entry.data;
  } else if (entry.dataHash !== undefined) {
    value.dataHash = entry.dataHash;
  }
  value.metadata = metadataValue(entry.metadata);
  return value;
}

/** The block fields shared by export blocks and BLOCK_SUMMARY stream records, in QLDB's order. */
export function blockHeaderValue(block: SimulatedBlock): LedgerStruct {
  const value: LedgerStruct = {
    blockAddress: blockAddressValue(block.blockAddress),
    transactionId: block.transactionId,
    blockTimestamp: block.blockTimestamp,
    blockHash: block.blockHash,
    entriesHash: block.entriesHash,
    previousBlockHash: block.previousBlockHash,
    entriesHashList: [...block.entriesHashList],
    transactionInfo: transactionInfoValue(block.transactionInfo),
  };
  if (block.redactionInfo !== undefined) {
    value.redactionInfo = redactionInfoValue(block.redactionInfo);
  }
  return value;
}

/** The block as an export writes it. */
export function exportBlockValue(block: SimulatedBlock): LedgerStruct {
  const value = blockHeaderValue(block);
  if (block.revisions !== undefined) {
    value.revisions = block.revisions.map(blockEntryValue) as LedgerValue[];
  }
  return value;
}

export function documentRevisions(block: SimulatedBlock): DocumentRevision[] {
  return (block.revisions ?? []).filter((entry): entry is DocumentRevision => entry.kind === 'document');
}
