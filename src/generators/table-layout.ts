import { ColumnType } from '../mapping/column-type';
import type { LedgerMapping } from '../mapping/ledger-mapping';
import {
  DATA_COLUMN, DOC_ID_COLUMN, OPERATION_COLUMN, QL_AUDIT_COLUMN, REJECTS_TABLE, REPLICATION_STATE_TABLE,
  TRANSACTION_ID_COLUMN, VERSION_COLUMN,
} from '../mapping/system-columns';
import { ColumnMapping, IndexMapping, TableMapping } from '../mapping/table-mapping';

/*
 * The physical layout of every generated table: one place decides column names, order and types, and the DDL,
 * the DMS table definition, the loaders (COPY column lists) and the Glue job configuration all read it.
 */

/** Generated columns whose meaning is fixed. */
export type SystemColumn = 'doc_id' | 'version' | 'ql_audit' | 'operation' | 'transaction_id' | 'data';

export interface PhysicalColumn {
  readonly name: string;
  /** PostgreSQL type as written in DDL. */
  readonly sqlType: string;
  readonly notNull: boolean;
  /** The mapped column this comes from, for mapped columns. */
  readonly mapped?: ColumnMapping;
  /** The generated column this is, for system columns. */
  readonly system?: SystemColumn;
  /** The type, when it is one a mapping can express. */
  readonly type?: ColumnType;
}

export type TableRole = 'live' | 'audit';

export interface PhysicalTable {
  readonly schema: string;
  readonly name: string;
  readonly role: TableRole;
  readonly ledgerTable: string;
  /** True for a table that holds whole documents as JSONB. */
  readonly documentTable: boolean;
  readonly columns: PhysicalColumn[];
  /** Primary key of a live table (post-load). */
  readonly primaryKey: string[];
  /** Unique indexes created after the load. */
  readonly uniqueIndexes: string[][];
  /** Secondary indexes created after the load. */
  readonly indexes: IndexMapping[];
}

/** The pair of tables one ledger table lands in. */
export interface TableLayout {
  readonly ledgerTable: string;
  readonly live: PhysicalTable;
  /** The audit table, when the mapping keeps audit tables. */
  readonly audit?: PhysicalTable;
  /**
   * The shape of a revision row (the audit table's columns): the same object as `audit` when audit tables are kept,
   * otherwise the shape of the staging table revisions pass through before the live table is derived from them.
   */
  readonly revisionTable: PhysicalTable;
}

const DOC_ID_TYPE = 'varchar(25)';

function system(name: SystemColumn, sqlType: string, notNull: boolean, type?: ColumnType): PhysicalColumn {
  return { name, sqlType, notNull, system: name, type };
}

const HEAD_COLUMNS: PhysicalColumn[] = [
  system(DOC_ID_COLUMN, DOC_ID_TYPE, true, ColumnType.varchar(25)),
  system(VERSION_COLUMN, 'integer', true, ColumnType.INTEGER),
];
const QL_AUDIT: PhysicalColumn = system(QL_AUDIT_COLUMN, 'jsonb', true, ColumnType.JSONB);
const AUDIT_TAIL: PhysicalColumn[] = [
  system(OPERATION_COLUMN, 'char(1)', true),
  system(TRANSACTION_ID_COLUMN, 'varchar', true),
];

function mappedColumn(c: ColumnMapping): PhysicalColumn {
  // NOT NULL is enforced on the live table only: the audit table keeps revisions whatever they hold.
  return { name: c.name, sqlType: c.type.toSql(), notNull: false, mapped: c, type: c.type };
}

