export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as any).__QLDB_MIGRATE_TEST_PG__ as { stop(): Promise<void> } | undefined;
  await server?.stop();
}
