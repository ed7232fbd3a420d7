import { DataApiSqlClient } from '../../../lambda-src/core/sql/data-api-sql-client';
import { PgSqlClient } from '../../../lambda-src/core/sql/pg-sql-client';
import { SqlClient } from '../../../lambda-src/core/sql/sql-client';
import { DataApiServer, DataApiServerOptions } from '../../support/data-api-server';
import { TestDatabase } from '../../support/test-database';

/** A SQL client of either kind on a test database, with what must be closed after the test. */
export interface ClientUnderTest {
  readonly client: SqlClient;
  readonly server?: DataApiServer;
  close(): Promise<void>;
}

export type ClientKind = 'pg' | 'data-api';

/** Fast retries for tests: the faults are injected, nothing needs time to recover. */
export const TEST_RETRY = { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 };

export async function clientFor(kind: ClientKind, db: TestDatabase, serverOptions: Omit<DataApiServerOptions, 'databaseUrl'> = {}): Promise<ClientUnderTest> {
  if (kind === 'pg') {
    const client = new PgSqlClient({ connectionString: db.url, retry: TEST_RETRY });
    return { client, close: () => client.close() };
  }
  const server = await DataApiServer.start({ databaseUrl: db.url, ...serverOptions });
  const client = new DataApiSqlClient({
    resourceArn: server.resourceArn,
    secretArn: server.secretArn,
    database: db.name,
    clientConfig: server.clientConfig(),
    retry: TEST_RETRY,
  });
  return {
    client,
    server,
    async close() {
      await client.close();
      await server.stop();
    },
  };
}
