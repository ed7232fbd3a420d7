import { Client, ClientBase, Pool } from 'pg';
import { CopyWriter } from './copy-writer';
import { RowProduction } from './row-production';
import { layoutInSchema, stagingSchemaName } from './staging-schema';
import { TableRouter } from './table-router';
import { addTallies } from './tallies';
import { postLoadDdl, tableKeyStatements } from '../../../src/generators/post-load-ddl';
import { REJECTS_COLUMNS, REJECTS_TABLE, TableLayout } from '../../../src/generators/table-layout';
import {
  createTableStatement, layoutStatements, rejectsTableStatement, replicationStateTableStatement, targetDdl,
} from '../../../src/generators/target-ddl';
import { qualifiedName, quoteIdentifier } from '../../../src/mapping/identifier';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { DroppedTablePolicy } from '../../../src/mapping/policies';
import { auditInsertSql, deleteByTableIdSql, liveRebuildStatements, liveRecomputeSql } from '../apply/apply-sql';
import { ExportReader } from '../export/export-reader';

/** `replace`: the target tables become exactly what the export holds. `merge`: the export's revisions are applied. */
export type LoadMode = 'replace' | 'merge';

export interface LoadOptions {
  readonly mapping: LedgerMapping;
  readonly connectionString: string;
  readonly mode: LoadMode;
  /** Fail on the first value that cannot be converted instead of recording a reject. */
  readonly strict?: boolean;
  /** Called after every batch of blocks (in one thread) or every data object read (with workers). */
  readonly onProgress?: (progress: LoadProgress) => void;
  /**
   * Worker threads that read the data objects and turn revisions into rows side by side (each object is read by one
   * of them); 0 reads in this thread. Used only for a reader opened from a location string (a directory, or S3 with
   * the SDK's default client), which the workers open again.
   * @default 0
   */
  readonly workers?: number;
}

export interface LoadProgress {
  readonly objects: number;
  readonly blocks: number;
  readonly revisions: number;
}

export interface TableLoadSummary {
  readonly ledgerTable: string;
  readonly tableIds: string[];
  readonly kind: 'mapped' | 'document' | 'skipped';
  readonly liveTable?: string;
  readonly auditTable?: string;
  /** Revisions of this table read from the export. */
  readonly revisions: number;
  readonly liveRows?: number;
  readonly auditRows?: number;
  readonly rejects: number;
  /** Revisions of dropped tables left out (DroppedTablePolicy.SKIP). */
  readonly droppedRevisionsSkipped: number;
  /** Why the whole table was skipped. */
  readonly skippedBecause?: string;
}

/** Wall seconds of the load's phases. */
export interface LoadPhaseSeconds {
  /** Reading the export and streaming rows into the staging tables (overlapping). */
  readonly readAndCopy: number;
  /** Building the live tables, keys and indexes (replace) or applying the staged revisions (merge). */
  readonly apply: number;
  /** Moving the staged tables into the target schema (replace only). */
  readonly swap: number;
}

export interface LoadSummary {
  readonly mode: LoadMode;
  readonly phases: LoadPhaseSeconds;
  readonly schema: string;
  readonly objects: number;
  readonly blocks: number;
  readonly revisions: number;
  readonly rejects: number;
  readonly tables: TableLoadSummary[];
}

interface StagedTable {
  readonly layout: TableLayout;
  readonly staged: TableLayout;
  readonly kind: 'mapped' | 'document';
  readonly writer: CopyWriter;
  readonly revisionsByTableId: Map<string, number>;
  rejects: number;
  droppedRevisionsSkipped: number;
}

interface SkippedTable {
  readonly ledgerTable: string;
  readonly reason: string;
  readonly revisionsByTableId: Map<string, number>;
}

function columnList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(', ');
}

/**
 * How many connections build live tables and indexes at once: PostgreSQL builds each on one core, and a load's tables
 * and indexes are independent of each other until the swap.
 */
const APPLY_CONNECTIONS = 4;

/** Runs statements in order; an error names the statement and carries PostgreSQL's detail (the offending key). */
async function run(client: ClientBase, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    try {
      await client.query(statement);
    } catch (e) {
      const error = e as Error & { detail?: string };
      const what = statement.split('\n').find((line) => /^\s*(alter|create|insert|delete|drop)/i.test(line))?.trim() ?? statement;
      throw new Error(`${error.message}${error.detail ? ` (${error.detail})` : ''} in: ${what}`, { cause: e });
    }
  }
}

