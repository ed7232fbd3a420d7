import {
  declaredTableLayouts, PhysicalColumn, PhysicalTable, REJECTS_COLUMNS, REJECTS_TABLE, tablesOf,
} from './table-layout';
import { ColumnKind } from '../mapping/column-type';
import type { LedgerMapping } from '../mapping/ledger-mapping';

/*
 * AWS DMS S3-source table definitions (ExternalTableDefinition) and task table mappings for the CSV files the
 * full-load job writes at `<bucketFolder>/<schema>/<table>/`. Column order is the CSV column order.
 *
 * Lossless choices: DMS NUMERIC needs a precision and scale (at most 38), so an unconstrained or wider decimal
 * travels as STRING and PostgreSQL parses it exactly; timestamptz travels as STRING to keep offsets and fractions;
 * STRING lengths are in bytes, so a varchar(n) is given 4n (the UTF-8 maximum); jsonb and text are CLOBs.
 */

const DMS_MAX_NUMERIC_PRECISION = 38;
const UTF8_MAX_BYTES_PER_CHARACTER = 4;
const TIMESTAMP_TEXT_LENGTH = 64;
const UNCONSTRAINED_DECIMAL_TEXT_LENGTH = 1100;

export interface DmsColumn {
  readonly ColumnName: string;
  readonly ColumnType: string;
  readonly ColumnLength?: string;
  readonly ColumnPrecision?: string;
  readonly ColumnScale?: string;
  readonly ColumnNullable: string;
  readonly ColumnIsPk?: string;
}

export interface DmsTable {
  readonly TableName: string;
  readonly TablePath: string;
  readonly TableOwner: string;
  readonly TableColumns: DmsColumn[];
  readonly TableColumnsTotal: string;
}

export interface DmsExternalTableDefinition {
  readonly TableCount: string;
  readonly Tables: DmsTable[];
}

function typeFields(c: PhysicalColumn): Pick<DmsColumn, 'ColumnType' | 'ColumnLength' | 'ColumnPrecision' | 'ColumnScale'> {
  const system = c.system;
  if (system === 'operation') {
    return { ColumnType: 'STRING', ColumnLength: '1' };
  }
  if (system === 'transaction_id') {
    return { ColumnType: 'STRING', ColumnLength: '64' };
  }
  const type = c.type;
  if (!type) {
    // Columns of the generated tables (rejects): text, integer or varchar(25).
    if (c.sqlType === 'integer') return { ColumnType: 'INT4' };
    if (c.sqlType === 'varchar(25)') return { ColumnType: 'STRING', ColumnLength: String(25 * UTF8_MAX_BYTES_PER_CHARACTER) };
    return { ColumnType: 'CLOB' };
  }
  switch (type.kind) {
    case ColumnKind.VARCHAR:
      return { ColumnType: 'STRING', ColumnLength: String(type.length! * UTF8_MAX_BYTES_PER_CHARACTER) };
    case ColumnKind.SMALLINT:
      return { ColumnType: 'INT2' };
    case ColumnKind.INTEGER:
      return { ColumnType: 'INT4' };
    case ColumnKind.BIGINT:
      return { ColumnType: 'INT8' };
    case ColumnKind.DECIMAL:
      if (type.precision !== undefined && type.precision <= DMS_MAX_NUMERIC_PRECISION) {
        return { ColumnType: 'NUMERIC', ColumnPrecision: String(type.precision), ColumnScale: String(type.scale ?? 0) };
      }
      return { ColumnType: 'STRING', ColumnLength: String(UNCONSTRAINED_DECIMAL_TEXT_LENGTH) };
    case ColumnKind.BOOLEAN:
      return { ColumnType: 'BOOLEAN' };
    case ColumnKind.DATE:
      return { ColumnType: 'DATE' };
    case ColumnKind.TIMESTAMPTZ:
      return { ColumnType: 'STRING', ColumnLength: String(TIMESTAMP_TEXT_LENGTH) };
    case ColumnKind.TEXT:
    case ColumnKind.JSONB:
    case ColumnKind.TEXT_ARRAY:
      return { ColumnType: 'CLOB' };
  }
}

function dmsColumn(c: PhysicalColumn, primaryKey: readonly string[]): DmsColumn {
  return {
    ColumnName: c.name,
    ...typeFields(c),
    ColumnNullable: String(!c.notNull && c.mapped?.nullable !== false),
    ...(primaryKey.includes(c.name) ? { ColumnIsPk: 'true' } : {}),
  };
}

function dmsTable(schema: string, name: string, columns: readonly PhysicalColumn[], primaryKey: readonly string[]): DmsTable {
  return {
    TableName: name,
    TablePath: `${schema}/${name}/`,
    TableOwner: schema,
    TableColumns: columns.map((c) => dmsColumn(c, primaryKey)),
    TableColumnsTotal: String(columns.length),
  };
}

function physicalDmsTable(table: PhysicalTable): DmsTable {
  const key = table.role === 'audit' ? ['doc_id', 'version'] : table.primaryKey;
  return dmsTable(table.schema, table.name, table.columns, key);
}

/** Every table the DMS full load copies: live and audit tables of declared tables, and the rejects table. */
export function dmsTables(mapping: LedgerMapping): DmsTable[] {
  return [
    ...declaredTableLayouts(mapping).flatMap(tablesOf).map(physicalDmsTable),
    dmsTable(mapping.schema, REJECTS_TABLE, REJECTS_COLUMNS, ['reject_key']),
  ];
}

/** The S3 source endpoint's ExternalTableDefinition. */
export function dmsExternalTableDefinition(mapping: LedgerMapping): DmsExternalTableDefinition {
  const tables = dmsTables(mapping);
  return { TableCount: String(tables.length), Tables: tables };
}

/** The replication task's table mappings: one explicit selection rule per table, nothing else. */
export function dmsTaskTableMappings(mapping: LedgerMapping): { rules: Array<Record<string, unknown>> } {
  return {
    rules: dmsTables(mapping).map((t, i) => ({
      'rule-type': 'selection',
      'rule-id': String(i + 1),
      'rule-name': `include-${t.TableName}`,
      'object-locator': { 'schema-name': t.TableOwner, 'table-name': t.TableName },
      'rule-action': 'include',
    })),
  };
}
