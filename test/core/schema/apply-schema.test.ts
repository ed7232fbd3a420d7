import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { applySchema } from '../../../lambda-src/core/schema/apply-schema';
import { SchemaStatementsDocument } from '../../../lambda-src/core/schema/schema-statements-document';
import { SchemaTarget, schemaPhysicalId } from '../../../lambda-src/core/schema/schema-target';
import { MigrationSql } from '../../../src';
import { schemaDropStatements } from '../../../src/constructs/migration-target-schema/schema-drop-statements';
import { PostgresDataApi } from '../../support/postgres-data-api';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

const MAPPING = dmvMapping();
const DOCUMENT: SchemaStatementsDocument = {
  targetDdl: MigrationSql.targetDdl(MAPPING),
  postLoadDdl: MigrationSql.postLoadDdl(MAPPING),
  dropDdl: schemaDropStatements(MAPPING),
};

let database: TestDatabase;
let api: PostgresDataApi;

function target(overrides: Partial<SchemaTarget> = {}): SchemaTarget {
  return {
    clusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:target',
    secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:target-AbCdEf',
    database: database.name,
    schema: MAPPING.schema,
    statementsBucket: 'assets',
    statementsKey: 'schema-statements.json',
    applyPostLoadDdl: false,
    removalPolicy: 'retain',
    ...overrides,
  };
}

const load = (document: SchemaStatementsDocument) => async (bucket: string, key: string) => {
  expect(`${bucket}/${key}`).toBe('assets/schema-statements.json');
  return JSON.stringify(document);
};

