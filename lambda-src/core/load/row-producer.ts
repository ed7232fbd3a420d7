import { TableRouter } from './table-router';
import { increment } from './tallies';
import { REJECTS_COLUMNS } from '../../../src/generators/table-layout';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { LedgerRevision } from '../model/revision';
import { copyBinaryColumns } from '../transform/copy-binary-field';
import { CopyBinaryRowBuffer } from '../transform/copy-binary-row';
import { rejectRowValues } from '../transform/reject-record';
import { RevisionRowBuilder } from '../transform/revision-row';
import { RowBuffer } from '../transform/row-buffer';

/** Bytes of rows a table collects before they are handed over as one chunk. */
const CHUNK_BYTES = 256 * 1024;

/** Rows of one staging table (a ledger table's audit rows, or the rejects) in COPY's binary format (see CopyWriter). */
export interface RowChunk {
  /** The ledger table the rows belong to; undefined for rows of the rejects table. */
  readonly ledgerTable?: string;
  readonly bytes: Uint8Array;
  readonly rows: number;
}

/** Revisions read per ledger table and table id; skipped ledger tables with why. Maps of plain data (they cross threads). */
export interface RowCounts {
  /** Ledger table -> table id -> revisions turned into rows. */
  readonly revisions: Map<string, Map<string, number>>;
  /** Ledger table -> why it was skipped and its revisions by table id. */
  readonly skipped: Map<string, SkippedLedgerTable>;
}

export interface SkippedLedgerTable {
  readonly reason: 'skipTables' | 'unmappedTables';
  readonly revisions: Map<string, number>;
}

interface TableOutput {
  readonly builder: RevisionRowBuilder;
  readonly buffer: CopyBinaryRowBuffer;
  readonly revisions: Map<string, number>;
}

/**
 * Turns revisions into the rows a load COPYs into its staging tables: each ledger table's audit rows (by the mapping's
 * layout for it) and the rejects, in chunks of about 256 KiB per table. Revisions may come in any order (the staged
 * rows are ordered by version later), so several producers can share one export.
 */
export class RowProducer {
  private readonly router: TableRouter;
  private readonly outputs = new Map<string, TableOutput>();
  private readonly rejects = new CopyBinaryRowBuffer(copyBinaryColumns(REJECTS_COLUMNS), CHUNK_BYTES);
  private readonly skipped = new Map<string, SkippedLedgerTable>();

  constructor(mapping: LedgerMapping, private readonly options: { readonly strict?: boolean } = {}) {
    this.router = new TableRouter(mapping);
  }

  public add(revision: LedgerRevision): void {
    const route = this.router.route(revision.tableName);
    if (route.kind === 'skipped') {
      let skipped = this.skipped.get(revision.tableName);
      if (skipped === undefined) {
        skipped = { reason: route.reason, revisions: new Map() };
        this.skipped.set(revision.tableName, skipped);
      }
      increment(skipped.revisions, revision.tableId);
      return;
    }
    let output = this.outputs.get(route.layout.ledgerTable);
    if (output === undefined) {
      output = {
        builder: new RevisionRowBuilder(route.layout, { source: 'export', strict: this.options.strict }),
        buffer: new CopyBinaryRowBuffer(copyBinaryColumns(route.layout.revisionTable.columns), CHUNK_BYTES),
        revisions: new Map(),
      };
      this.outputs.set(route.layout.ledgerTable, output);
    }
    increment(output.revisions, revision.tableId);
    const row = output.builder.build(revision);
    output.buffer.append(row.values);
    for (const reject of row.rejects) {
      this.rejects.append(rejectRowValues(reject));
    }
  }

  /** Hands over the tables' rows that make a whole chunk (all rows, with `all`). */
  public take(all = false): RowChunk[] {
    const chunks: RowChunk[] = [];
    const ready = (buffer: RowBuffer) => (all ? buffer.length > 0 : buffer.full);
    for (const [ledgerTable, output] of this.outputs) {
      if (ready(output.buffer)) {
        chunks.push({ ledgerTable, rows: output.buffer.rowCount, bytes: output.buffer.take() });
      }
    }
    if (ready(this.rejects)) {
      chunks.push({ rows: this.rejects.rowCount, bytes: this.rejects.take() });
    }
    return chunks;
  }

  public counts(): RowCounts {
    return {
      revisions: new Map([...this.outputs].map(([ledgerTable, output]) => [ledgerTable, new Map(output.revisions)])),
      skipped: new Map([...this.skipped].map(([ledgerTable, s]) => [ledgerTable, { reason: s.reason, revisions: new Map(s.revisions) }])),
    };
  }
}
