import { Client } from 'pg';
import { PhysicalTable } from '../../src/generators/table-layout';

/**
 * Differences between a target table and expected rows, compared by PostgreSQL itself: the expected rows are bound as
 * parameters (not through COPY or CSV) into a temporary table of the same column types, then EXCEPT ALL both ways.
 * Returns the doc_id (and version) of every row missing from or extra in the target.
 */
export async function tableDifferences(client: Client, table: PhysicalTable, expected: Array<Array<string | null>>):
Promise<{ missing: string[]; extra: string[] }> {
  const target = `"${table.schema}"."${table.name}"`;
  const temp = `expected_${table.name}`;
  await client.query(`drop table if exists pg_temp."${temp}"`);
  await client.query(`create temp table "${temp}" (like ${target})`);
  const width = table.columns.length;
  const chunk = Math.max(1, Math.floor(30000 / width));
  for (let i = 0; i < expected.length; i += chunk) {
    const rows = expected.slice(i, i + chunk);
    const values = rows.map((_, r) => `(${table.columns.map((c, k) => `$${r * width + k + 1}::${c.sqlType}`).join(', ')})`);
    await client.query(`insert into "${temp}" values ${values.join(', ')}`, rows.flat());
  }
  const key = table.columns.some((c) => c.name === 'version') ? 'doc_id || \'/\' || version' : 'doc_id';
  const diff = async (a: string, b: string) => (await client.query(
    `select ${key} as k from (select * from ${a} except all select * from ${b}) d order by 1`)).rows.map((r) => r.k as string);
  return { missing: await diff(`"${temp}"`, target), extra: await diff(target, `"${temp}"`) };
}
