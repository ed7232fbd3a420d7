import { quoteIdentifier, qualifiedName } from '../mapping/identifier';
import type { LedgerMapping } from '../mapping/ledger-mapping';
import { indexName } from './index-name';
import { declaredTableLayouts, documentTableLayout, PhysicalTable, TableLayout, tablesOf } from './table-layout';

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

/** Keys and indexes of one physical table; every statement can run again. */
export function tableKeyStatements(table: PhysicalTable): string[] {
  const target = qualifiedName(table.schema, table.name);
  const statements: string[] = [];
  if (table.primaryKey.length > 0) {
    const constraint = quoteIdentifier(indexName(table.name, table.primaryKey, 'pkey'));
    // Drop-then-create keeps the key in step with the mapping when it changes; both run in one transaction.
    statements.push(`alter table ${target} drop constraint if exists ${constraint}`);
    statements.push(`alter table ${target} add constraint ${constraint} primary key (${columnList(table.primaryKey)})`);
  }
  if (table.role === 'live') {
    for (const column of table.columns.filter((c) => c.mapped?.nullable === false)) {
      statements.push(`alter table ${target} alter column ${quoteIdentifier(column.name)} set not null`);
    }
  }
  for (const columns of table.uniqueIndexes) {
    const name = quoteIdentifier(indexName(table.name, columns, 'key'));
    statements.push(`create unique index if not exists ${name} on ${target} (${columnList(columns)})`);
  }
  for (const index of table.indexes) {
    const name = quoteIdentifier(index.name ?? indexName(table.name, index.columns, index.unique ? 'key' : 'idx'));
    statements.push(`create ${index.unique ? 'unique ' : ''}index if not exists ${name} on ${target} (${columnList(index.columns)})`);
  }
  return statements;
}

function layoutKeyStatements(layout: TableLayout): string[] {
  return tablesOf(layout).flatMap(tableKeyStatements);
}

/** Primary keys, unique `(doc_id, version)` / `doc_id` indexes and secondary indexes, after the bulk load. */
export function postLoadDdl(mapping: LedgerMapping): string[] {
  return declaredTableLayouts(mapping).flatMap(layoutKeyStatements);
}

/** Keys and indexes of a JSONB document table discovered at load time. */
export function documentTablePostLoadDdl(mapping: LedgerMapping, ledgerTable: string): string[] {
  return layoutKeyStatements(documentTableLayout(mapping, ledgerTable));
}
