import { createHash } from 'crypto';
import { ionHashOfLedgerValue } from './ion-hash-of-ledger-value';
import { ionTextOf } from './ion-text-of-ledger-value';
import {
  BlockEntry,
  DocumentInfo,
  DocumentRevision,
  metadataValue,
  redactionInfoValue,
  RevisionMetadata,
  SimulatedBlock,
  StatementInfo,
  SystemEntry,
  transactionInfoValue,
} from './ledger-block';
import { SeededRandom } from './seeded-random';
import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { merkleRoot } from '../../../lambda-src/core/hashing/merkle-root';
import { LedgerStruct, LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';
import { BlockAddress } from '../../../lambda-src/core/model/revision';

/** A ledger table; a dropped table keeps its id, and a new table may reuse its name. */
export interface SimulatedTable {
  readonly tableId: string;
  readonly tableName: string;
  dropped: boolean;
}

/** The current state of a document, as the ledger holds it after the last committed transaction. */
export interface DocumentState {
  readonly documentId: string;
  readonly tableId: string;
  readonly tableName: string;
  readonly version: number;
  /** Absent once the document is deleted. */
  readonly data?: LedgerStruct;
  readonly dataIonText?: string;
}

export interface LedgerSimulatorOptions {
  readonly random: SeededRandom;
  /** Commit time of the first block, in milliseconds since the epoch. */
  readonly startTimeMs: number;
  /** Receives every block, in sequence order, once no later redaction can rewrite it. */
  readonly onBlock: (block: SimulatedBlock) => void;
  /** How many recent blocks are held back so that a later redaction can still rewrite them. */
  readonly redactionWindowBlocks?: number;
  /** Probability that a data block also carries a system entry besides its document revisions. */
  readonly dataBlockSystemEntryProbability?: number;
}

interface PendingWrite {
  readonly documentId: string;
  readonly tableId: string;
  readonly tableName: string;
  readonly version: number;
  data?: LedgerStruct;
  readonly info: DocumentInfo;
}

/** Builds one transaction: statements, then the document writes each statement makes. */
export class TransactionBuilder {
  /** @internal */ public readonly statements: StatementInfo[] = [];
  /** @internal */ public readonly writes = new Map<string, PendingWrite>();
  /** @internal */ public readonly statementSystemEntries: number[] = [];

  constructor(private readonly ledger: LedgerSimulator, /** @internal */ public readonly transactionId: string) {}

  /** Adds a statement to the transaction and returns its index in `transactionInfo.statements`. */
  public statement(text: string): number {
    this.statements.push(this.ledger.statementInfo(text));
    return this.statements.length - 1;
  }

  /** Inserts a document through statement `statementIndex`; returns the document id QLDB assigns. */
  public insert(statementIndex: number, tableName: string, data: LedgerStruct): string {
    const table = this.ledger.activeTable(tableName, this.statementText(statementIndex));
    const documentId = this.ledger.newDocumentId();
    this.writes.set(documentId, {
      documentId,
      tableId: table.tableId,
      tableName: table.tableName,
      version: 0,
      data,
      info: { tableName: table.tableName, tableId: table.tableId, statements: [statementIndex] },
    });
    return documentId;
  }

  /** Replaces a document's data; several writes to one document in a transaction make one revision. */
  public update(statementIndex: number, documentId: string, data: LedgerStruct): void {
    this.write(statementIndex, documentId).data = data;
  }

  public delete(statementIndex: number, documentId: string): void {
    const write = this.write(statementIndex, documentId);
    if (write.version === 0) {
      throw new Error(`Document ${documentId} is inserted and deleted in transaction ${this.transactionId}: not simulated`);
    }
    write.data = undefined;
  }

  /** The data this transaction has written so far for a document (or its committed data). */
  public currentData(documentId: string): LedgerStruct | undefined {
    return this.writes.has(documentId) ? this.writes.get(documentId)!.data : this.ledger.document(documentId).data;
  }

  private write(statementIndex: number, documentId: string): PendingWrite {
    const existing = this.writes.get(documentId);
    if (existing !== undefined) {
      if (existing.data === undefined) {
        throw new Error(`Document ${documentId} is written after its deletion in transaction ${this.transactionId}`);
      }
      existing.info.statements.push(statementIndex);
      return existing;
    }
    const state = this.ledger.document(documentId);
    if (state.data === undefined) {
      throw new Error(`Document ${documentId} (table ${state.tableName}) is deleted: statement "${this.statementText(statementIndex)}" cannot write it`);
    }
    const table = this.ledger.table(state.tableId);
    if (table.dropped) {
      throw new Error(`Document ${documentId} belongs to dropped table ${table.tableName} (${table.tableId})`);
    }
    const write: PendingWrite = {
      documentId,
      tableId: state.tableId,
      tableName: state.tableName,
      version: state.version + 1,
      data: state.data,
      info: { tableName: state.tableName, tableId: state.tableId, statements: [statementIndex] },
    };
    this.writes.set(documentId, write);
    return write;
  }

  private statementText(index: number): string {
    const statement = this.statements[index];
    if (statement === undefined) {
      throw new Error(`Transaction ${this.transactionId} has no statement ${index}`);
    }
    return statement.statement;
  }
}

/**
 * An in-memory QLDB ledger on one strand: tables keyed by tableId, documents with versions, and
 * transactions that commit hash-chained blocks. It follows QLDB-FORMATS.md:
 * - a document written several times in one transaction gets one revision; version counts committing
 *   transactions;
 * - read-only transactions commit blocks with no revisions and no documents;
 * - CREATE TABLE, CREATE INDEX, DROP TABLE and UNDROP TABLE commit statements and system entries only;
 * - a redaction rewrites the original revision to `{blockAddress, hash, dataHash, metadata}` and commits a
 *   block with `redactionInfo`; the latest revision of a document cannot be redacted.
 *
 * Hashes (Ion hashes computed by ionHashOfLedgerValue, which agrees with the project's ionHash): revision hash = joinHashes(ionHash(metadata), ionHash(data)); a redacted revision keeps it
 * (dataHash = ionHash(data)); a deleted revision's hash is ionHash(metadata) alone, i.e.
 * joinHashes(ionHash(metadata), <empty hash>), the first of the two candidate rules QLDB-FORMATS.md lists.
 * entriesHashList mirrors the four-entry shape of real blocks: [state hash, Merkle root of the block's
 * entries (absent when the block has none), state hash, ionHash(transactionInfo)], then
 * ionHash(redactionInfo) when present; the two state hashes stand for ledger-internal state this model
 * does not have, and are derived from the block address. entriesHash = merkleRoot(entriesHashList);
 * blockHash = joinHashes(entriesHash, previousBlockHash); the first block's previousBlockHash is empty.
 */
export class LedgerSimulator {
  public readonly strandId: string;
  private readonly random: SeededRandom;
  private readonly onBlock: (block: SimulatedBlock) => void;
  private readonly redactionWindowBlocks: number;
  private readonly dataBlockSystemEntryProbability: number;
  private readonly tables = new Map<string, SimulatedTable>();
  private readonly activeTableIds = new Map<string, string>();
  private readonly documents = new Map<string, DocumentState>();
  private readonly pending: SimulatedBlock[] = [];
  private readonly blockHashes: Uint8Array[] = [];
  private previousBlockHash: Uint8Array = new Uint8Array(0);
  private clockMs: number;
  private committedRevisions = 0;

  constructor(options: LedgerSimulatorOptions) {
    this.random = options.random;
    this.onBlock = options.onBlock;
    this.clockMs = options.startTimeMs;
    this.redactionWindowBlocks = options.redactionWindowBlocks ?? 64;
    this.dataBlockSystemEntryProbability = options.dataBlockSystemEntryProbability ?? 0.2;
    this.strandId = this.random.qldbId();
  }

  /** Sequence number the next committed block will have. */
  public get nextSequenceNo(): number {
    return this.blockHashes.length;
  }

  /** Hashes of every committed block, by sequence number. */
  public get allBlockHashes(): readonly Uint8Array[] {
    return this.blockHashes;
  }

  public get revisionCount(): number {
    return this.committedRevisions;
  }

  /** Commit time of the next block will be after this instant (milliseconds since the epoch). */
  public get currentTimeMs(): number {
    return this.clockMs;
  }

  public createTable(tableName: string): string {
    if (this.activeTableIds.has(tableName)) {
      throw new Error(`CREATE TABLE ${tableName}: an active table already has this name (${this.activeTableIds.get(tableName)})`);
    }
    const tableId = this.random.qldbId();
    this.commitDdl(`CREATE TABLE ${tableName}`);
    this.tables.set(tableId, { tableId, tableName, dropped: false });
    this.activeTableIds.set(tableName, tableId);
    return tableId;
  }

  public createIndex(tableName: string, field: string): void {
    this.activeTable(tableName, `CREATE INDEX ON ${tableName} (${field})`);
    this.commitDdl(`CREATE INDEX ON ${tableName} (${field})`);
  }

  public dropTable(tableName: string): string {
    const table = this.activeTable(tableName, `DROP TABLE ${tableName}`);
    this.commitDdl(`DROP TABLE ${tableName}`);
    table.dropped = true;
    this.activeTableIds.delete(tableName);
    return table.tableId;
  }

  public undropTable(tableId: string): void {
    const table = this.table(tableId);
    if (!table.dropped || this.activeTableIds.has(table.tableName)) {
      throw new Error(`UNDROP TABLE "${tableId}": table ${table.tableName} is not dropped or its name is in use`);
    }
    this.commitDdl(`UNDROP TABLE "${tableId}"`);
    table.dropped = false;
    this.activeTableIds.set(table.tableName, tableId);
  }

  /** A read-only transaction: its block has statements only. */
  public select(...statements: string[]): SimulatedBlock {
    return this.transaction((tx) => statements.forEach((s) => tx.statement(s)));
  }

  /** Runs `build` as one transaction and commits its block. */
  public transaction(build: (tx: TransactionBuilder) => void): SimulatedBlock {
    const tx = new TransactionBuilder(this, this.random.qldbId());
    build(tx);
    if (tx.statements.length === 0) {
      throw new Error(`Transaction ${tx.transactionId} has no statement`);
    }
    const txTimeMs = this.advanceClock(1, 12);
    const txTime = timestampOf(txTimeMs);
    const revisions: DocumentRevision[] = [];
    for (const write of tx.writes.values()) {
      const metadata: RevisionMetadata = { id: write.documentId, version: write.version, txTime, txId: tx.transactionId };
      const dataIonText = write.data === undefined ? undefined : ionTextOf(write.data);
      const revision: DocumentRevision = {
        kind: 'document',
        tableId: write.tableId,
        tableName: write.tableName,
        blockAddress: this.nextAddress(),
        hash: revisionHash(metadata, write.data),
        metadata,
        data: write.data,
        dataIonText,
      };
      revisions.push(revision);
      this.documents.set(write.documentId, {
        documentId: write.documentId,
        tableId: write.tableId,
        tableName: write.tableName,
        version: write.version,
        data: write.data,
        dataIonText,
      });
    }
    const entries: BlockEntry[] = [...revisions];
    if (revisions.length > 0 && this.random.chance(this.dataBlockSystemEntryProbability)) {
      entries.push(this.systemEntry('committed-transaction'));
    }
    const documents: Record<string, DocumentInfo> = {};
    for (const write of tx.writes.values()) {
      documents[write.documentId] = write.info;
    }
    this.committedRevisions += revisions.length;
    return this.commit({
      transactionId: tx.transactionId,
      statements: tx.statements,
      documents: revisions.length > 0 ? documents : undefined,
      entries: entries.length > 0 ? entries : undefined,
      blockTimeMs: this.advanceClock(5, 30),
    });
  }

  /**
   * Redacts one earlier revision: the original block's revision is rewritten to carry `dataHash` instead
   * of `data`, and a new block records the redaction in `redactionInfo`. The original block must still be
   * held back (within the redaction window).
   */
  public redact(documentId: string, version: number): SimulatedBlock {
    const state = this.document(documentId);
    if (version >= state.version) {
      throw new Error(`Cannot redact document ${documentId} version ${version}: the latest revision (version ${state.version}) cannot be redacted`);
    }
    const revision = this.pending
      .flatMap((block) => block.revisions ?? [])
      .find((entry): entry is DocumentRevision => entry.kind === 'document' && entry.metadata.id === documentId && entry.metadata.version === version);
    if (revision === undefined) {
      throw new Error(`Cannot redact document ${documentId} version ${version}: its block is no longer held back (redaction window ${this.redactionWindowBlocks} blocks)`);
    }
    if (revision.dataIonText === undefined) {
      throw new Error(`Cannot redact document ${documentId} version ${version}: it is a deletion or already redacted`);
    }
    const statement = this.statementInfo('EXEC redact_revision ?, ?, ?');
    const redactionInfo = {
      revisions: [{ blockAddress: revision.blockAddress, tableId: revision.tableId, documentId, version }],
    };
    const block = this.commit({
      transactionId: this.random.qldbId(),
      statements: [statement],
      entries: [this.systemEntry('redaction')],
      redactionInfo,
      blockTimeMs: this.advanceClock(5, 30),
    });
    revision.dataHash = ionHashOfLedgerValue(revision.data!);
    revision.data = undefined;
    revision.dataIonText = undefined;
    return block;
  }

  /** Emits every held-back block. */
  public flush(): void {
    while (this.pending.length > 0) {
      this.onBlock(this.pending.shift()!);
    }
  }

  public document(documentId: string): DocumentState {
    const state = this.documents.get(documentId);
    if (state === undefined) {
      throw new Error(`Unknown document ${documentId} (never inserted, or released with forget())`);
    }
    return state;
  }

  /** Releases documents that will not be written again, to keep memory bounded. */
  public forget(documentIds: Iterable<string>): void {
    for (const documentId of documentIds) {
      this.documents.delete(documentId);
    }
  }

  public table(tableId: string): SimulatedTable {
    const table = this.tables.get(tableId);
    if (table === undefined) {
      throw new Error(`Unknown table id ${tableId}`);
    }
    return table;
  }

  /** Every table ever created, in creation order. */
  public allTables(): SimulatedTable[] {
    return [...this.tables.values()];
  }

  /** @internal */
  public activeTable(tableName: string, statement: string): SimulatedTable {
    const tableId = this.activeTableIds.get(tableName);
    if (tableId === undefined) {
      throw new Error(`Statement "${statement}": no active table named ${tableName}`);
    }
    return this.table(tableId);
  }

  /** @internal */
  public newDocumentId(): string {
    return this.random.qldbId();
  }

  /** @internal */
  public statementInfo(statement: string): StatementInfo {
    return {
      statement,
      startTime: timestampOf(this.advanceClock(1, 40)),
      statementDigest: sha256(`statement/${statement}`),
    };
  }

  private commitDdl(statement: string): SimulatedBlock {
    return this.commit({
      transactionId: this.random.qldbId(),
      statements: [this.statementInfo(statement)],
      entries: [this.systemEntry('catalog'), this.systemEntry('committed-transaction')],
      blockTimeMs: this.advanceClock(5, 30),
    });
  }

  private commit(parts: {
    transactionId: string;
    statements: StatementInfo[];
    documents?: Record<string, DocumentInfo>;
    entries?: BlockEntry[];
    redactionInfo?: SimulatedBlock['redactionInfo'];
    blockTimeMs: number;
  }): SimulatedBlock {
    const blockAddress = this.nextAddress();
    const transactionInfo = { statements: parts.statements, documents: parts.documents };
    const entriesHashList: Uint8Array[] = [sha256(`index-state/${blockAddress.strandId}/${blockAddress.sequenceNo}`)];
    if (parts.entries !== undefined) {
      entriesHashList.push(merkleRoot(parts.entries.map((entry) => entry.hash)));
    }
    entriesHashList.push(sha256(`catalog-state/${blockAddress.strandId}/${blockAddress.sequenceNo}`));
    entriesHashList.push(ionHashOfLedgerValue(transactionInfoValue(transactionInfo)));
    if (parts.redactionInfo !== undefined) {
      entriesHashList.push(ionHashOfLedgerValue(redactionInfoValue(parts.redactionInfo)));
    }
    const entriesHash = merkleRoot(entriesHashList);
    const block: SimulatedBlock = {
      blockAddress,
      transactionId: parts.transactionId,
      blockTimestamp: timestampOf(parts.blockTimeMs),
      blockHash: joinHashes(entriesHash, this.previousBlockHash),
      entriesHash,
      previousBlockHash: this.previousBlockHash,
      entriesHashList,
      transactionInfo,
      redactionInfo: parts.redactionInfo,
      revisions: parts.entries,
    };
    this.previousBlockHash = block.blockHash;
    this.blockHashes.push(block.blockHash);
    this.pending.push(block);
    while (this.pending.length > this.redactionWindowBlocks) {
      this.onBlock(this.pending.shift()!);
    }
    return block;
  }

  private systemEntry(kind: string): SystemEntry {
    return { kind: 'system', hash: sha256(`system/${kind}/${this.strandId}/${this.nextSequenceNo}`) };
  }

  private nextAddress(): BlockAddress {
    return { strandId: this.strandId, sequenceNo: this.nextSequenceNo };
  }

  private advanceClock(minMs: number, maxMs: number): number {
    this.clockMs += this.random.int(minMs, maxMs);
    return this.clockMs;
  }

  /** Moves the clock forward between transactions (idle time). */
  public idle(minMs: number, maxMs: number): void {
    this.advanceClock(minMs, maxMs);
  }
}

/** Revision hash per QLDB-FORMATS.md; a deleted revision (no data) hashes its metadata alone. */
export function revisionHash(metadata: RevisionMetadata, data: LedgerStruct | undefined): Uint8Array {
  const metadataHash = ionHashOfLedgerValue(metadataValue(metadata));
  return joinHashes(metadataHash, data === undefined ? new Uint8Array(0) : ionHashOfLedgerValue(data));
}

function timestampOf(ms: number): LedgerTimestamp {
  return new LedgerTimestamp(new Date(ms).toISOString());
}

function sha256(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text).digest());
}
