import { randomBytes } from 'crypto';
import { Client } from 'pg';

/** A fresh, empty database on the test server (started by global-setup), dropped by `drop()`. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  connect(): Promise<Client>;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.QLDB_MIGRATE_TEST_PG_URL;
  if (!url) {
    throw new Error('QLDB_MIGRATE_TEST_PG_URL is not set: the jest global setup starts the test PostgreSQL');
  }
  return url;
}

/** A fresh database; with `template`, a copy of that test database (CREATE DATABASE ... TEMPLATE). */
export async function createTestDatabase(template?: TestDatabase): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: `${serverUrl()}/postgres` });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template.name}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = `${serverUrl()}/${name}`;
  return {
    url,
    name,
    async connect() {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    },
    async drop() {
      const client = new Client({ connectionString: `${serverUrl()}/postgres` });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
