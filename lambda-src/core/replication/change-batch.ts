import { checkRevisionDetails } from './revision-hash-gate';
import { TableLayout } from '../../../src/generators/table-layout';
import { ColumnType } from '../../../src/mapping/column-type';
import { TableRouter } from '../load/table-router';
import { LedgerTimestamp } from '../model/ledger-value';
import { isRedacted, LedgerRevision } from '../model/revision';
import { describeOrigin, StreamItem } from '../stream/stream-item';
import { BlockSummaryRecord } from '../stream/stream-record';
import { convertValue } from '../transform/column-conversion';
import { RejectRecord, rejectKey } from '../transform/reject-record';
import { RevisionRowBuilder } from '../transform/revision-row';

/** The revisions of one target table in a batch, deduplicated, as audit rows. */
export interface TableChanges {
  readonly layout: TableLayout;
  /** Audit rows (RevisionRowBuilder values), one per (doc_id, version). */
  readonly rows: Array<Array<string | null>>;
  /** Every document the batch touches in this table (its live row is recomputed). */
  readonly documentIds: string[];
}

/** The highest block a batch has seen. */
export interface LastBlock {
  readonly strandId: string;
  readonly sequenceNo: number;
  /** Canonical timestamptz text: the block's timestamp (or, without its BLOCK_SUMMARY, the revision's txTime). */
  readonly time: string;
}

export interface ChangeBatchCounts {
  /** Stream items in the batch (decoded records and rejects). */
  readonly items: number;
  readonly controlRecords: number;
  readonly blockSummaries: number;
  readonly revisionDetails: number;
  /** Revisions planned for the audit tables (after deduplication). */
  readonly revisionsPlanned: number;
  /** REVISION_DETAILS records left out because the batch already holds the same (doc_id, version). */
  readonly duplicates: number;
  /** Revisions at or below the last full-load block. */
  readonly skippedAfterBlock: number;
  /** Revisions of ledger tables the mapping skips. */
  readonly skippedTables: number;
  /** Revisions whose hash did not verify (rejected, not applied). */
  readonly hashMismatches: number;
  /** Items that could not be decoded (rejected with their raw bytes). */
  readonly undecodable: number;
  /** Values that could not be converted to their column type (column NULL, rejected). */
  readonly conversionRejects: number;
}

/** What one batch of stream items changes: the pure plan the apply executes in one transaction. */
export interface ChangeBatch {
  readonly tables: TableChanges[];
  readonly rejects: RejectRecord[];
  /** The stream's ARN, the key of its replication state row. */
  readonly streamId?: string;
  readonly lastBlock?: LastBlock;
  readonly counts: ChangeBatchCounts;
}

export interface ChangeBatchOptions {
  /** Revisions in blocks at or below this sequence number (the last full-load block) are skipped. */
  readonly afterBlock?: number;
  /** Check every REVISION_DETAILS hash before applying it. @default true */
  readonly verifyHashes?: boolean;
  /** Fail on the first value that cannot be converted instead of recording a reject. */
  readonly strict?: boolean;
}

const TIMESTAMPTZ = ColumnType.TIMESTAMPTZ;

function canonicalTime(timestamp: LedgerTimestamp): string | undefined {
  const converted = convertValue(timestamp, TIMESTAMPTZ);
  return typeof converted === 'string' ? converted : undefined;
}

/**
 * Turns batches of decoded stream items into ChangeBatch plans: routes each REVISION_DETAILS to its table, checks
 * its hash, skips what the last full load already holds, deduplicates by (doc_id, version) (a redacted copy wins
 * over the original, so a redaction is never lost), converts revisions to audit rows with the one row transform,
 * and collects rejects. Holds the table routes and row builders across batches.
 */
export class ChangeBatchPlanner {
  private readonly builders = new Map<string, RevisionRowBuilder>();

  constructor(private readonly router: TableRouter, private readonly options: ChangeBatchOptions = {}) {}

