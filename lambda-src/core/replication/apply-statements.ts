import { LastBlock, TableChanges } from './change-batch';
import { replicationStateUpsertSql } from './replication-state';
import { PhysicalTable, REJECTS_COLUMNS, REJECTS_TABLE, TableLayout } from '../../../src/generators/table-layout';
import { createTableStatement } from '../../../src/generators/target-ddl';
import { qualifiedName, quoteIdentifier } from '../../../src/mapping/identifier';
import { auditInsertSql, liveRecomputeCtes } from '../apply/apply-sql';
import { layoutInSchema } from '../load/staging-schema';
import { placeholder } from '../sql/parameter-types';
import { MAX_STATEMENT_PARAMETERS, parameterBytes, STATEMENT_BUDGET_BYTES, statementBytes } from '../sql/request-size';
import { SqlParameter } from '../sql/sql-client';
import { RejectRecord, rejectRowValues } from '../transform/reject-record';

/*
 * The statements of one batch, whatever its size: a handful per batch, not per table or per revision.
 *   1. audit rows of every table (and the batch's rejects) in one statement of data-modifying CTEs, one INSERT ...
 *      VALUES per table, each the shared auditInsertSql; split only to stay under the Data API's request size;
 *   2. the live recompute of every touched table in one statement (liveRecomputeCtes, the touched doc ids as one
 *      JSON array parameter per table), with the replication state upsert.
 * Without audit tables, the batch's rows go to a temporary table dropped at commit, and the live rows derive from it.
 */

/** A statement and its parameters. */
export interface PlannedStatement {
  readonly sql: string;
  readonly parameters: SqlParameter[];
}

/** Limits a statement is planned to stay within. */
export interface StatementLimits {
  readonly budgetBytes?: number;
  readonly maxParameters?: number;
}

const TEMPORARY_SCHEMA = 'pg_temp';

/** Where the batch's revision rows of a table go: its audit table, or a temporary table without audit tables. */
export function revisionTarget(layout: TableLayout): { table: PhysicalTable; layout: TableLayout; temporary: boolean } {
  if (layout.audit) {
    return { table: layout.audit, layout, temporary: false };
  }
  const staged = layoutInSchema(layout, TEMPORARY_SCHEMA);
  return { table: staged.revisionTable, layout: { ...layout, revisionTable: staged.revisionTable }, temporary: true };
}

/** The temporary tables a batch needs (tables without an audit table), created inside its transaction. */
export function temporaryTableStatements(tables: readonly TableChanges[]): PlannedStatement[] {
  return tables.map((t) => revisionTarget(t.layout)).filter((t) => t.temporary)
    .map((t) => ({ sql: `${createTableStatement(t.table)} on commit drop`, parameters: [] }));
}

interface RowGroup {
  readonly label: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly sqlType: string }>;
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>;
  /** The INSERT for a `values (...), (...)` source. */
  readonly insert: (values: string) => string;
}

function rejectsGroup(schema: string, rejects: readonly RejectRecord[]): RowGroup {
  const columns = REJECTS_COLUMNS;
  const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  return {
    label: 'rejects',
    columns,
    rows: rejects.map(rejectRowValues),
    insert: (values) => `insert into ${qualifiedName(schema, REJECTS_TABLE)} (${names})\n${values}\n` +
      `on conflict (${quoteIdentifier('reject_key')}) do nothing`,
  };
}