async function query(sql: string): Promise<any[]> {
  const client = await database.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

const tablesOfSchema = async () =>
  (await query(`select table_name from information_schema.tables where table_schema = '${MAPPING.schema}' order by 1`)).map((r) => r.table_name);
const primaryKeys = async () =>
  Number((await query(`select count(*) as n from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = '${MAPPING.schema}' and c.contype = 'p'`))[0].n);

beforeEach(async () => {
  database = await createTestDatabase();
  api = new PostgresDataApi(() => database.connect());
});
afterEach(async () => database.drop());

describe('applySchema through the Data API calls on a real PostgreSQL', () => {
  test('Create runs the target DDL one statement per call in one transaction and creates the DMV tables', async () => {
    const result = await applySchema(api, load(DOCUMENT), 'Create', target());
    expect(result).toEqual({ physicalResourceId: schemaPhysicalId(target()), statementCount: DOCUMENT.targetDdl.length });
    expect(api.calls[0]).toBe(`Begin ${database.name}`);
    expect(api.calls.slice(1, -1)).toEqual(DOCUMENT.targetDdl.map((sql) => `Execute ${sql.split('\n', 1)[0]}`));
    expect(api.calls[api.calls.length - 1]).toBe('Commit');
    expect(await tablesOfSchema()).toEqual(expect.arrayContaining(['person', 'person_audit_log', 'vehicle', 'vehicle_registration', 'drivers_license', 'qldb_migration_rejects']));
    expect(await primaryKeys()).toBeLessThan(DOCUMENT.postLoadDdl.length); // keys come with the post-load DDL
  });

  test('Update runs the target DDL again and keeps the rows already loaded', async () => {
    await applySchema(api, load(DOCUMENT), 'Create', target());
    const live = MAPPING.tables[0].targetTable;
    await query(`insert into ${MAPPING.schema}.${live} (doc_id, version, ql_audit) values ('D1', 0, '{}')`);
    const result = await applySchema(api, load(DOCUMENT), 'Update', target(), schemaPhysicalId(target()));
    expect(result.statementCount).toBe(DOCUMENT.targetDdl.length);
    expect(await query(`select doc_id from ${MAPPING.schema}.${live}`)).toEqual([{ doc_id: 'D1' }]);
  });

  test('Create with applyPostLoadDdl also creates the keys; PostLoad alone creates them after a load', async () => {
    await applySchema(api, load(DOCUMENT), 'Create', target());
    const keysBefore = await primaryKeys();
    const result = await applySchema(api, load(DOCUMENT), 'PostLoad', target());
    expect(result.statementCount).toBe(DOCUMENT.postLoadDdl.length);
    const keysAfter = await primaryKeys();
    expect(keysAfter).toBeGreaterThan(keysBefore);

    const other = await createTestDatabase();
    try {
      const otherApi = new PostgresDataApi(() => other.connect());
      const withKeys = await applySchema(otherApi, load(DOCUMENT), 'Create', { ...target({ applyPostLoadDdl: true }), database: other.name });
      expect(withKeys.statementCount).toBe(DOCUMENT.targetDdl.length + DOCUMENT.postLoadDdl.length);
      const client = await other.connect();
      const n = Number((await client.query(`select count(*) as n from pg_constraint c join pg_namespace n on n.oid = c.connamespace where n.nspname = '${MAPPING.schema}' and c.contype = 'p'`)).rows[0].n);
      await client.end();
      expect(n).toBe(keysAfter);
    } finally {
      await other.drop();
    }
  });

  test('Delete with the retain policy runs nothing and leaves the tables', async () => {
    await applySchema(api, load(DOCUMENT), 'Create', target());
    const calls = api.calls.length;
    const result = await applySchema(api, load(DOCUMENT), 'Delete', target(), schemaPhysicalId(target()));
    expect(result.statementCount).toBe(0);
    expect(api.calls.length).toBe(calls);
    expect((await tablesOfSchema()).length).toBeGreaterThan(0);
  });

  test('Delete with the destroy policy drops the schema with everything in it', async () => {
    await applySchema(api, load(DOCUMENT), 'Create', target({ removalPolicy: 'destroy' }));
    const result = await applySchema(api, load(DOCUMENT), 'Delete', target({ removalPolicy: 'destroy' }), schemaPhysicalId(target()));
    expect(result.statementCount).toBe(1);
    expect(await query(`select nspname from pg_namespace where nspname = '${MAPPING.schema}'`)).toEqual([]);
  });

  test('Delete with the destroy policy after a failed create (another physical id) drops nothing', async () => {
    await applySchema(api, load(DOCUMENT), 'Create', target({ removalPolicy: 'destroy' }));
    const result = await applySchema(api, load(DOCUMENT), 'Delete', target({ removalPolicy: 'destroy' }), 'a-request-id');
    expect(result).toEqual({ physicalResourceId: 'a-request-id', statementCount: 0 });
    expect((await tablesOfSchema()).length).toBeGreaterThan(0);
  });

  test('a failing statement rolls the whole transaction back and is named in the error', async () => {
    const broken = { ...DOCUMENT, targetDdl: [...DOCUMENT.targetDdl.slice(0, 3), 'create table dmv.broken (id nosuchtype)', ...DOCUMENT.targetDdl.slice(3)] };
    await expect(applySchema(api, load(broken), 'Create', target())).rejects.toThrow(
      `statement 4 of ${broken.targetDdl.length} (create table dmv.broken (id nosuchtype)) failed on arn:aws:rds:us-east-1:123456789012:cluster:target ` +
        `database ${database.name}; the transaction was rolled back: type "nosuchtype" does not exist`,
    );
    expect(api.calls[api.calls.length - 1]).toBe('Rollback');
    expect(await query(`select nspname from pg_namespace where nspname = '${MAPPING.schema}'`)).toEqual([]);
  });

  test('a statements document that is not one is refused, naming its location and field', async () => {
    const bad = async () => JSON.stringify({ targetDdl: ['create schema x'], postLoadDdl: [''], dropDdl: [] });
    await expect(applySchema(api, bad, 'Create', target())).rejects.toThrow(
      's3://assets/schema-statements.json: postLoadDdl is not a list of non-empty SQL statements',
    );
  });
});
