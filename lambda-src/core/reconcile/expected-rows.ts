import { Client } from 'pg';
import { LatestVersions } from './latest-versions';
import { PhysicalColumn, PhysicalTable, REJECTS_COLUMNS, TableLayout } from '../../../src/generators/table-layout';
import { createTableStatement } from '../../../src/generators/target-ddl';
import { qualifiedName, quoteIdentifier } from '../../../src/mapping/identifier';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { deleteByTableIdSql } from '../apply/apply-sql';
import { CopyWriter } from '../load/copy-writer';
import { TableRouter } from '../load/table-router';
import { LedgerRevision, operationOf } from '../model/revision';
import { rejectRowValues, RejectSource } from '../transform/reject-record';
import { RevisionRowBuilder } from '../transform/revision-row';

/** Rank of a source in the order the migration applies them: the export is loaded first, the stream after it. */
const SOURCE_RANK: Record<RejectSource, number> = { export: 0, stream: 1 };
const SOURCE_RANK_COLUMN = 'qldb_source_rank';

/** The expected rows of one target table pair, staged in the scratch schema. */
export interface ExpectedTable {
  readonly layout: TableLayout;
  readonly kind: 'mapped' | 'document';
  /** Every revision row as transformed, with its source rank (duplicates from the stream included). */
  readonly revisions: PhysicalTable;
  /** One row per (doc_id, version), chosen as the apply semantics choose: a redacted copy, else the first applied. */
  readonly audit: PhysicalTable;
  /** `(doc_id, version)` of each document's latest version, computed while reading. */
  readonly latestTable: string;
  readonly tableIds: Set<string>;
  /** Revisions read for this table, per source. */
  readonly revisionsRead: Record<RejectSource, number>;
}

interface StagedTable extends ExpectedTable {
  readonly writer: CopyWriter;
  readonly builders: Record<RejectSource, RevisionRowBuilder>;
  readonly latest: LatestVersions;
}

/** A ledger table the mapping leaves out. */
export interface SkippedLedgerTable {
  readonly ledgerTable: string;
  readonly reason: string;
  revisions: number;
}

const REJECTS_SCRATCH = 'expected_rejects';
/** The columns of a table of latest versions (one row per document). */
const LATEST_COLUMNS: readonly PhysicalColumn[] = [
  { name: 'doc_id', sqlType: 'varchar', notNull: true },
  { name: 'version', sqlType: 'integer', notNull: true },
];

/** A table of the scratch schema (no keys). */
function scratchTable(schema: string, name: string, columns: readonly PhysicalColumn[]): PhysicalTable {
  return { schema, name, role: 'audit', ledgerTable: '', documentTable: false, columns: [...columns], primaryKey: [], uniqueIndexes: [], indexes: [] };
}

/**
 * Turns revisions into the rows the target should hold, with the migration's own transform (TableRouter,
 * RevisionRowBuilder), and streams them over COPY into tables of the same column types in a scratch schema. Memory
 * holds one number per document (its latest version), never the rows.
 */
export class ExpectedRows {
  static async open(mapping: LedgerMapping, connectionString: string, scratchSchema: string, client: Client): Promise<ExpectedRows> {
    await client.query(createTableStatement(scratchTable(scratchSchema, REJECTS_SCRATCH, REJECTS_COLUMNS)));
    const writer = await CopyWriter.open(connectionString, qualifiedName(scratchSchema, REJECTS_SCRATCH), REJECTS_COLUMNS);
    const expected = new ExpectedRows(new TableRouter(mapping), connectionString, scratchSchema, client, writer);
    for (const layout of expected.router.declaredLayouts()) {
      await expected.stage(layout, mapping.tableFor(layout.ledgerTable) ? 'mapped' : 'document');
    }
    return expected;
  }

  public readonly rejectsTable: string;
  private readonly staged = new Map<string, StagedTable>();
  private readonly skipped = new Map<string, SkippedLedgerTable>();

  private constructor(
    public readonly router: TableRouter,
    private readonly connectionString: string,
    private readonly scratchSchema: string,
    private readonly client: Client,
    private readonly rejectsWriter: CopyWriter,
  ) {
    this.rejectsTable = qualifiedName(scratchSchema, REJECTS_SCRATCH);
  }

