import { PgSqlClient } from '../../../lambda-src/core/sql/pg-sql-client';
import { RetryNotice } from '../../../lambda-src/core/sql/retry';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const pg = await db.connect();
  await pg.query('create table t (id text primary key, n bigint, flag boolean, doc jsonb)');
  await pg.end();
});

afterAll(async () => {
  await db.drop();
});

test('named parameters, typed results, and a rollback when the work fails', async () => {
  const client = new PgSqlClient({ connectionString: db.url, retry: { maxAttempts: 3, baseDelayMs: 1 } });
  try {
    await client.execute('insert into t values (:id::text, :n::bigint, :flag::boolean, :doc::jsonb)', [
      { name: 'id', value: 'a', sqlType: 'text' }, { name: 'n', value: '12', sqlType: 'bigint' },
      { name: 'flag', value: 'true', sqlType: 'boolean' }, { name: 'doc', value: '{"k": 1.50}', sqlType: 'jsonb' },
    ]);
    expect((await client.execute('select id, n, flag, doc from t')).rows).toEqual([{ id: 'a', n: 12, flag: true, doc: '{"k": 1.50}' }]);
    await expect(client.transaction(async (s) => {
      await s.execute('insert into t (id) values (:id::text)', [{ name: 'id', value: 'b', sqlType: 'text' }]);
      await s.execute('select :missing::text', []);
    })).rejects.toThrow(/parameter :missing has no value/);
    expect((await client.execute('select id from t order by id')).rows).toEqual([{ id: 'a' }]);
  } finally {
    await client.close();
  }
});

test('a connection lost inside a transaction is reopened and the transaction runs again', async () => {
  const notices: RetryNotice[] = [];
  const client = new PgSqlClient({ connectionString: db.url, retry: { maxAttempts: 3, baseDelayMs: 1 }, onRetry: (n) => notices.push(n) });
  const admin = await db.connect();
  let attempts = 0;
  try {
    await client.transaction(async (s) => {
      attempts++;
      await s.execute('insert into t (id) values (:id::text) on conflict do nothing', [{ name: 'id', value: 'c', sqlType: 'text' }]);
      if (attempts === 1) {
        const pid = (await s.execute('select pg_backend_pid() as pid')).rows[0].pid;
        await admin.query('select pg_terminate_backend($1)', [pid]);
        await s.execute('select 1');
      }
    });
    expect(attempts).toBe(2);
    expect(notices).toHaveLength(1);
    expect((await client.execute('select count(*)::int as n from t where id = :id::text', [{ name: 'id', value: 'c', sqlType: 'text' }])).rows[0].n).toBe(1);
  } finally {
    await admin.end();
    await client.close();
  }
});