/**
 * Loads a QLDB export into PostgreSQL. Revisions stream into a staging schema over one COPY per table (so reading
 * and COPY overlap), then one short transaction moves the result into the target schema (replace) or applies it
 * (merge). A failure at any point leaves the target schema as it was.
 */
export async function loadExport(reader: ExportReader, options: LoadOptions): Promise<LoadSummary> {
  const { mapping, connectionString } = options;
  const staging = stagingSchemaName(mapping.schema);
  const router = new TableRouter(mapping);
  const declared = new Set(router.declaredLayouts().map((l) => l.ledgerTable));
  const stagedTables = new Map<string, StagedTable>();
  const skippedTables = new Map<string, SkippedTable>();
  // the worker threads start while the staging schema is prepared
  const rowProduction = RowProduction.start(reader, { mapping, strict: options.strict, workers: options.workers ?? 0 });
  const control = new Client({ connectionString });
  try {
    await control.connect();
  } catch (error) {
    await rowProduction.stop();
    throw error;
  }
  let rejectsWriter: CopyWriter | undefined;
  let totalRejects = 0;
  const started = process.hrtime.bigint();
  const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;

  const stage = async (layout: TableLayout, kind: 'mapped' | 'document'): Promise<StagedTable> => {
    const staged = layoutInSchema(layout, staging);
    const table = qualifiedName(staging, staged.revisionTable.name);
    const writer = await CopyWriter.open(connectionString, table, staged.revisionTable.columns, createTableStatement(staged.revisionTable));
    const entry: StagedTable = {
      layout,
      staged,
      kind,
      writer,
      revisionsByTableId: new Map(),
      rejects: 0,
      droppedRevisionsSkipped: 0,
    };
    stagedTables.set(layout.ledgerTable, entry);
    return entry;
  };

  try {
    await control.query(`drop schema if exists ${quoteIdentifier(staging)} cascade`);
    await control.query(`create schema ${quoteIdentifier(staging)}`);
    rejectsWriter = await CopyWriter.open(connectionString, qualifiedName(staging, REJECTS_TABLE), REJECTS_COLUMNS,
      rejectsTableStatement(staging));
    for (const layout of router.declaredLayouts()) {
      await stage(layout, mapping.tableFor(layout.ledgerTable) ? 'mapped' : 'document');
    }

    const production = await rowProduction.run({
      onProgress: options.onProgress,
      write: async (chunk) => {
        if (chunk.ledgerTable === undefined) {
          return rejectsWriter!.writeChunk(chunk.bytes, chunk.rows);
        }
        const route = router.route(chunk.ledgerTable);
        if (route.kind === 'skipped') {
          throw new Error(`rows were produced for the skipped ledger table ${chunk.ledgerTable}`);
        }
        const table = stagedTables.get(chunk.ledgerTable) ?? await stage(route.layout, route.kind);
        return table.writer.writeChunk(chunk.bytes, chunk.rows);
      },
    });
    for (const counts of production.counts) {
      for (const [ledgerTable, byTableId] of counts.revisions) {
        addTallies(stagedTables.get(ledgerTable)!.revisionsByTableId, byTableId);
      }
      for (const [ledgerTable, skipped] of counts.skipped) {
        const entry = skippedTables.get(ledgerTable) ?? { ledgerTable, reason: skipped.reason, revisionsByTableId: new Map<string, number>() };
        skippedTables.set(ledgerTable, entry);
        addTallies(entry.revisionsByTableId, skipped.revisions);
      }
    }
    for (const table of stagedTables.values()) {
      await table.writer.finish();
    }
    await rejectsWriter.finish();
    const readAndCopy = since(started);

    // Tables dropped at the end of the journal: their revisions are left out unless the mapping migrates them.
    const droppedIds = [...production.tables.values()].filter((t) => t.dropped).map((t) => t.tableId);
    if (mapping.droppedTables === DroppedTablePolicy.SKIP && droppedIds.length > 0) {
      for (const table of stagedTables.values()) {
        // only the staged tables that received revisions of a dropped table are scanned
        const ids = droppedIds.filter((id) => table.revisionsByTableId.has(id));
        if (ids.length > 0) {
          const result = await control.query(deleteByTableIdSql(table.staged.revisionTable), [ids]);
          table.droppedRevisionsSkipped = result.rowCount ?? 0;
        }
      }
      await control.query(`delete from ${qualifiedName(staging, REJECTS_TABLE)} where ${quoteIdentifier('table_id')} = any($1::text[])`, [droppedIds]);
    }
    const rejectCounts = await control.query(
      `select ${quoteIdentifier('ledger_table')} as t, count(*)::int as n from ${qualifiedName(staging, REJECTS_TABLE)} group by 1`);
    for (const r of rejectCounts.rows) {
      const table = [...stagedTables.values()].find((s) => s.layout.ledgerTable === r.t);
      if (table) table.rejects = r.n;
      totalRejects += r.n;
    }

    const applyStarted = process.hrtime.bigint();
    let swap = 0;
    if (options.mode === 'replace') {
      swap = await replaceTarget(control, connectionString, mapping, staging, [...stagedTables.values()]);
    } else {
      await mergeIntoTarget(control, mapping, staging, [...stagedTables.values()]);
    }
    const phases = { readAndCopy, apply: since(applyStarted) - swap, swap };

    // Tables and their ids in journal order (the first document of each id), whichever thread read which object;
    // the mapping's own tables first.
    const journalOrder = new Map([...production.tables.keys()].map((id, i) => [id, i]));
    const positionOf = (id: string) => journalOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
    const inJournalOrder = (ids: Iterable<string>) => [...ids].sort((a, b) => positionOf(a) - positionOf(b));
    const firstSeen = (ids: Iterable<string>) => Math.min(Number.MAX_SAFE_INTEGER, ...[...ids].map(positionOf));
    const undeclaredLast = (t: StagedTable) => (declared.has(t.layout.ledgerTable) ? -1 : firstSeen(t.revisionsByTableId.keys()));
    const tables: TableLoadSummary[] = [];
    for (const t of [...stagedTables.values()].sort((a, b) => undeclaredLast(a) - undeclaredLast(b))) {
      const countRows = async (name: string) =>
        (await control.query(`select count(*)::int as n from ${qualifiedName(mapping.schema, name)}`)).rows[0].n as number;
      tables.push({
        ledgerTable: t.layout.ledgerTable,
        tableIds: inJournalOrder(t.revisionsByTableId.keys()),
        kind: t.kind,
        liveTable: `${mapping.schema}.${t.layout.live.name}`,
        auditTable: t.layout.audit ? `${mapping.schema}.${t.layout.audit.name}` : undefined,
        revisions: [...t.revisionsByTableId.values()].reduce((a, b) => a + b, 0),
        liveRows: await countRows(t.layout.live.name),
        auditRows: t.layout.audit ? await countRows(t.layout.audit.name) : undefined,
        rejects: t.rejects,
        droppedRevisionsSkipped: t.droppedRevisionsSkipped,
      });
    }
    const skippedInOrder = [...skippedTables.values()]
      .sort((a, b) => firstSeen(a.revisionsByTableId.keys()) - firstSeen(b.revisionsByTableId.keys()));
    for (const s of skippedInOrder) {
      tables.push({
        ledgerTable: s.ledgerTable,
        tableIds: inJournalOrder(s.revisionsByTableId.keys()),
        kind: 'skipped',
        revisions: [...s.revisionsByTableId.values()].reduce((a, b) => a + b, 0),
        rejects: 0,
        droppedRevisionsSkipped: 0,
        skippedBecause: s.reason,
      });
    }
    return {
      mode: options.mode,
      phases,
      schema: mapping.schema,
      objects: production.objects,
      blocks: production.blocks,
      revisions: production.revisions,
      rejects: totalRejects,
      tables,
    };
  } catch (error) {
    await rowProduction.stop();
    await Promise.all([...stagedTables.values()].map((t) => t.writer.abort()));
    await rejectsWriter?.abort();
    throw error;
  } finally {
    await control.query(`drop schema if exists ${quoteIdentifier(staging)} cascade`).catch(() => undefined);
    await control.end().catch(() => undefined);
  }
}