/** Statements that insert the batch's audit rows and rejects; each returns one row of counts (`t<i>`: rows written to table i). */
export function auditStatements(schema: string, tables: readonly TableChanges[], rejects: readonly RejectRecord[], limits: StatementLimits = {}):
PlannedStatement[] {
  const groups: RowGroup[] = tables.map((t, i) => {
    const { table } = revisionTarget(t.layout);
    return { label: `t${i}`, columns: table.columns, rows: t.rows, insert: (values) => auditInsertSql(table, values) };
  });
  if (rejects.length > 0) {
    groups.push(rejectsGroup(schema, rejects));
  }
  const budget = limits.budgetBytes ?? STATEMENT_BUDGET_BYTES;
  const maxParameters = limits.maxParameters ?? MAX_STATEMENT_PARAMETERS;
  const statements: PlannedStatement[] = [];
  let parts: Array<{ label: string; sql: string }> = [];
  let parameters: SqlParameter[] = [];
  let bytes = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const ctes = parts.map((p, i) => `w${i} as (\n${p.sql}\nreturning 1\n)`);
    const select = parts.map((p, i) => `(select count(*) from w${i})::int as ${p.label}`);
    statements.push({ sql: `with ${ctes.join(',\n')}\nselect ${select.join(', ')}`, parameters });
    parts = [];
    parameters = [];
    bytes = 0;
  };
  for (const group of groups) {
    let tuples: string[] = [];
    const close = () => {
      if (tuples.length > 0) {
        parts.push({ label: group.label, sql: group.insert(`values ${tuples.join(',\n  ')}`) });
        tuples = [];
      }
    };
    for (const row of group.rows) {
      const rowBytes = group.columns.reduce((sum, c, k) =>
        sum + parameterBytes({ name: 'p00000', value: row[k] ?? null, sqlType: c.sqlType }) + 2 * (c.sqlType.length + 12), 0);
      if (parameters.length > 0 && (bytes + rowBytes > budget || parameters.length + group.columns.length > maxParameters)) {
        close();
        flush();
      }
      const base = parameters.length;
      const rowParameters = group.columns.map((c, k) => ({ name: `p${base + k}`, value: row[k] ?? null, sqlType: c.sqlType }));
      tuples.push(`(${rowParameters.map((p) => placeholder(p.name, p.sqlType)).join(', ')})`);
      parameters.push(...rowParameters);
      bytes += rowBytes;
    }
    close();
  }
  flush();
  return statements;
}

/**
 * Statements that recompute the live rows of every touched document and record the replication state; each
 * returns one row of counts (`t<i>`: live rows written or removed in table i).
 */
export function liveStatements(
  schema: string,
  tables: readonly TableChanges[],
  state: { readonly streamId?: string; readonly lastBlock?: LastBlock; readonly revisionsApplied: number },
  limits: StatementLimits = {},
): PlannedStatement[] {
  const budget = limits.budgetBytes ?? STATEMENT_BUDGET_BYTES;
  const statements: PlannedStatement[] = [];
  let ctes: string[] = [];
  let selects: string[] = [];
  let parameters: SqlParameter[] = [];
  const flush = () => {
    if (ctes.length === 0) return;
    statements.push({ sql: `with ${ctes.join(',\n')}\nselect ${selects.join(', ')}`, parameters });
    ctes = [];
    selects = [];
    parameters = [];
  };
  tables.forEach((t, i) => {
    const parameter: SqlParameter = { name: `d${i}`, value: JSON.stringify(t.documentIds), sqlType: 'jsonb' };
    if (ctes.length > 0 && statementBytes(ctes.join(''), [...parameters, parameter]) > budget) {
      flush();
    }
    const prefix = `l${i}`;
    ctes.push(...liveRecomputeCtes(revisionTarget(t.layout).layout, `select jsonb_array_elements_text(${placeholder(parameter.name, 'jsonb')})`, prefix));
    selects.push(`(select count(*) from ${prefix}_removed)::int + (select count(*) from ${prefix}_upserted)::int as t${i}`);
    parameters.push(parameter);
  });
  if (state.streamId !== undefined) {
    const upsert = replicationStateUpsertSql(schema, 'state');
    ctes.push(`state as (\n${upsert.sql}\nreturning 1\n)`);
    selects.push('(select count(*) from state)::int as state');
    parameters.push(...upsert.parameters({ streamId: state.streamId, lastBlock: state.lastBlock, revisionsApplied: state.revisionsApplied }));
  }
  flush();
  return statements;
}
