import { Client } from 'pg';
import { RejectDifference, RejectsReconciliation } from './reconcile-summary';
import { REJECTS_TABLE } from '../../../src/generators/table-layout';
import { qualifiedName } from '../../../src/mapping/identifier';

/**
 * Compares the expected value rejects (by their stable reject_key) with the target's rejects table, for the given
 * sources only. Rejects without a document (stream records that could not be decoded) are not compared: they do not
 * come from the transform.
 */
export async function compareRejects(
  client: Client, expectedTable: string, schema: string, sources: readonly string[], sampleSize: number,
): Promise<RejectsReconciliation> {
  const name = qualifiedName(schema, REJECTS_TABLE);
  const display = `${schema}.${REJECTS_TABLE}`;
  const exists = (await client.query('select to_regclass($1) is not null as e', [name])).rows[0].e as boolean;
  const fields = 'reject_key, ledger_table, doc_id, version, column_name';
  const expected = `select distinct ${fields} from ${expectedTable} where doc_id is not null`;
  const target = (sourcesParameter: string) => (exists
    ? `select ${fields} from ${name} where source = any(${sourcesParameter}::text[]) and doc_id is not null`
    : `select ${fields} from ${expectedTable} where false and ${sourcesParameter}::text[] is not null`);
  const counts = (await client.query(
    `select (select count(*)::int from (${expected}) e) as expected, (select count(*)::int from (${target('$1')}) t) as target`, [sources],
  )).rows[0] as { expected: number; target: number };
  const { rows } = await client.query(
    `with e as (${expected}), t as (${target('$2')}),\n` +
    'd as (select case when t.reject_key is null then \'missing\' else \'extra\' end as kind, coalesce(e.reject_key, t.reject_key) as reject_key,\n' +
    '  coalesce(e.ledger_table, t.ledger_table) as ledger_table, coalesce(e.doc_id, t.doc_id) as doc_id,\n' +
    '  coalesce(e.version, t.version) as version, coalesce(e.column_name, t.column_name) as column_name\n' +
    '  from e full join t on e.reject_key = t.reject_key where e.reject_key is null or t.reject_key is null)\n' +
    'select *, count(*) over (partition by kind)::int as total\n' +
    '  from (select d.*, row_number() over (partition by kind order by doc_id, version, column_name) as n from d) z\n' +
    ' where n <= $1 order by kind, doc_id, version, column_name',
    [sampleSize, sources],
  );
  const totals = { missing: 0, extra: 0 };
  for (const row of rows) {
    totals[row.kind as 'missing' | 'extra'] = row.total;
  }
  const samples: RejectDifference[] = rows.map((r) => ({
    kind: r.kind,
    rejectKey: r.reject_key,
    ledgerTable: r.ledger_table,
    documentId: r.doc_id,
    version: r.version,
    column: r.column_name,
  }));
  return {
    table: display,
    sources: [...sources],
    expected: counts.expected,
    ...(exists ? { target: counts.target } : {}),
    missing: totals.missing,
    extra: totals.extra,
    samples,
    agrees: totals.missing + totals.extra === 0 && (exists || counts.expected === 0),
  };
}
