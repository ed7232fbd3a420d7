import { PhysicalTable, TableLayout } from '../../../src/generators/table-layout';
import { qualifiedName, quoteIdentifier } from '../../../src/mapping/identifier';

/*
 * The set-based statements of the apply semantics (DESIGN.md section 5), shared by the full load (replace and merge
 * modes) and the change consumer (pg and Data API):
 *   1. revisions go into the audit table, ON CONFLICT (doc_id, version) DO NOTHING - except that a redacted revision
 *      may blank the data columns of a revision stored before its redaction;
 *   2. the live rows of the touched documents are recomputed from the audit table: the latest version wins; a latest
 *      deletion removes the document; a live row never goes back to an older version.
 * Order and duplicates therefore do not matter, and a stale update cannot resurrect a deleted document.
 */

const KEY = new Set(['doc_id', 'version', 'operation', 'transaction_id']);

function columns(table: PhysicalTable): string {
  return table.columns.map((c) => quoteIdentifier(c.name)).join(', ');
}

/** Columns a redaction may overwrite: the data columns and ql_audit (which then records the redaction). */
function redactableColumns(table: PhysicalTable): string[] {
  return table.columns.filter((c) => !KEY.has(c.name)).map((c) => c.name);
}

/**
 * Inserts the rows of `source` (a SELECT yielding the audit table's columns in order) into the audit table. Returns
 * the number of rows inserted or redacted.
 */
export function auditInsertSql(audit: PhysicalTable, source: string): string {
  const target = qualifiedName(audit.schema, audit.name);
  const sets = redactableColumns(audit).map((c) => `${quoteIdentifier(c)} = excluded.${quoteIdentifier(c)}`).join(', ');
  return `insert into ${target} as a (${columns(audit)})\n${source}\n` +
    `on conflict (${quoteIdentifier('doc_id')}, ${quoteIdentifier('version')}) do update set ${sets}\n` +
    ` where (excluded.${quoteIdentifier('ql_audit')}->>'ql_redacted')::boolean\n` +
    `   and not (a.${quoteIdentifier('ql_audit')}->>'ql_redacted')::boolean`;
}

/**
 * The latest revision of each document (of those `touched` selects, or all). Documents are grouped by their ids'
 * bytes (`collate "C"`): the same groups as under any deterministic collation, and a sort without the collation's
 * comparisons (the 305,079 person revisions of the 1M DMV export: 741-767 ms against 873-913 ms to build the live
 * table).
 */
function latestRevisions(layout: TableLayout, touched: string | undefined): string {
  const audit = layout.revisionTable;
  const from = qualifiedName(audit.schema, audit.name);
  const docId = `r.${quoteIdentifier('doc_id')} collate "C"`;
  const filter = touched === undefined ? '' : ` where r.${quoteIdentifier('doc_id')} in (${touched})`;
  return `select distinct on (${docId}) r.* from ${from} r${filter}\n` +
    `  order by ${docId}, r.${quoteIdentifier('version')} desc`;
}

/** Deletes the live rows whose latest revision (in `latest`, a CTE name) is a deletion, never an older one. */
function liveRemoveSql(layout: TableLayout, latest: string): string {
  const target = qualifiedName(layout.live.schema, layout.live.name);
  const docId = quoteIdentifier('doc_id');
  const version = quoteIdentifier('version');
  return `delete from ${target} l using ${latest}\n   where l.${docId} = ${latest}.${docId} and ${latest}.${quoteIdentifier('operation')} = 'D' and l.${version} <= ${latest}.${version}`;
}

