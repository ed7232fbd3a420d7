import { createHash } from 'crypto';
import { Client } from 'pg';
import { ExpectedRows, ExpectedTable } from './expected-rows';
import { ReconcileSummary, TableComparison, TableReconciliation } from './reconcile-summary';
import { compareRejects } from './rejects-comparison';
import { compareTable } from './target-table-comparison';
import { qualifiedName, quoteIdentifier } from '../../../src/mapping/identifier';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { DroppedTablePolicy } from '../../../src/mapping/policies';
import { ExportReader } from '../export/export-reader';
import { StreamItem } from '../stream/stream-item';

export interface ReconcileProgress {
  readonly objects: number;
  readonly blocks: number;
  readonly revisions: number;
}

export interface ReconcileOptions {
  readonly mapping: LedgerMapping;
  readonly connectionString: string;
  /** The export the target was loaded from (opened, not yet read). */
  readonly exportReader?: ExportReader;
  /** Stream records applied after the export (decoded events or Ion stream records). */
  readonly streamItems?: readonly StreamItem[];
  /**
   * Documents (and rejects) of each kind to name in the summary.
   * @default 10
   */
  readonly sampleSize?: number;
  readonly onProgress?: (progress: ReconcileProgress) => void;
}

/** The schema the expected rows are staged in: derived from the target schema, dropped when reconciling ends. */
export function reconcileScratchSchema(targetSchema: string): string {
  return `qldb_reconcile_${createHash('sha256').update(targetSchema).digest('hex').slice(0, 12)}`;
}

/**
 * Recomputes, from the export (and the stream records applied after it), the rows the target should hold, with the
 * migration's own transform and semantics (audit: every revision once, a redacted copy winning; live: the latest
 * version of each document unless it is a deletion; tables dropped at the end of the export left out unless the
 * mapping migrates them), and compares them with the target: row counts, per-document digests of the mapped values
 * (live rows and whole histories) and the value rejects. The expected rows are streamed over COPY into a scratch
 * schema in the target database (dropped at the end), so PostgreSQL renders both sides with the same types; only
 * one number per document is held in memory.
 */
export async function reconcileTarget(options: ReconcileOptions): Promise<ReconcileSummary> {
  const { mapping, connectionString } = options;
  if (!options.exportReader && !options.streamItems) {
    throw new Error('nothing to reconcile against: give an export or stream records');
  }
  const sampleSize = options.sampleSize ?? 10;
  const scratch = reconcileScratchSchema(mapping.schema);
  const client = new Client({ connectionString });
  await client.connect();
  let expected: ExpectedRows | undefined;
  try {
    await client.query(`drop schema if exists ${quoteIdentifier(scratch)} cascade`);
    await client.query(`create schema ${quoteIdentifier(scratch)}`);
    expected = await ExpectedRows.open(mapping, connectionString, scratch, client);
    let exportRevisions = 0;
    let streamRevisions = 0;
    const reader = options.exportReader;
    if (reader) {
      for await (const blocks of reader.blockBatches()) {
        for (const block of blocks) {
          for (const revision of block.revisions) {
            await expected.add(revision, 'export');
            exportRevisions++;
          }
        }
        const p = reader.progress();
        options.onProgress?.({ objects: p.objectsRead, blocks: p.blocksRead, revisions: p.revisionsRead });
      }
    }
    for (const item of options.streamItems ?? []) {
      if (item.kind === 'record' && item.record.recordType === 'REVISION_DETAILS') {
        await expected.add(item.record.revision, 'stream');
        streamRevisions++;
      }
    }
    const droppedTableIds = reader && mapping.droppedTables === DroppedTablePolicy.SKIP
      ? [...reader.tables().values()].filter((t) => t.dropped).map((t) => t.tableId)
      : [];
    await expected.finish(droppedTableIds);

    const tables: TableReconciliation[] = [];
    for (const table of expected.tables()) {
      const comparisons = await compareLayout(client, table, sampleSize);
      tables.push({
        ledgerTable: table.layout.ledgerTable,
        kind: table.kind,
        tableIds: [...table.tableIds],
        exportRevisions: table.revisionsRead.export,
        streamRevisions: table.revisionsRead.stream,
        comparisons,
        agrees: comparisons.every((c) => c.agrees),
      });
    }
    const sources = [...(reader ? ['export'] : []), ...(options.streamItems ? ['stream'] : [])];
    const rejects = await compareRejects(client, expected.rejectsTable, mapping.schema, sources, sampleSize);
    const documentDifferences = tables.flatMap((t) => t.comparisons)
      .reduce((sum, c) => sum + c.missingDocuments + c.extraDocuments + c.differentDocuments, 0);
    return {
      agrees: tables.every((t) => t.agrees) && rejects.agrees,
      schema: mapping.schema,
      exportRevisions,
      streamRevisions,
      tables,
      skippedTables: expected.skippedTables().map((s) => ({ ...s })),
      droppedTableIds,
      rejects,
      documentDifferences,
    };
  } catch (error) {
    await expected?.abort();
    throw error;
  } finally {
    await client.query(`drop schema if exists ${quoteIdentifier(scratch)} cascade`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function compareLayout(client: Client, table: ExpectedTable, sampleSize: number): Promise<TableComparison[]> {
  const { layout } = table;
  const audit = qualifiedName(table.audit.schema, table.audit.name);
  const liveColumns = layout.live.columns.map((c) => c.name);
  const docId = quoteIdentifier('doc_id');
  const version = quoteIdentifier('version');
  const expectedLive = `select ${liveColumns.map((c) => `a.${quoteIdentifier(c)}`).join(', ')} from ${audit} a ` +
    `join ${table.latestTable} l on a.${docId} = l.${docId} and a.${version} = l.${version} where a.${quoteIdentifier('operation')} <> 'D'`;
  const comparisons = [await compareTable(client, {
    role: 'live', schema: layout.live.schema, table: layout.live.name, columns: liveColumns, expected: expectedLive, sampleSize,
  })];
  if (layout.audit) {
    comparisons.push(await compareTable(client, {
      role: 'audit',
      schema: layout.audit.schema,
      table: layout.audit.name,
      columns: layout.audit.columns.map((c) => c.name),
      expected: `select * from ${audit}`,
      sampleSize,
    }));
  }
  return comparisons;
}
