/*
 * Checks the Glue job's output against the TypeScript engine, for one export and mapping:
 *   1. byte for byte: every CSV folder the job wrote (<schema>/<table>/, table_counts/) holds, after sorting the lines,
 *      exactly the lines `qldb-migrate transform` writes (and no folder is missing on either side);
 *   2. in PostgreSQL: the job's CSV files loaded with COPY, using the column lists of the generated DMS table
 *      definition, give the same tables as `qldb-migrate load` (loadExport) of the same export.
 *
 * Usage: npx tsx scripts/compare-glue-output.ts --export DIR --mapping FILE --spark DIR [--work DIR]
 * Prints one JSON line with the counts; exits 1 on any difference, naming the table and the first differing lines.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';
import { parseArgs } from 'util';
import { Client } from 'pg';
import { defaultDataDir, startEmbeddedPostgres } from '../lambda-src/cli/embedded-postgres';
import { ExportReader } from '../lambda-src/core/export/export-reader';
import { TABLE_COUNTS_FOLDER, writeExportCsv } from '../lambda-src/core/load/csv-export-writer';
import { loadExport } from '../lambda-src/core/load/export-loader';
import { dmsExternalTableDefinition, DmsTable } from '../src/generators/dms-definition';
import { targetDdl } from '../src/generators/target-ddl';
import { qualifiedName, quoteIdentifier } from '../src/mapping/identifier';
import { LedgerMapping } from '../src/mapping/ledger-mapping';

const { values: args } = parseArgs({
  options: {
    export: { type: 'string' },
    mapping: { type: 'string' },
    spark: { type: 'string' },
    work: { type: 'string', default: join('.tmp', 'compare-glue-output') },
  },
});

function fail(message: string): never {
  process.stderr.write(`compare-glue-output: ${message}\n`);
  process.exit(1);
}

/** Folders (relative) that hold .csv files, each with its sorted lines. */
function csvFolders(root: string): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else if (name.endsWith('.csv')) {
        const text = readFileSync(path, 'utf8');
        if (text.length > 0 && !text.endsWith('\n')) fail(`${path} does not end with a line feed`);
        const folder = relative(root, dir);
        const lines = folders.get(folder) ?? [];
        lines.push(...text.split('\n').slice(0, -1));
        folders.set(folder, lines);
      } else {
        fail(`${path} is not a .csv file: the output holds only CSV files`);
      }
    }
  };
  walk(root);
  for (const lines of folders.values()) lines.sort();
  return folders;
}

function compareFolders(spark: string, reference: string): number {
  const a = csvFolders(spark);
  const b = csvFolders(reference);
  const problems: string[] = [];
  let lines = 0;
  for (const folder of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(folder) ?? [];
    const y = b.get(folder) ?? [];
    lines += y.length;
    const i = x.findIndex((line, k) => line !== y[k]);
    if (x.length !== y.length || i >= 0) {
      const at = i >= 0 ? i : Math.min(x.length, y.length);
      problems.push(`${folder}: the Glue job wrote ${x.length} lines, the TypeScript engine ${y.length}; first difference ` +
        `(sorted line ${at}):\n  glue: ${x[at] ?? '(none)'}\n  ts:   ${y[at] ?? '(none)'}`);
    }
  }
  if (problems.length > 0) fail(`the CSV files differ:\n${problems.join('\n')}`);
  process.stderr.write(`compare-glue-output: ${a.size} folders, ${lines} lines identical after sorting\n`);
  return lines;
}

async function withDatabase<T>(serverUrl: string, name: string, work: (url: string, client: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
  await admin.query(`create database ${quoteIdentifier(name)}`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(url, client);
  } finally {
    await client.end();
  }
}

/** The rows of a table as text, the DMS columns only (a column filled by its default, such as rejected_at, is left out). */
async function tableRows(client: Client, table: DmsTable): Promise<string[]> {
  const columns = table.TableColumns.map((c) => quoteIdentifier(c.ColumnName)).join(', ');
  const result = await client.query(`select row(${columns})::text as r from ${qualifiedName(table.TableOwner, table.TableName)} order by 1`);
  return result.rows.map((r) => r.r as string);
}

async function main(): Promise<void> {
  if (!args.export || !args.mapping || !args.spark) {
    fail('usage: npx tsx scripts/compare-glue-output.ts --export DIR --mapping FILE --spark DIR [--work DIR]');
  }
  const mapping = LedgerMapping.fromFile(args.mapping);
  const reference = join(args.work!, 'typescript-csv');
  rmSync(reference, { recursive: true, force: true });
  await writeExportCsv(await ExportReader.open(args.export), { mapping, outDir: reference });
  const lines = compareFolders(args.spark, reference);

  const definition = dmsExternalTableDefinition(mapping);
  const dataDir = join(dirname(defaultDataDir()), 'postgres-glue-compare');
  mkdirSync(dirname(dataDir), { recursive: true });
  const server = await startEmbeddedPostgres(dataDir);
  try {
    const copied = await withDatabase(server.url, 'glue_csv', async (_url, client) => {
      for (const statement of targetDdl(mapping)) await client.query(statement);
      const tables = new Map<string, string[]>();
      for (const table of definition.Tables) {
        const folder = join(args.spark!, table.TablePath);
        const columns = table.TableColumns.map((c) => quoteIdentifier(c.ColumnName)).join(', ');
        const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.csv')).sort() : [];
        for (const file of files) {
          const text = readFileSync(join(folder, file), 'utf8');
          if (text.length === 0) continue;
          const { from } = await import('pg-copy-streams');
          const stream = client.query(from(`copy ${qualifiedName(table.TableOwner, table.TableName)} (${columns}) from stdin (format csv)`));
          await new Promise<void>((resolve, reject) => {
            stream.on('finish', resolve);
            stream.on('error', (e: Error) => reject(new Error(`COPY of ${join(folder, file)} failed: ${e.message}`)));
            stream.end(text);
          });
        }
        tables.set(table.TableName, await tableRows(client, table));
      }
      return tables;
    });
    const problems: string[] = [];
    let rows = 0;
    await withDatabase(server.url, 'typescript_load', async (url, client) => {
      await loadExport(await ExportReader.open(args.export!), { mapping, connectionString: url, mode: 'replace' });
      for (const table of definition.Tables) {
        const expected = await tableRows(client, table);
        const actual = copied.get(table.TableName)!;
        rows += expected.length;
        const i = actual.findIndex((row, k) => row !== expected[k]);
        if (actual.length !== expected.length || i >= 0) {
          const at = i >= 0 ? i : Math.min(actual.length, expected.length);
          problems.push(`${table.TableOwner}.${table.TableName}: COPY of the Glue CSV gives ${actual.length} rows, ` +
            `qldb-migrate load ${expected.length}; first difference:\n  glue: ${actual[at] ?? '(none)'}\n  load: ${expected[at] ?? '(none)'}`);
        }
      }
    });
    if (problems.length > 0) fail(`the PostgreSQL tables differ:\n${problems.join('\n')}`);
    process.stderr.write(`compare-glue-output: ${definition.Tables.length} DMS tables, ${rows} rows equal to qldb-migrate load\n`);
    process.stdout.write(JSON.stringify({ csvLines: lines, dmsTables: definition.Tables.length, tableRows: rows, tableCountsFolder: TABLE_COUNTS_FOLDER }) + '\n');
  } finally {
    await server.stop();
  }
}

main().catch((error: Error) => fail(error.stack ?? error.message));
