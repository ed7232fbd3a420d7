import { existsSync, mkdirSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { CsvFile } from './csv-file';
import type { TableLoadSummary } from './export-loader';
import { TableRouter } from './table-router';
import { increment } from './tallies';
import { REJECTS_TABLE, TableLayout } from '../../../src/generators/table-layout';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { DroppedTablePolicy } from '../../../src/mapping/policies';
import { ExportReader } from '../export/export-reader';
import { TableStateTracker } from '../export/table-states';
import { operationOf } from '../model/revision';
import { csvRow } from '../transform/csv-row';
import { rejectRowValues } from '../transform/reject-record';
import { RevisionRowBuilder } from '../transform/revision-row';

/*
 * Writes an export as the CSV files the full load hands to AWS DMS, with the TypeScript engine: the same layout and
 * bytes as the Glue job (assets/glue/ledger_etl.py), so either can produce them and each checks the other.
 *
 *   <out>/<schema>/<audit table>/*.csv         every revision (when the mapping keeps audit tables)
 *   <out>/<schema>/<live table>/*.csv          the latest version of each document, deletions left out
 *   <out>/<schema>/qldb_migration_rejects/*.csv values that could not be converted
 *   <out>/table_counts/*.csv                   one row per ledger table (with a header line), for people
 *
 * Every CSV line is `csvRow` (RFC 4180, every value quoted, NULL empty); columns are in the order of the DMS table
 * definition. Files hold no header, except table_counts, which DMS does not read.
 */

/** The folder of the per-table summary, beside the schema folder. */
export const TABLE_COUNTS_FOLDER = 'table_counts';

/** Columns of the table_counts summary, in order. */
export const TABLE_COUNTS_COLUMNS: readonly string[] = [
  'ledger_table', 'kind', 'live_table', 'audit_table', 'table_ids', 'revisions', 'live_rows', 'audit_rows', 'rejects',
  'dropped_revisions_skipped', 'skipped_because',
];

export interface CsvExportOptions {
  readonly mapping: LedgerMapping;
  /** The output directory: it must not exist or be empty. */
  readonly outDir: string;
  /** Only blocks up to this sequence number (inclusive) are transformed. @default - every block */
  readonly lastBlock?: number;
  /** Fail on the first value that cannot be converted instead of recording a reject. */
  readonly strict?: boolean;
  readonly onProgress?: (progress: { objects: number; blocks: number; revisions: number }) => void;
}

/** Per ledger table, the same figures the load reports. */
export type CsvTableSummary = TableLoadSummary;

export interface CsvExportSummary {
  readonly schema: string;
  readonly outDir: string;
  readonly objects: number;
  readonly blocks: number;
  readonly revisions: number;
  readonly rejects: number;
  readonly lastBlock?: number;
  readonly tables: CsvTableSummary[];
}

interface LiveEntry {
  version: number;
  tableId: string;
  /** The live row's CSV line, or null when the latest version is a deletion. */
  line: string | null;
}

interface TableOutput {
  readonly layout: TableLayout;
  readonly kind: 'mapped' | 'document';
  readonly builder: RevisionRowBuilder;
  readonly revisionsByTableId: Map<string, number>;
  readonly rejectsByTableId: Map<string, number>;
  readonly auditFiles: Map<string, CsvFile>;
  readonly live: Map<string, LiveEntry>;
}

interface SkippedOutput {
  readonly reason: string;
  readonly revisionsByTableId: Map<string, number>;
}

function sum(map: ReadonlyMap<string, number>, except: ReadonlySet<string> = new Set()): number {
  let total = 0;
  for (const [key, n] of map) {
    if (!except.has(key)) total += n;
  }
  return total;
}

/** `<out>/<schema>/<table>/part-<tableId>.csv`: one file per ledger tableId, so a dropped table's file can be removed. */
function partFile(outDir: string, schema: string, table: string, part: string): string {
  return join(outDir, schema, table, `part-${part}.csv`);
}

function checkEmptyDirectory(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new Error(`output directory ${outDir} is not empty: give a new or empty directory`);
  }
}

/**
 * Transforms an export into the full load's CSV files (see the file comment for the layout). Audit rows and rejects
 * stream to disk; the latest version of each document is kept in memory until the end, when the tables dropped at
 * the end of the journal are known (their files are removed under DroppedTablePolicy.SKIP).
 */
