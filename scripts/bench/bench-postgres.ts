import { chmodSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startEmbeddedPostgres } from '../../lambda-src/cli/embedded-postgres';

/** A throw-away embedded PostgreSQL for one benchmark run. */
export async function withBenchPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'qldb-bench-pg-'));
  chmodSync(dir, 0o755); // as root the server runs as the system user postgres, which must enter this directory
  const server = await startEmbeddedPostgres(join(dir, 'data'));
  try {
    return await work(server.url);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