function pair(
  mapping: LedgerMapping, ledgerTable: string, liveName: string, auditName: string, body: PhysicalColumn[],
  documentTable: boolean, primaryKey: string[], indexes: IndexMapping[], auditIndexes: IndexMapping[],
): TableLayout {
  const uniqueDocId = primaryKey.length === 1 && primaryKey[0] === DOC_ID_COLUMN ? [] : [[DOC_ID_COLUMN]];
  const live: PhysicalTable = {
    schema: mapping.schema,
    name: liveName,
    role: 'live',
    ledgerTable,
    documentTable,
    columns: [...HEAD_COLUMNS, ...body, QL_AUDIT],
    primaryKey,
    uniqueIndexes: uniqueDocId,
    indexes,
  };
  const revisionTable: PhysicalTable = {
    schema: mapping.schema,
    name: auditName,
    role: 'audit',
    ledgerTable,
    documentTable,
    columns: [...HEAD_COLUMNS, ...body, QL_AUDIT, ...AUDIT_TAIL],
    primaryKey: [],
    uniqueIndexes: [[DOC_ID_COLUMN, VERSION_COLUMN]],
    indexes: auditIndexes,
  };
  return { ledgerTable, live, audit: mapping.auditTables ? revisionTable : undefined, revisionTable };
}

/** Layout of a mapped table. */
export function mappedTableLayout(mapping: LedgerMapping, table: TableMapping): TableLayout {
  return pair(
    mapping, table.ledgerTable, table.targetTable, mapping.auditTableOf(table), table.columns.map(mappedColumn),
    false, table.primaryKey ?? [DOC_ID_COLUMN], table.indexes ?? [], table.auditIndexes ?? [],
  );
}

/** Layout of a ledger table migrated as JSONB documents. */
export function documentTableLayout(mapping: LedgerMapping, ledgerTable: string): TableLayout {
  const name = mapping.documentTableName(ledgerTable);
  const data = system(DATA_COLUMN, 'jsonb', false, ColumnType.JSONB);
  return pair(mapping, ledgerTable, name, name + '_audit_log', [data], true, [DOC_ID_COLUMN], [], []);
}

/** Layouts of every table the mapping declares (mapped tables first, then declared document tables). */
export function declaredTableLayouts(mapping: LedgerMapping): TableLayout[] {
  return [
    ...mapping.tables.map((t) => mappedTableLayout(mapping, t)),
    ...mapping.documentTables.map((d) => documentTableLayout(mapping, d.ledgerTable)),
  ];
}

/** Every physical table of a layout, live first. */
export function tablesOf(layout: TableLayout): PhysicalTable[] {
  return layout.audit ? [layout.live, layout.audit] : [layout.live];
}

/** Columns of the rejects table, in order; `rejected_at` is filled by its default. */
export const REJECTS_COLUMNS: readonly PhysicalColumn[] = [
  { name: 'reject_key', sqlType: 'text', notNull: true },
  { name: 'source', sqlType: 'text', notNull: true },
  { name: 'ledger_table', sqlType: 'text', notNull: false },
  { name: 'table_id', sqlType: 'text', notNull: false },
  { name: 'target_table', sqlType: 'text', notNull: false },
  { name: 'doc_id', sqlType: DOC_ID_TYPE, notNull: false },
  { name: 'version', sqlType: 'integer', notNull: false },
  { name: 'column_name', sqlType: 'text', notNull: false },
  { name: 'reason', sqlType: 'text', notNull: true },
  { name: 'original_value', sqlType: 'text', notNull: false },
  { name: 'raw_record', sqlType: 'text', notNull: false },
];

/** Columns of the replication state table, in order. */
export const REPLICATION_STATE_COLUMNS: readonly PhysicalColumn[] = [
  { name: 'stream_id', sqlType: 'text', notNull: true },
  { name: 'last_block_strand', sqlType: 'text', notNull: false },
  { name: 'last_block_seq', sqlType: 'bigint', notNull: false },
  { name: 'last_block_time', sqlType: 'timestamptz', notNull: false },
  { name: 'last_applied_at', sqlType: 'timestamptz', notNull: false },
  { name: 'revisions_applied', sqlType: 'bigint', notNull: true },
];

export { REJECTS_TABLE, REPLICATION_STATE_TABLE };
