import {
  BatchExecuteStatementCommand, BeginTransactionCommand, CommitTransactionCommand, ExecuteStatementCommand, RDSDataClient,
} from '@aws-sdk/client-rds-data';
import { DataApiSqlClient } from '../../../lambda-src/core/sql/data-api-sql-client';
import { placeholder } from '../../../lambda-src/core/sql/parameter-types';
import { RetryNotice } from '../../../lambda-src/core/sql/retry';
import { SqlParameter } from '../../../lambda-src/core/sql/sql-client';
import { DataApiFault, DataApiServer } from '../../support/data-api-server';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

let db: TestDatabase;
let server: DataApiServer;
let faults: Map<number, DataApiFault>;
let sdk: RDSDataClient;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await DataApiServer.start({ databaseUrl: db.url, fault: (call) => faults.get(call.number), transactionIdleTimeoutMs: 300 });
  sdk = new RDSDataClient({ ...server.clientConfig(), maxAttempts: 1 });
  const pg = await db.connect();
  await pg.query(`create table t (id varchar(25) primary key, n integer, big bigint, amount numeric(8,2), day date, at timestamptz,
    doc jsonb, tags text[], flag boolean)`);
  await pg.end();
});

beforeEach(async () => {
  faults = new Map();
  const pg = await db.connect();
  await pg.query('truncate t');
  await pg.end();
});

afterAll(async () => {
  sdk.destroy();
  await server.stop();
  await db.drop();
});

function client(onRetry?: (n: RetryNotice) => void): DataApiSqlClient {
  return new DataApiSqlClient({
    resourceArn: server.resourceArn,
    secretArn: server.secretArn,
    database: db.name,
    clientConfig: server.clientConfig(),
    retry: { maxAttempts: 4, baseDelayMs: 1 },
    onRetry,
  });
}

const base = () => ({ resourceArn: server.resourceArn, secretArn: server.secretArn, database: db.name });

const COLUMNS: Array<[string, string]> = [
  ['id', 'varchar(25)'], ['n', 'integer'], ['big', 'bigint'], ['amount', 'decimal(8,2)'], ['day', 'date'], ['at', 'timestamptz'],
  ['doc', 'jsonb'], ['tags', 'text[]'], ['flag', 'boolean'],
];
const INSERT = `insert into t values (${COLUMNS.map(([name, type]) => placeholder(name, type)).join(', ')}) on conflict (id) do nothing`;

function row(id: string, values: Array<string | null>): SqlParameter[] {
  return COLUMNS.map(([name, sqlType], i) => ({ name, sqlType, value: i === 0 ? id : values[i - 1] }));
}

async function ids(): Promise<string[]> {
  const pg = await db.connect();
  try {
    return (await pg.query('select id from t order by id')).rows.map((r) => r.id);
  } finally {
    await pg.end();
  }
}

test('every column type round-trips exactly through ExecuteStatement', async () => {
  const c = client();
  const values = ['-2147483648', '9007199254740993', '-123456.78', '2019-06-07', '2019-06-07 20:40:49.123456+00', '{"a": [1, 2.50, "x"]}', '{a,"b c"}', 'true'];
  await c.execute(INSERT, row('r1', values));
  await c.execute(INSERT, row('r2', values.map(() => null)));
  const result = await c.execute(`select ${COLUMNS.map(([name]) => `${name}::text as ${name}`).join(', ')} from t order by id`);
  expect(result.rows).toEqual([
    Object.fromEntries(COLUMNS.map(([name], i) => [name, i === 0 ? 'r1' : values[i - 1]])),
    Object.fromEntries(COLUMNS.map(([name], i) => [name, i === 0 ? 'r2' : null])),
  ]);
  // Results come back typed as the service types them: integers as longValue (JSON numbers: select a bigint beyond
  // 2^53 as text, as above), booleans as booleanValue, numeric as stringValue.
  const typed = await c.execute('select n, flag, amount from t where id = :id::text', [{ name: 'id', value: 'r1', sqlType: 'text' }]);
  expect(typed.rows).toEqual([{ n: -2147483648, flag: true, amount: '-123456.78' }]);
  await c.close();
});