  plan(items: readonly StreamItem[]): ChangeBatch {
    const counts = {
      items: items.length,
      controlRecords: 0,
      blockSummaries: 0,
      revisionDetails: 0,
      revisionsPlanned: 0,
      duplicates: 0,
      skippedAfterBlock: 0,
      skippedTables: 0,
      hashMismatches: 0,
      undecodable: 0,
      conversionRejects: 0,
    };
    const rejects: RejectRecord[] = [];
    const summaries = new Map<string, BlockSummaryRecord>();
    let streamId: string | undefined;
    let lastBlock: LastBlock | undefined;
    const seeBlock = (strandId: string, sequenceNo: number, time: LedgerTimestamp, fromSummary: boolean) => {
      const text = canonicalTime(time);
      if (text === undefined) return;
      if (!lastBlock || sequenceNo > lastBlock.sequenceNo || (sequenceNo === lastBlock.sequenceNo && fromSummary)) {
        lastBlock = { strandId, sequenceNo, time: text };
      }
    };
    for (const item of items) {
      if (item.kind === 'record' && item.record.recordType === 'BLOCK_SUMMARY') {
        const { blockAddress } = item.record;
        summaries.set(`${blockAddress.strandId}/${blockAddress.sequenceNo}`, item.record);
      }
    }

    const byTable = new Map<string, { layout: TableLayout; revisions: Map<string, LedgerRevision>; documentIds: Set<string> }>();
    for (const item of items) {
      if (item.kind === 'reject') {
        counts.undecodable++;
        rejects.push(undecodableReject(item.rawBase64, item.reason));
        continue;
      }
      const { record } = item;
      streamId ??= record.qldbStreamArn;
      if (record.recordType === 'CONTROL') {
        counts.controlRecords++;
        continue;
      }
      if (record.recordType === 'BLOCK_SUMMARY') {
        counts.blockSummaries++;
        seeBlock(record.blockAddress.strandId, record.blockAddress.sequenceNo, record.blockTimestamp, true);
        continue;
      }
      counts.revisionDetails++;
      const { revision } = record;
      const { strandId, sequenceNo } = revision.blockAddress;
      seeBlock(strandId, sequenceNo, revision.txTime, false);
      if (this.options.afterBlock !== undefined && sequenceNo <= this.options.afterBlock) {
        counts.skippedAfterBlock++;
        continue;
      }
      const route = this.router.route(revision.tableName);
      if (route.kind === 'skipped') {
        counts.skippedTables++;
        continue;
      }
      if (this.options.verifyHashes ?? true) {
        const verdict = checkRevisionDetails(record, summaries.get(`${strandId}/${sequenceNo}`), describeOrigin(item.origin));
        if (!verdict.ok) {
          counts.hashMismatches++;
          rejects.push(hashMismatchReject(revision, route.layout, verdict.reason, record.ion));
          continue;
        }
      }
      const table = byTable.get(route.layout.live.name) ?? { layout: route.layout, revisions: new Map(), documentIds: new Set<string>() };
      byTable.set(route.layout.live.name, table);
      const key = `${revision.documentId}/${revision.version}`;
      const existing = table.revisions.get(key);
      if (existing) {
        counts.duplicates++;
        if (isRedacted(revision) && !isRedacted(existing)) table.revisions.set(key, revision);
      } else {
        table.revisions.set(key, revision);
      }
      table.documentIds.add(revision.documentId);
    }

    const tables: TableChanges[] = [];
    for (const { layout, revisions, documentIds } of byTable.values()) {
      const builder = this.builderFor(layout);
      const rows: Array<Array<string | null>> = [];
      // In (doc_id, version) order, so that concurrent consumers lock rows in the same order (fewer deadlocks).
      const ordered = [...revisions.values()].sort((a, b) => compareText(a.documentId, b.documentId) || a.version - b.version);
      for (const revision of ordered) {
        const row = builder.build(revision);
        rows.push(row.values);
        counts.conversionRejects += row.rejects.length;
        rejects.push(...row.rejects);
      }
      counts.revisionsPlanned += rows.length;
      tables.push({ layout, rows, documentIds: [...documentIds].sort(compareText) });
    }
    return { tables, rejects, counts, ...(streamId === undefined ? {} : { streamId }), ...(lastBlock === undefined ? {} : { lastBlock }) };
  }

  private builderFor(layout: TableLayout): RevisionRowBuilder {
    let builder = this.builders.get(layout.live.name);
    if (!builder) {
      builder = new RevisionRowBuilder(layout, { source: 'stream', strict: this.options.strict });
      this.builders.set(layout.live.name, builder);
    }
    return builder;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function undecodableReject(rawBase64: string, reason: string): RejectRecord {
  return {
    rejectKey: rejectKey(['stream', 'undecodable', rawBase64]),
    source: 'stream',
    ledgerTable: null,
    tableId: null,
    targetTable: null,
    docId: null,
    version: null,
    column: null,
    reason,
    originalValue: null,
    rawRecord: rawBase64,
  };
}

function hashMismatchReject(revision: LedgerRevision, layout: TableLayout, reason: string, ion: Uint8Array): RejectRecord {
  return {
    rejectKey: rejectKey(['stream', 'revision-hash', revision.tableId, revision.documentId, revision.version, Buffer.from(revision.hash).toString('hex')]),
    source: 'stream',
    ledgerTable: revision.tableName,
    tableId: revision.tableId,
    targetTable: layout.live.name,
    docId: revision.documentId,
    version: revision.version,
    column: null,
    reason: `the revision was not applied: ${reason}`,
    originalValue: null,
    rawRecord: Buffer.from(ion).toString('base64'),
  };
}
