import { readFileSync } from 'fs';
import { join } from 'path';
import { Client } from 'pg';
import { dmvMapping } from '../../examples/dmv/dmv-mapping';
import { MigrationSql } from '../../src';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface SeedSchema {
  schema: string;
  tables: Record<string, Array<{ name: string; type: string }>>;
  postLoad: {
    primaryKeys: Record<string, string[]>;
    uniqueIndexes: Record<string, string[][]>;
    indexes: Record<string, string[][]>;
  };
}

const seed: SeedSchema = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'reference', 'seed-dmv-schema.json'), 'utf8'),
);

/** information_schema's spelling of a type, normalised to the seed's spelling. */
interface ColumnRow { data_type: string; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null }

function typeOf(row: ColumnRow): string {
  switch (row.data_type) {
    case 'character varying':
      return row.character_maximum_length === null ? 'character varying' : `varchar(${row.character_maximum_length})`;
    case 'character':
      return `character(${row.character_maximum_length})`;
    case 'numeric':
      return row.numeric_precision === null ? 'decimal' : `decimal(${row.numeric_precision},${row.numeric_scale})`;
    default:
      return row.data_type;
  }
}

async function columnsOf(client: Client, schema: string): Promise<Record<string, Array<{ name: string; type: string }>>> {
  const { rows } = await client.query(
    `select table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, udt_name
       from information_schema.columns where table_schema = $1 order by table_name, ordinal_position`, [schema]);
  const tables: Record<string, Array<{ name: string; type: string }>> = {};
  for (const row of rows) {
    (tables[row.table_name] ??= []).push({ name: row.column_name, type: typeOf(row) });
  }
  return tables;
}

interface IndexInfo { table: string; columns: string[]; unique: boolean; primary: boolean }

async function indexesOf(client: Client, schema: string): Promise<IndexInfo[]> {
  const { rows } = await client.query(
    `select t.relname as table, ix.indisunique as unique, ix.indisprimary as primary,
            array(select a.attname::text from unnest(ix.indkey) with ordinality k(attnum, n)
                    join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n) as columns
       from pg_index ix join pg_class t on t.oid = ix.indrelid join pg_namespace ns on ns.oid = t.relnamespace
      where ns.nspname = $1 order by 1, 4`, [schema]);
  return rows.map((r) => ({ table: r.table, columns: r.columns, unique: r.unique, primary: r.primary }));
}

async function run(client: Client, statements: string[]): Promise<void> {
  for (const statement of statements) {
    await client.query(statement);
  }
}

describe('generated DMV schema on a real PostgreSQL', () => {
  let db: TestDatabase;
  let client: Client;
  const mapping = dmvMapping();

  beforeAll(async () => {
    db = await createTestDatabase();
    client = await db.connect();
    await run(client, MigrationSql.targetDdl(mapping));
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  test('tables, column names, order and types equal the reference schema', async () => {
    const actual = await columnsOf(client, seed.schema);
    for (const [table, columns] of Object.entries(seed.tables)) {
      // old_row_data is a column the reference never fills; the generated audit tables do not have it.
      const expected = columns.filter((c) => c.name !== 'old_row_data');
      expect({ table, columns: actual[table] }).toEqual({ table, columns: expected });
    }
    const generated = Object.keys(actual).filter((t) => !(t in seed.tables)).sort();
    expect(generated).toEqual(['qldb_migration_rejects', 'qldb_replication_state']);
  });

  test('post-load DDL creates the reference keys and indexes, and runs twice', async () => {
    await run(client, MigrationSql.postLoadDdl(mapping));
    await client.query('begin');
    await run(client, MigrationSql.postLoadDdl(mapping));
    await client.query('commit');
    const indexes = await indexesOf(client, seed.schema);
    const has = (table: string, columns: string[], kind: 'primary' | 'unique' | 'plain') =>
      indexes.some((i) => i.table === table && JSON.stringify(i.columns) === JSON.stringify(columns) &&
        (kind === 'primary' ? i.primary : kind === 'unique' ? i.unique && !i.primary : !i.unique));
    const expected: Array<[string, string[], 'primary' | 'unique' | 'plain']> = [
      ...Object.entries(seed.postLoad.primaryKeys).map(([t, c]) => [t, c, 'primary'] as [string, string[], 'primary']),
      ...Object.entries(seed.postLoad.uniqueIndexes).flatMap(([t, list]) => list.map((c) => [t, c, 'unique'] as [string, string[], 'unique'])),
      ...Object.entries(seed.postLoad.indexes).flatMap(([t, list]) => list.map((c) => [t, c, 'plain'] as [string, string[], 'plain'])),
    ];
    for (const [table, columns, kind] of expected) {
      expect({ table, columns, kind, present: has(table, columns, kind) }).toEqual({ table, columns, kind, present: true });
    }
    // Beyond the reference: every live table has a unique doc_id (the reference forgot drivers_license), and the
    // generated tables have their own primary keys. Nothing else.
    const extra = indexes.filter((i) => !expected.some(([t, c, k]) =>
      t === i.table && JSON.stringify(c) === JSON.stringify(i.columns) && (k === 'primary') === i.primary));
    expect(extra.map((i) => `${i.table}(${i.columns.join(',')})${i.primary ? ' pk' : i.unique ? ' unique' : ''}`).sort()).toEqual([
      'drivers_license(doc_id) unique',
      'qldb_migration_rejects(reject_key) pk',
      'qldb_replication_state(stream_id) pk',
    ]);
  });

  test('target DDL runs again on a loaded schema without changing it', async () => {
    const before = await columnsOf(client, seed.schema);
    await run(client, MigrationSql.targetDdl(mapping));
    expect(await columnsOf(client, seed.schema)).toEqual(before);
  });

  test('the least-privilege role can write what the migration writes and nothing more', async () => {
    await run(client, MigrationSql.targetDdl(mapping, { migrationRole: 'qldb_migrator' }));
    await run(client, MigrationSql.targetDdl(mapping, { migrationRole: 'qldb_migrator' }));
    const privileges = async (table: string) => (await client.query(
      `select string_agg(privilege_type, ',' order by privilege_type) as p from information_schema.role_table_grants
        where grantee = 'qldb_migrator' and table_schema = 'dmv' and table_name = $1`, [table])).rows[0].p;
    expect(await privileges('person')).toBe('DELETE,INSERT,SELECT,UPDATE');
    expect(await privileges('person_audit_log')).toBe('INSERT,SELECT,UPDATE');
    expect(await privileges('qldb_migration_rejects')).toBe('INSERT,SELECT');
    const { rows } = await client.query('select rolcanlogin from pg_roles where rolname = \'qldb_migrator\'');
    expect(rows).toEqual([{ rolcanlogin: false }]);
  });

  test('statements are deterministic and quote every identifier', () => {
    const ddl = MigrationSql.targetDdl(mapping);
    expect(MigrationSql.targetDdl(dmvMapping())).toEqual(ddl);
    expect(ddl[1]).toBe([
      'create table if not exists "dmv"."person" (',
      '  "doc_id" varchar(25) not null,',
      '  "version" integer not null,',
      '  "person_id" varchar(25),',
      '  "first_name" varchar(100),',
      '  "last_name" varchar(100),',
      '  "dob" date,',
      '  "gov_id" varchar(50),',
      '  "gov_id_type" varchar(50),',
      '  "address" varchar(100),',
      '  "ql_audit" jsonb not null',
      ')',
    ].join('\n'));
  });
});