async function inTransaction(client: Client, work: () => Promise<void>): Promise<void> {
  await client.query('begin');
  try {
    await work();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Runs each list of statements on a connection of its own, a few lists at a time; fails with the first failure. */
async function runConcurrently(connectionString: string, lists: ReadonlyArray<readonly string[]>): Promise<void> {
  const pool = new Pool({ connectionString, max: APPLY_CONNECTIONS });
  pool.on('error', () => undefined); // an idle connection's error surfaces on its next query
  try {
    await Promise.all(lists.map(async (statements) => {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await run(client, statements);
      } catch (e) {
        failure = e as Error;
        throw e;
      } finally {
        client.release(failure); // a connection left in a failed transaction is closed, not reused
      }
    }));
  } finally {
    await pool.end();
  }
}

/** Builds the live tables in the staging schema, then swaps; returns the seconds the swap transaction took. */
async function replaceTarget(
  control: Client, connectionString: string, mapping: LedgerMapping, staging: string, tables: StagedTable[]): Promise<number> {
  // Build the live tables and every key and index in the staging schema, where nobody is reading yet: each live table
  // (then its keys) and each audit table's keys are independent, so they are built side by side.
  await runConcurrently(connectionString, tables.flatMap((t) => [
    [createTableStatement(t.staged.live), ...liveRebuildStatements(t.staged), ...tableKeyStatements(t.staged.live)],
    ...(t.staged.audit ? [tableKeyStatements(t.staged.audit)] : []),
  ]));
  const target = mapping.schema;
  const swapStarted = process.hrtime.bigint();
  await inTransaction(control, async () => {
    await control.query(`create schema if not exists ${quoteIdentifier(target)}`);
    await control.query(rejectsTableStatement(target));
    await control.query(replicationStateTableStatement(target));
    for (const t of tables) {
      for (const table of [t.layout.live, ...(t.layout.audit ? [t.layout.audit] : [])]) {
        try {
          await control.query(`drop table if exists ${qualifiedName(target, table.name)}`);
        } catch (e) {
          throw new Error(`replace mode must replace ${target}.${table.name}, but it cannot be dropped ` +
            `(${(e as Error).message}); drop the objects that depend on it first, or use --mode merge`);
        }
        await control.query(`alter table ${qualifiedName(staging, table.name)} set schema ${quoteIdentifier(target)}`);
      }
    }
    await copyRejects(control, staging, target, true);
  });
  return Number(process.hrtime.bigint() - swapStarted) / 1e9;
}

async function mergeIntoTarget(control: Client, mapping: LedgerMapping, staging: string, tables: StagedTable[]): Promise<void> {
  await inTransaction(control, async () => {
    await run(control, targetDdl(mapping));
    await run(control, postLoadDdl(mapping));
    for (const t of tables) {
      if (t.kind === 'document' && !mapping.documentTables.some((d) => d.ledgerTable === t.layout.ledgerTable)) {
        await run(control, layoutStatements(t.layout));
        await run(control, [t.layout.live, ...(t.layout.audit ? [t.layout.audit] : [])].flatMap(tableKeyStatements));
      }
      const stagedRows = `select * from ${qualifiedName(staging, t.staged.revisionTable.name)}`;
      const touched = `select ${quoteIdentifier('doc_id')} from ${qualifiedName(staging, t.staged.revisionTable.name)}`;
      if (t.layout.audit) {
        await control.query(auditInsertSql(t.layout.audit, stagedRows));
        await control.query(liveRecomputeSql(t.layout, touched));
      } else {
        // Without audit tables the staged revisions are the only history: the live row takes their latest version.
        await control.query(liveRecomputeSql({ ...t.layout, revisionTable: t.staged.revisionTable }, touched));
      }
    }
    await copyRejects(control, staging, mapping.schema, false);
  });
}

async function copyRejects(control: Client, staging: string, target: string, replaceExportRejects: boolean): Promise<void> {
  const columns = columnList(REJECTS_COLUMNS.map((c) => c.name));
  if (replaceExportRejects) {
    await control.query(`delete from ${qualifiedName(target, REJECTS_TABLE)} where ${quoteIdentifier('source')} = 'export'`);
  }
  await control.query(`insert into ${qualifiedName(target, REJECTS_TABLE)} (${columns}) select ${columns} from ` +
    `${qualifiedName(staging, REJECTS_TABLE)} on conflict (${quoteIdentifier('reject_key')}) do nothing`);
}
