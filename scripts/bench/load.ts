import { spawnSync } from 'child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'fs';
import { join } from 'path';
import { pipeline } from 'stream/promises';
import { parseArgs } from 'util';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { withBenchPostgres } from './bench-postgres';

/*
 * npm run bench -- load [--documents 420000] [--formats JSON,ION_TEXT] [--seed 1] [--workers N] [--runs 1]
 *
 * Loads a generated DMV export (about 2.42 revisions per document: 420,000 documents give about 1,018,000 revisions)
 * with `qldb-migrate load` in a child process into a server without the mapping's schema (wall time and its peak
 * RSS), then times a bare COPY of the same final rows (every loaded table dumped to CSV files beforehand) into empty
 * tables of the same server. Prints one JSON line per format (with the load's own phases: reading + COPY, live tables
 * and indexes, swap); the last line of stdout is the last format's. With `--runs N` each format is measured N times
 * and the run of median ratio is printed (peak RSS: the highest), with every run's ratio. Exports are generated once
 * and kept under .cache/bench.
 */

const root = join(__dirname, '..', '..');

function generate(documents: number, seed: number, formats: string[]): string {
  const dir = join(root, '.cache', 'bench', `dmv-${seed}-${documents}`);
  const missing = formats.filter((f) => !existsSync(join(dir, `export-${f.toLowerCase().replace('_', '-')}`)));
  if (missing.length > 0) {
    // The generator rewrites the whole directory, so every requested format is generated again.
    process.stderr.write(`generating ${documents} documents (${formats.join(', ')}) into ${dir} ...\n`);
    const result = spawnSync('npx', ['tsx', 'examples/dmv/generator/main.ts', '--out', dir, '--seed', String(seed),
      '--documents', String(documents), '--formats', formats.join(',')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error('generating the export failed');
  }
  return dir;
}

interface TimedLoad {
  readonly seconds: number;
  readonly revisions: number;
  readonly peakRssMb: number;
  readonly phases: Record<string, number>;
}

/** Runs `qldb-migrate load` as a user would (bin/qldb-migrate); returns wall seconds, and the peak RSS and phases it reports. */
function timedLoad(exportDir: string, url: string, workers: string | undefined): TimedLoad {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['bin/qldb-migrate', 'load', '--export', exportDir, '--target', url,
    '--mapping', 'examples/dmv/mapping.json', '--json', ...(workers === undefined ? [] : ['--workers', workers])], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`load failed:\n${result.stderr}`);
  const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
  const phases = Object.fromEntries(Object.entries(summary.phases as Record<string, number>).map(([k, v]) => [k, round(v)]));
  return { seconds, revisions: summary.revisions, peakRssMb: summary.peakRssMb, phases };
}

/** Dumps every table of the schema to CSV, then times COPY of those files into empty copies of the tables. */
async function bareCopySeconds(url: string, schema: string, dumpDir: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    rmSync(dumpDir, { recursive: true, force: true });
    mkdirSync(dumpDir, { recursive: true });
    const tables = (await client.query(
      'select table_name from information_schema.tables where table_schema = $1 and table_type = \'BASE TABLE\' order by 1', [schema])).rows
      .map((r) => r.table_name as string);
    for (const table of tables) {
      await pipeline(client.query(copyTo(`copy "${schema}"."${table}" to stdout (format csv)`)), createWriteStream(join(dumpDir, `${table}.csv`)));
    }
    await client.query('drop schema if exists bare_copy cascade; create schema bare_copy');
    for (const table of tables) {
      await client.query(`create table bare_copy."${table}" (like "${schema}"."${table}")`);
    }
    await client.query('checkpoint'); // the load's WAL is written out before the clock starts, as it was for the load
    const started = process.hrtime.bigint();
    for (const table of tables) {
      await pipeline(createReadStream(join(dumpDir, `${table}.csv`)), client.query(copyFrom(`copy bare_copy."${table}" from stdin (format csv)`)));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.query('drop schema bare_copy cascade');
    return seconds;
  } finally {
    await client.end();
    rmSync(dumpDir, { recursive: true, force: true });
  }
}

export async function loadBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      documents: { type: 'string', default: '420000' },
      formats: { type: 'string', default: 'JSON,ION_TEXT' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string' },
      runs: { type: 'string', default: '1' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1, not ${values.runs}`);
  const formats = values.formats!.split(',').map((f) => f.trim().toUpperCase());
  const dir = generate(Number(values.documents), Number(values.seed), formats);
  const build = spawnSync('npx', ['projen', 'bundle:all'], { cwd: root, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('bundling the CLI failed');
  await withBenchPostgres(async (url) => {
    for (const format of formats) {
      const exportDir = join(dir, `export-${format.toLowerCase().replace('_', '-')}`);
      // Each run times a load and a bare COPY back to back; with several runs the run of median ratio is printed, with
      // every run's ratio (the machines these run on are shared: one run can be 30% off).
      const measured: Array<{ load: TimedLoad; copySeconds: number; ratio: number }> = [];
      for (let run = 0; run < runs; run++) {
        await emptyServer(url);
        const load = timedLoad(exportDir, url, values.workers);
        const copySeconds = await bareCopySeconds(url, 'dmv', join(dir, 'bare-copy'));
        measured.push({ load, copySeconds, ratio: load.seconds / copySeconds });
      }
      const ratios = measured.map((m) => m.ratio);
      const { load, copySeconds } = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor((runs - 1) / 2)];
      process.stdout.write(JSON.stringify({
        bench: 'load',
        format,
        revisions: load.revisions,
        seconds: round(load.seconds),
        revisionsPerSecond: Math.round(load.revisions / load.seconds),
        copySeconds: round(copySeconds),
        ratio: round(load.seconds / copySeconds),
        peakRssMb: Math.max(...measured.map((m) => m.load.peakRssMb)),
        phases: load.phases,
        ...(runs > 1 ? { runs, ratios: ratios.map(round) } : {}),
      }) + '\n');
    }
  });
}

/**
 * Drops what an earlier format loaded (otherwise the next load's swap pays for dropping it, which the bare COPY into
 * empty tables does not) and writes out everything earlier work left in the WAL, so that neither slows down what is
 * timed next.
 */
async function emptyServer(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop schema if exists dmv cascade');
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
