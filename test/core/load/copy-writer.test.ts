import { CopyWriter } from '../../../lambda-src/core/load/copy-writer';
import { PhysicalColumn } from '../../../src/generators/table-layout';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

let db: TestDatabase;

const ID: PhysicalColumn = { name: 'id', sqlType: 'integer', notNull: false };
const V: PhysicalColumn = { name: 'v', sqlType: 'text', notNull: false };

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

async function tableRows(table: string): Promise<unknown[] | undefined> {
  const client = await db.connect();
  try {
    const exists = await client.query('select to_regclass($1) as t', [table]);
    if (exists.rows[0].t === null) return undefined;
    return (await client.query(`select * from ${table} order by 1`)).rows;
  } finally {
    await client.end();
  }
}

describe('CopyWriter', () => {
  test('rows arrive as written: NULL, empty string, quotes, commas, line feeds and non-ASCII text', async () => {
    const writer = await CopyWriter.open(db.url, 'plain_rows', [ID, V], 'create table plain_rows (id int, v text)');
    const values = [null, '', 'say "hi"', 'a,b', 'two\nlines', 'Zoë 東京 \u{1F600}', 'unit\x1fseparator\x1f', '{"a":"\\"b\\""}'];
    for (let i = 0; i < values.length; i++) {
      await writer.writeRow([String(i), values[i]]);
    }
    expect(await writer.finish()).toBe(values.length);
    expect((await tableRows('plain_rows'))!.map((r: any) => r.v)).toEqual(values);
  });

  test('a table created by the writer is visible only once the COPY finishes, and its rows are frozen', async () => {
    const writer = await CopyWriter.open(db.url, 'frozen_rows', [ID], 'create table frozen_rows (id int)');
    for (let i = 0; i < 50_000; i++) {
      const pending = writer.writeRow([String(i)]);
      if (pending) await pending;
    }
    expect(await tableRows('frozen_rows')).toBeUndefined();
    await writer.finish();
    expect((await tableRows('frozen_rows'))!.length).toBe(50_000);
    const client = await db.connect();
    try {
      // COPY FREEZE marks the pages it fills all-frozen (all but the last page of each batch of rows PostgreSQL
      // inserts at once); a COPY into an existing table freezes none
      await client.query('create table unfrozen_rows (id int)');
      const plain = await CopyWriter.open(db.url, 'unfrozen_rows', [ID]);
      for (let i = 0; i < 50_000; i++) {
        const pending = plain.writeRow([String(i)]);
        if (pending) await pending;
      }
      await plain.finish();
      await client.query('create extension if not exists pg_visibility');
      const frozen = async (table: string) => (await client.query(
        `select count(*)::int as n, count(*) filter (where all_frozen)::int as frozen from pg_visibility_map('${table}')`)).rows[0];
      const withFreeze = await frozen('frozen_rows');
      expect(withFreeze.n).toBeGreaterThan(100);
      expect(withFreeze.frozen).toBeGreaterThan(withFreeze.n * 0.75);
      expect((await frozen('unfrozen_rows')).frozen).toBe(0);
    } finally {
      await client.end();
    }
  });

  test('an abandoned COPY leaves no table behind', async () => {
    const writer = await CopyWriter.open(db.url, 'abandoned_rows', [ID], 'create table abandoned_rows (id int)');
    await writer.writeRow(['1']);
    await writer.abort();
    expect(await tableRows('abandoned_rows')).toBeUndefined();
  });

  test('a value PostgreSQL refuses fails the COPY, naming the table, and nothing is committed', async () => {
    const short: PhysicalColumn = { name: 'v', sqlType: 'varchar(3)', notNull: false };
    const writer = await CopyWriter.open(db.url, 'refused_rows', [ID, short], 'create table refused_rows (id int, v varchar(3))');
    await writer.writeRow(['1', 'abc']);
    await writer.writeRow(['2', 'abcd']);
    await expect(writer.finish()).rejects.toThrow(/COPY into refused_rows failed: value too long for type character varying\(3\)/);
    expect(await tableRows('refused_rows')).toBeUndefined();
  });

  test('a value that is not its column type\'s text is refused before it is sent, naming the column', async () => {
    const writer = await CopyWriter.open(db.url, 'unsent_rows', [ID, V], 'create table unsent_rows (id int, v text)');
    await writer.writeRow(['1', 'a']);
    expect(() => writer.writeRow(['not a number', 'b'])).toThrow(/column id: "not a number" is not the canonical integer text/);
    expect(() => writer.writeRow(['2147483648', 'b'])).toThrow(/column id: .*out of range/);
    await writer.writeRow(['2', 'c']);
    expect(await writer.finish()).toBe(2);
    expect((await tableRows('unsent_rows'))!.map((r: any) => r.v)).toEqual(['a', 'c']);
  });
});
