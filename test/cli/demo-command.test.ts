import { runCli } from './run-cli';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('qldb-migrate demo', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db.drop(); });

  test('creates the DMV schema in the target and lists its tables', async () => {
    const { code, stdout } = await runCli(['demo', '--target', db.url, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(summary.tables.map((t: any) => t.table_name)).toEqual([
      'drivers_license', 'drivers_license_audit_log', 'person', 'person_audit_log', 'qldb_migration_rejects',
      'qldb_replication_state', 'vehicle', 'vehicle_audit_log', 'vehicle_registration', 'vehicle_registration_audit_log',
    ]);
    const client = await db.connect();
    const { rows } = await client.query('select count(*)::int as n from pg_indexes where schemaname = \'dmv\'');
    await client.end();
    expect(rows[0].n).toBe(summary.tables.reduce((n: number, t: any) => n + t.indexes, 0));
  });

  test('a --target that is not a PostgreSQL URL is refused without echoing a password', async () => {
    const { code, stderr } = await runCli(['demo', '--target', 'mysql://u:secret@h/db']);
    expect(code).toBe(1);
    expect(stderr).toContain('--target must be a postgres:// or postgresql:// URL');
    expect(stderr).not.toContain('secret');
  });
});