describe('the test server is as strict as the service', () => {
  test('a string bound to a jsonb column without the JSON hint fails; with it, it works', async () => {
    const sql = 'insert into t (id, doc) values (:id, :doc)';
    const plain = sdk.send(new ExecuteStatementCommand({
      ...base(),
      sql,
      parameters: [
        { name: 'id', value: { stringValue: 'j1' } }, { name: 'doc', value: { stringValue: '{"a":1}' } },
      ],
    }));
    await expect(plain).rejects.toMatchObject({
      name: 'DatabaseErrorException',
      message: expect.stringMatching(/column "doc" is of type jsonb but expression is of type character varying[\s\S]*SQLState: 42804/),
    });
    const hinted = await sdk.send(new ExecuteStatementCommand({
      ...base(),
      sql,
      parameters: [
        { name: 'id', value: { stringValue: 'j1' } }, { name: 'doc', value: { stringValue: '{"a":1}' }, typeHint: 'JSON' },
      ],
    }));
    expect(hinted.numberOfRecordsUpdated).toBe(1);
  });

  test('a string bound to a numeric column needs the DECIMAL hint', async () => {
    const sql = 'insert into t (id, amount) values (:id, :amount)';
    await expect(sdk.send(new ExecuteStatementCommand({
      ...base(),
      sql,
      parameters: [
        { name: 'id', value: { stringValue: 'd1' } }, { name: 'amount', value: { stringValue: '1.50' } },
      ],
    }))).rejects.toMatchObject({ name: 'DatabaseErrorException', message: expect.stringMatching(/SQLState: 42804/) });
    await sdk.send(new ExecuteStatementCommand({
      ...base(),
      sql,
      parameters: [
        { name: 'id', value: { stringValue: 'd1' } }, { name: 'amount', value: { stringValue: '1.50' }, typeHint: 'DECIMAL' },
      ],
    }));
    expect(await ids()).toEqual(['d1']);
  });

  test('array parameters and several statements in one call are refused', async () => {
    await expect(sdk.send(new ExecuteStatementCommand({ ...base(), sql: 'select :a', parameters: [{ name: 'a', value: { arrayValue: { longValues: [1] } } }] })))
      .rejects.toMatchObject({ name: 'BadRequestException', message: 'Array parameters are not supported.' });
    await expect(sdk.send(new ExecuteStatementCommand({ ...base(), sql: 'select 1; select \';\'' })))
      .rejects.toMatchObject({ name: 'BadRequestException' });
  });

  test('BatchExecuteStatement runs the statement once per parameter set, inside a transaction', async () => {
    const { transactionId } = await sdk.send(new BeginTransactionCommand(base()));
    const result = await sdk.send(new BatchExecuteStatementCommand({
      ...base(),
      transactionId,
      sql: 'insert into t (id, n) values (:id, :n)',
      parameterSets: ['b1', 'b2', 'b3'].map((id, n) => [{ name: 'id', value: { stringValue: id } }, { name: 'n', value: { longValue: n } }]),
    }));
    expect(result.updateResults).toHaveLength(3);
    expect(await ids()).toEqual([]);
    expect((await sdk.send(new CommitTransactionCommand({ ...base(), transactionId }))).transactionStatus).toBe('Transaction Committed');
    expect(await ids()).toEqual(['b1', 'b2', 'b3']);
  });

  test('an unknown, finished or expired transaction is TransactionNotFoundException', async () => {
    await expect(sdk.send(new CommitTransactionCommand({ ...base(), transactionId: 'nope' }))).rejects.toMatchObject({ name: 'TransactionNotFoundException' });
    const { transactionId } = await sdk.send(new BeginTransactionCommand(base()));
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(sdk.send(new CommitTransactionCommand({ ...base(), transactionId }))).rejects.toMatchObject({ name: 'TransactionNotFoundException' });
  });
});

describe('DataApiSqlClient transactions', () => {
  test('an error inside the work rolls everything back and is not retried', async () => {
    const c = client();
    const before = server.calls;
    await expect(c.transaction(async (s) => {
      await s.execute(INSERT, row('x1', Array(8).fill(null)));
      await s.execute('select 1/0');
    })).rejects.toMatchObject({ name: 'DatabaseErrorException', message: expect.stringMatching(/division by zero/) });
    expect(server.calls - before).toBe(4); // begin, insert, failing select, rollback
    expect(await ids()).toEqual([]);
    expect(server.openTransactions).toBe(0);
  });

  test.each<[string, DataApiFault, number]>([
    ['the database is unavailable', 'unavailable', 2],
    ['throttled', 'throttle', 3],
    ['the connection is killed before the statement runs', 'kill-before', 2],
    ['the connection is killed after the commit ran', 'kill-after', 4],
  ])('when %s, the transaction runs again and the rows are there once', async (_, fault, faultyCall) => {
    const notices: RetryNotice[] = [];
    const c = client((n) => notices.push(n));
    faults.set(server.calls + faultyCall, fault);
    await c.transaction(async (s) => {
      await s.execute(INSERT, row('k1', Array(8).fill(null)));
      await s.execute(INSERT, row('k2', Array(8).fill(null)));
    });
    expect(notices).toHaveLength(1);
    expect(await ids()).toEqual(['k1', 'k2']);
    expect(server.openTransactions).toBe(0);
  });

  test('a statement over the 4 MiB request limit is refused before it is sent', async () => {
    const c = client();
    const before = server.calls;
    const big = 'x'.repeat(2 * 1024 * 1024 + 10);
    await expect(c.execute('select :a::text', [{ name: 'a', value: big, sqlType: 'text' }])).rejects.toThrow(/exceeds the Data API's 4194304-byte request limit/);
    expect(server.calls).toBe(before);
  });
});