/** Upserts the live rows whose latest revision (in `latest`, a CTE name) is not a deletion, never to an older version. */
function liveUpsertSql(layout: TableLayout, latest: string): string {
  const live = layout.live;
  const target = qualifiedName(live.schema, live.name);
  const liveColumns = live.columns.map((c) => quoteIdentifier(c.name));
  const docId = quoteIdentifier('doc_id');
  const version = quoteIdentifier('version');
  const sets = live.columns.filter((c) => c.name !== 'doc_id').map((c) => `${quoteIdentifier(c.name)} = excluded.${quoteIdentifier(c.name)}`);
  return `insert into ${target} as l (${liveColumns.join(', ')})\n` +
    `select ${liveColumns.map((c) => `${latest}.${c}`).join(', ')} from ${latest} where ${latest}.${quoteIdentifier('operation')} <> 'D'\n` +
    `on conflict (${docId}) do update set ${sets.join(', ')}\n where l.${version} <= excluded.${version}`;
}

/**
 * Recomputes the live rows of the documents selected by `touched` (a SELECT of doc_ids) from the audit table: one
 * statement that deletes documents whose latest revision is a deletion and upserts the others, never moving a live
 * row to an older version.
 */
export function liveRecomputeSql(layout: TableLayout, touched: string): string {
  return `with latest as (\n  ${latestRevisions(layout, touched)}\n),\n` +
    `removed as (\n  ${liveRemoveSql(layout, 'latest')}\n)\n` +
    liveUpsertSql(layout, 'latest');
}

/**
 * The same recompute as `liveRecomputeSql`, as common table expressions named `<prefix>_latest`, `<prefix>_removed`
 * and `<prefix>_upserted` (the last two return one row per live row changed), so that the recomputes of several
 * tables run as one statement: `with <ctes of table 1>, <ctes of table 2> select ...`.
 */
export function liveRecomputeCtes(layout: TableLayout, touched: string, prefix: string): string[] {
  const latest = `${prefix}_latest`;
  return [
    `${latest} as (\n  ${latestRevisions(layout, touched)}\n)`,
    `${prefix}_removed as (\n  ${liveRemoveSql(layout, latest)}\n  returning 1\n)`,
    `${prefix}_upserted as (\n  ${liveUpsertSql(layout, latest)}\n  returning 1\n)`,
  ];
}

/**
 * Builds a whole live table from its audit table (bulk load into an empty live table, whose audit table holds each
 * (doc_id, version) once): each document's revision of highest version, unless it is a deletion. Run as a
 * transaction that allows only a hash join: the latest versions come from a hash aggregate over two narrow columns
 * and are joined back, where `distinct on` sorts the whole rows (the person table of the 1M DMV export: 624-709 ms
 * against 846-893 ms, its sort writing 169 MB of temporary files). The audit table of a load is not analysed yet, so
 * the planner would take the aggregate for 200 rows, and a nested loop over 200 rows for a good plan.
 */
export function liveRebuildStatements(layout: TableLayout): string[] {
  const live = layout.live;
  const audit = layout.revisionTable;
  const from = qualifiedName(audit.schema, audit.name);
  const docId = quoteIdentifier('doc_id');
  const version = quoteIdentifier('version');
  const liveColumns = live.columns.map((c) => quoteIdentifier(c.name));
  return [
    'begin',
    'set local enable_nestloop = off',
    'set local enable_mergejoin = off',
    `insert into ${qualifiedName(live.schema, live.name)} (${liveColumns.join(', ')})\n` +
      `select ${liveColumns.map((c) => `r.${c}`).join(', ')} from ${from} r\n` +
      `  join (select ${docId}, max(${version}) as ${version} from ${from} group by ${docId}) latest\n` +
      `    on r.${docId} = latest.${docId} and r.${version} = latest.${version}\n` +
      ` where r.${quoteIdentifier('operation')} <> 'D'`,
    'commit',
  ];
}

/** Deletes the revisions of the given ledger table ids (`$1`, a text array) from a revision table. */
export function deleteByTableIdSql(table: PhysicalTable): string {
  return `delete from ${qualifiedName(table.schema, table.name)} where ${quoteIdentifier('ql_audit')}->>'ql_tableid' = any($1::text[])`;
}