export async function writeExportCsv(reader: ExportReader, options: CsvExportOptions): Promise<CsvExportSummary> {
  const { mapping, outDir, lastBlock } = options;
  checkEmptyDirectory(outDir);
  const schema = mapping.schema;
  const router = new TableRouter(mapping);
  const tracker = new TableStateTracker();
  const outputs = new Map<string, TableOutput>();
  const skipped = new Map<string, SkippedOutput>();
  const rejectFiles = new Map<string, CsvFile>();
  const counts = { blocks: 0, revisions: 0 };

  const outputFor = (layout: TableLayout, kind: 'mapped' | 'document'): TableOutput => {
    let output = outputs.get(layout.ledgerTable);
    if (!output) {
      output = {
        layout,
        kind,
        builder: new RevisionRowBuilder(layout, { source: 'export', strict: options.strict }),
        revisionsByTableId: new Map(),
        rejectsByTableId: new Map(),
        auditFiles: new Map(),
        live: new Map(),
      };
      outputs.set(layout.ledgerTable, output);
      for (const table of [layout.live, layout.audit]) {
        if (table) mkdirSync(join(outDir, schema, table.name), { recursive: true });
      }
    }
    return output;
  };
  const closeAll = () => {
    for (const output of outputs.values()) output.auditFiles.forEach((f) => f.close());
    rejectFiles.forEach((f) => f.close());
  };

  mkdirSync(join(outDir, schema, REJECTS_TABLE), { recursive: true });
  for (const layout of router.declaredLayouts()) {
    outputFor(layout, mapping.tableFor(layout.ledgerTable) ? 'mapped' : 'document');
  }

  try {
    reading: for await (const blocks of reader.blockBatches()) {
      for (const block of blocks) {
        if (lastBlock !== undefined && block.blockAddress.sequenceNo > lastBlock) {
          break reading;
        }
        tracker.observe(block);
        counts.blocks++;
        for (const revision of block.revisions) {
          counts.revisions++;
          const route = router.route(revision.tableName);
          if (route.kind === 'skipped') {
            const entry = skipped.get(revision.tableName) ?? { reason: route.reason, revisionsByTableId: new Map<string, number>() };
            skipped.set(revision.tableName, entry);
            increment(entry.revisionsByTableId, revision.tableId);
            continue;
          }
          const output = outputFor(route.layout, route.kind);
          increment(output.revisionsByTableId, revision.tableId);
          const row = output.builder.build(revision);
          const audit = output.layout.audit;
          if (audit) {
            let file = output.auditFiles.get(revision.tableId);
            if (!file) {
              file = new CsvFile(partFile(outDir, schema, audit.name, revision.tableId));
              output.auditFiles.set(revision.tableId, file);
            }
            file.writeRow(row.values);
          }
          const current = output.live.get(revision.documentId);
          if (current === undefined || current.version < revision.version) {
            output.live.set(revision.documentId, {
              version: revision.version,
              tableId: revision.tableId,
              line: operationOf(revision) === 'D' ? null : csvRow(row.values.slice(0, output.builder.liveColumnCount)),
            });
          }
          for (const reject of row.rejects) {
            let file = rejectFiles.get(revision.tableId);
            if (!file) {
              file = new CsvFile(partFile(outDir, schema, REJECTS_TABLE, revision.tableId));
              rejectFiles.set(revision.tableId, file);
            }
            file.writeRow(rejectRowValues(reject));
            increment(output.rejectsByTableId, revision.tableId);
          }
        }
      }
      const p = reader.progress();
      options.onProgress?.({ objects: p.objectsRead, blocks: counts.blocks, revisions: counts.revisions });
    }
  } finally {
    closeAll();
  }

  // Tables dropped at the end of the journal (or of --last-block): left out unless the mapping migrates them.
  const dropped = new Set<string>(mapping.droppedTables === DroppedTablePolicy.SKIP
    ? [...tracker.tables().values()].filter((t) => t.dropped).map((t) => t.tableId)
    : []);
  for (const tableId of dropped) {
    rmSync(partFile(outDir, schema, REJECTS_TABLE, tableId), { force: true });
    for (const output of outputs.values()) {
      if (output.layout.audit) rmSync(partFile(outDir, schema, output.layout.audit.name, tableId), { force: true });
    }
  }

  const tables: CsvTableSummary[] = [];
  for (const output of outputs.values()) {
    const { layout } = output;
    const liveFile = new CsvFile(partFile(outDir, schema, layout.live.name, '00000'));
    for (const entry of output.live.values()) {
      if (entry.line !== null && !dropped.has(entry.tableId)) liveFile.write(entry.line);
    }
    liveFile.close();
    const kept = sum(output.revisionsByTableId, dropped);
    tables.push({
      ledgerTable: layout.ledgerTable,
      kind: output.kind,
      liveTable: `${schema}.${layout.live.name}`,
      auditTable: layout.audit ? `${schema}.${layout.audit.name}` : undefined,
      tableIds: [...output.revisionsByTableId.keys()].sort(),
      revisions: sum(output.revisionsByTableId),
      liveRows: liveFile.lineCount,
      auditRows: layout.audit ? kept : undefined,
      rejects: sum(output.rejectsByTableId, dropped),
      droppedRevisionsSkipped: sum(output.revisionsByTableId) - kept,
    });
  }
  for (const [ledgerTable, entry] of skipped) {
    tables.push({
      ledgerTable,
      kind: 'skipped',
      tableIds: [...entry.revisionsByTableId.keys()].sort(),
      revisions: sum(entry.revisionsByTableId),
      rejects: 0,
      droppedRevisionsSkipped: 0,
      skippedBecause: entry.reason,
    });
  }
  tables.sort((a, b) => (a.ledgerTable < b.ledgerTable ? -1 : a.ledgerTable > b.ledgerTable ? 1 : 0));
  writeTableCounts(outDir, tables);
  return {
    schema,
    outDir,
    objects: reader.progress().objectsRead,
    blocks: counts.blocks,
    revisions: counts.revisions,
    rejects: tables.reduce((n, t) => n + t.rejects, 0),
    lastBlock,
    tables,
  };
}

/** The values of a table_counts row, in TABLE_COUNTS_COLUMNS order. */
export function tableCountsRowValues(t: CsvTableSummary): Array<string | null> {
  const text = (n: number | undefined) => (n === undefined ? null : String(n));
  return [
    t.ledgerTable, t.kind, t.liveTable ?? null, t.auditTable ?? null, t.tableIds.join(' '), String(t.revisions),
    text(t.liveRows), text(t.auditRows), String(t.rejects), String(t.droppedRevisionsSkipped), t.skippedBecause ?? null,
  ];
}

function writeTableCounts(outDir: string, tables: readonly CsvTableSummary[]): void {
  const file = new CsvFile(join(outDir, TABLE_COUNTS_FOLDER, 'part-00000.csv'));
  file.writeRow([...TABLE_COUNTS_COLUMNS]);
  for (const t of tables) file.writeRow(tableCountsRowValues(t));
  file.close();
}