  /** Adds one revision; the promise (when there is one) must be awaited before the next call (COPY backpressure). */
  public async add(revision: LedgerRevision, source: RejectSource): Promise<void> {
    const route = this.router.route(revision.tableName);
    if (route.kind === 'skipped') {
      const skipped = this.skipped.get(revision.tableName) ?? { ledgerTable: revision.tableName, reason: route.reason, revisions: 0 };
      skipped.revisions++;
      this.skipped.set(revision.tableName, skipped);
      return;
    }
    const table = this.staged.get(route.layout.ledgerTable) ?? (await this.stage(route.layout, route.kind));
    table.tableIds.add(revision.tableId);
    table.revisionsRead[source]++;
    table.latest.observe(revision.documentId, revision.version, operationOf(revision) === 'D');
    const row = table.builders[source].build(revision);
    const pending = table.writer.writeRow([...row.values, String(SOURCE_RANK[source])]);
    if (pending) await pending;
    for (const reject of row.rejects) {
      const pendingReject = this.rejectsWriter.writeRow(rejectRowValues(reject));
      if (pendingReject) await pendingReject;
    }
  }

  /**
   * Ends the COPYs, leaves out the revisions (and rejects) of the given dropped tables, then builds each table's
   * deduplicated audit rows and its latest versions.
   */
  public async finish(droppedTableIds: readonly string[]): Promise<void> {
    for (const table of this.staged.values()) {
      await table.writer.finish();
    }
    await this.rejectsWriter.finish();
    if (droppedTableIds.length > 0) {
      for (const table of this.staged.values()) {
        await this.client.query(deleteByTableIdSql(table.revisions), [droppedTableIds]);
      }
      await this.client.query(`delete from ${this.rejectsTable} where ${quoteIdentifier('table_id')} = any($1::text[])`, [droppedTableIds]);
    }
    for (const table of this.staged.values()) {
      const columns = table.audit.columns.map((c) => quoteIdentifier(c.name)).join(', ');
      const docId = quoteIdentifier('doc_id');
      const version = quoteIdentifier('version');
      await this.client.query(
        `create table ${qualifiedName(table.audit.schema, table.audit.name)} as select distinct on (${docId}, ${version}) ${columns}\n` +
        `from ${qualifiedName(table.revisions.schema, table.revisions.name)}\n` +
        `order by ${docId}, ${version}, (${quoteIdentifier('ql_audit')}->>'ql_redacted')::boolean desc, ${quoteIdentifier(SOURCE_RANK_COLUMN)}`);
      const writer = await CopyWriter.open(this.connectionString, table.latestTable, LATEST_COLUMNS);
      for (const { documentId, version: latest } of table.latest.entries()) {
        const pending = writer.writeRow([documentId, String(latest)]);
        if (pending) await pending;
      }
      await writer.finish();
    }
  }

  public tables(): ExpectedTable[] {
    return [...this.staged.values()];
  }

  public skippedTables(): SkippedLedgerTable[] {
    return [...this.skipped.values()];
  }

  /** Abandons the COPYs (after a failure). */
  public async abort(): Promise<void> {
    await Promise.all([...this.staged.values()].map((t) => t.writer.abort()));
    await this.rejectsWriter.abort();
  }

  private async stage(layout: TableLayout, kind: 'mapped' | 'document'): Promise<StagedTable> {
    const index = this.staged.size;
    const latestVersions = scratchTable(this.scratchSchema, `t${index}_latest`, LATEST_COLUMNS);
    await this.client.query(createTableStatement(latestVersions));
    const auditColumns = layout.revisionTable.columns;
    const revisions: PhysicalTable = {
      ...layout.revisionTable,
      schema: this.scratchSchema,
      name: `t${index}_revisions`,
      columns: [...auditColumns, { name: SOURCE_RANK_COLUMN, sqlType: 'smallint', notNull: true }],
    };
    await this.client.query(createTableStatement(revisions));
    const writer = await CopyWriter.open(this.connectionString, qualifiedName(revisions.schema, revisions.name), revisions.columns);
    const table: StagedTable = {
      layout,
      kind,
      revisions,
      audit: { ...layout.revisionTable, schema: this.scratchSchema, name: `t${index}_audit` },
      latestTable: qualifiedName(latestVersions.schema, latestVersions.name),
      tableIds: new Set(),
      revisionsRead: { export: 0, stream: 0 },
      writer,
      builders: {
        export: new RevisionRowBuilder(layout, { source: 'export' }),
        stream: new RevisionRowBuilder(layout, { source: 'stream' }),
      },
      latest: new LatestVersions(),
    };
    this.staged.set(layout.ledgerTable, table);
    return table;
  }
}
