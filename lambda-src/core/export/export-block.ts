import { LedgerTimestamp, LedgerValue } from '../model/ledger-value';
import { BlockHeader, LedgerRevision } from '../model/revision';

/** One statement of a block's transaction (`transactionInfo.statements[]`). */
export interface ExportStatement {
  readonly statement: string;
  readonly startTime?: LedgerTimestamp;
  readonly statementDigest?: Uint8Array;
}

/** The table of a document written by the transaction (`transactionInfo.documents[docId]`). */
export interface ExportDocumentInfo {
  readonly tableName: string;
  readonly tableId: string;
  /** Indexes into the transaction's statements. */
  readonly statements: readonly number[];
}

export interface ExportTransactionInfo {
  readonly statements: readonly ExportStatement[];
  /** Document id -> its table; empty for read-only transactions and DDL. */
  readonly documents: ReadonlyMap<string, ExportDocumentInfo>;
}

/** One journal block of an export, with its user revisions joined to their tables. */
export interface ExportBlock extends BlockHeader {
  /** The object key (as named in the completed manifest) the block was read from. */
  readonly objectKey: string;
  /** Absent only where the export omits it. */
  readonly previousBlockHash?: Uint8Array;
  readonly transactionInfo: ExportTransactionInfo;
  /** Present on the blocks of redacting transactions only, as read. */
  readonly redactionInfo?: LedgerValue;
  /** User revisions in block order; system entries (no metadata) are left out. */
  readonly revisions: readonly LedgerRevision[];
  /** The hash of every element of `revisions[]` in block order, system entries included (for the Merkle root). */
  readonly revisionHashes: readonly Uint8Array[];
}
