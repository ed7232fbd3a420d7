import {
  declaredTableLayouts, documentTableLayout, PhysicalColumn, PhysicalTable, REJECTS_COLUMNS, REJECTS_TABLE,
  REPLICATION_STATE_COLUMNS, REPLICATION_STATE_TABLE, TableLayout, tablesOf,
} from './table-layout';
import { quoteIdentifier, qualifiedName } from '../mapping/identifier';
import type { LedgerMapping } from '../mapping/ledger-mapping';

/** Options of the target DDL. */
export interface TargetDdlOptions {
  /**
   * Also create a NOLOGIN role with the least privileges the migration needs (usage on the schema; select and
   * insert on audit tables and rejects, plus update on audit tables for redactions; select, insert, update and
   * delete on live tables and on the replication state). Grant it to the login user that runs the migration.
   * @default - no role
   */
  readonly migrationRole?: string;
}

function columnDefinition(c: PhysicalColumn): string {
  return `  ${quoteIdentifier(c.name)} ${c.sqlType}${c.notNull ? ' not null' : ''}`;
}

function createTable(schema: string, name: string, columns: readonly string[], extra: string[] = []): string {
  return `create table if not exists ${qualifiedName(schema, name)} (\n${[...columns, ...extra].join(',\n')}\n)`;
}

/** `create table if not exists` for one physical table (no keys: they come with the post-load DDL). */
export function createTableStatement(table: PhysicalTable): string {
  return createTable(table.schema, table.name, table.columns.map(columnDefinition));
}

/** Statements that create both tables of a layout. */
export function layoutStatements(layout: TableLayout): string[] {
  return tablesOf(layout).map(createTableStatement);
}

/** The rejects table of a schema. */
export function rejectsTableStatement(schema: string): string {
  const columns = REJECTS_COLUMNS.map(columnDefinition);
  columns.splice(1, 0, `  ${quoteIdentifier('rejected_at')} timestamptz not null default now()`);
  return createTable(schema, REJECTS_TABLE, columns, [`  primary key (${quoteIdentifier('reject_key')})`]);
}

/** The replication state table of a schema. */
export function replicationStateTableStatement(schema: string): string {
  const columns = REPLICATION_STATE_COLUMNS.map((c) =>
    c.name === 'revisions_applied' ? `${columnDefinition(c)} default 0` : columnDefinition(c));
  return createTable(schema, REPLICATION_STATE_TABLE, columns, [`  primary key (${quoteIdentifier('stream_id')})`]);
}

function roleStatements(mapping: LedgerMapping, role: string): string[] {
  const r = quoteIdentifier(role);
  const schema = quoteIdentifier(mapping.schema);
  const literal = `'${role}'`; // identifierProblem() allows only [a-z0-9_], so this literal needs no escaping
  const layouts = declaredTableLayouts(mapping);
  const live = layouts.map((l) => qualifiedName(mapping.schema, l.live.name));
  const audit = layouts.flatMap((l) => (l.audit ? [qualifiedName(mapping.schema, l.audit.name)] : []));
  const statements = [
    `do $$ begin if not exists (select 1 from pg_roles where rolname = ${literal}) then create role ${r} nologin; end if; end $$`,
    `grant usage on schema ${schema} to ${r}`,
    `grant select, insert on ${qualifiedName(mapping.schema, REJECTS_TABLE)} to ${r}`,
    `grant select, insert, update, delete on ${qualifiedName(mapping.schema, REPLICATION_STATE_TABLE)} to ${r}`,
  ];
  if (live.length > 0) {
    statements.push(`grant select, insert, update, delete on ${live.join(', ')} to ${r}`);
  }
  if (audit.length > 0) {
    statements.push(`grant select, insert, update on ${audit.join(', ')} to ${r}`);
  }
  return statements;
}

/**
 * The DDL that prepares an empty target: schema, live and audit tables of every declared table, the rejects and
 * replication state tables, and optionally a least-privilege role. Every statement is re-runnable.
 */
export function targetDdl(mapping: LedgerMapping, options: TargetDdlOptions = {}): string[] {
  const statements = [
    `create schema if not exists ${quoteIdentifier(mapping.schema)}`,
    ...declaredTableLayouts(mapping).flatMap(layoutStatements),
    rejectsTableStatement(mapping.schema),
    replicationStateTableStatement(mapping.schema),
  ];
  if (options.migrationRole !== undefined) {
    statements.push(...roleStatements(mapping, options.migrationRole));
  }
  return statements;
}

/** The DDL of a JSONB document table discovered at load time (a ledger table the mapping does not declare). */
export function documentTableDdl(mapping: LedgerMapping, ledgerTable: string): string[] {
  return layoutStatements(documentTableLayout(mapping, ledgerTable));
}
