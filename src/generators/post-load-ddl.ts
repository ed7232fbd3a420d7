import { indexName } from './index-name';
import { declaredTableLayouts, documentTableLayout, PhysicalTable, TableLayout, tablesOf } from './table-layout';
import { quoteIdentifier, qualifiedName } from '../mapping/identifier';
import type { LedgerMapping } from '../mapping/ledger-mapping';

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

/**
 * Creates the primary key, or replaces it when the mapping changed its columns; does nothing (no index rebuild) when
 * it is already right. Identifiers are validated as [a-z0-9_], so they need no escaping inside the string literals.
 */
function primaryKeyStatement(table: PhysicalTable, target: string): string {
  const name = indexName(table.name, table.primaryKey, 'pkey');
  const expected = `array[${table.primaryKey.map((c) => `'${c}'`).join(', ')}]::text[]`;
  const current = `(select array_agg(a.attname::text order by k.n) from pg_constraint c
      cross join unnest(c.conkey) with ordinality k(attnum, n)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
     where c.conrelid = '${target}'::regclass and c.contype = 'p' and c.conname = '${name}')`;
  return `do $$ begin
  if ${current} is distinct from ${expected} then
    alter table ${target} drop constraint if exists ${quoteIdentifier(name)};
    alter table ${target} add constraint ${quoteIdentifier(name)} primary key (${columnList(table.primaryKey)});
  end if;
end $$`;
}

/** Keys and indexes of one physical table; every statement can run again. */
export function tableKeyStatements(table: PhysicalTable): string[] {
  const target = qualifiedName(table.schema, table.name);
  const statements: string[] = [];
  if (table.primaryKey.length > 0) {
    statements.push(primaryKeyStatement(table, target));
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
