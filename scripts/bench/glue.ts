import { spawnSync } from 'child_process';
import { existsSync, rmSync } from 'fs';
import { join } from 'path';
import { parseArgs } from 'util';

/*
 * npm run bench -- glue [--documents 420000] [--seed 1] [--cores 2]
 *
 * Runs the Glue job (assets/glue/ledger_etl.py) with spark-submit on a local Spark (local[cores]) over a generated
 * DMV JSON export (about 2.42 revisions per document: 420,000 documents give about 1,018,000 revisions) with the DMV
 * mapping, and prints one JSON line: revisions, wall seconds of spark-submit, revisions/s. Needs pyspark and
 * amazon.ion in .venv (scripts/test-glue.sh installs them). The export is generated once under .cache/bench.
 */

const root = join(__dirname, '..', '..');

function generate(documents: number, seed: number): string {
  const dir = join(root, '.cache', 'bench', `dmv-${seed}-${documents}`);
  if (!existsSync(join(dir, 'export-json'))) {
    process.stderr.write(`generating ${documents} documents (JSON) into ${dir} ...\n`);
    const result = spawnSync('npx', ['tsx', 'examples/dmv/generator/main.ts', '--out', dir, '--seed', String(seed),
      '--documents', String(documents), '--formats', 'JSON'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error('generating the export failed');
  }
  return dir;
}

export async function glueBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { documents: { type: 'string', default: '420000' }, seed: { type: 'string', default: '1' }, cores: { type: 'string', default: '2' } },
  });
  const python = join(root, '.venv', 'bin', 'python');
  const sparkSubmit = join(root, '.venv', 'bin', 'spark-submit');
  if (!existsSync(sparkSubmit)) {
    throw new Error(`${sparkSubmit} is missing: run scripts/test-glue.sh once (it installs pyspark and amazon.ion into .venv)`);
  }
  const documents = Number(values.documents);
  const exportDir = join(generate(documents, Number(values.seed)), 'export-json');
  const output = join(root, '.cache', 'bench', 'glue-output');
  rmSync(output, { recursive: true, force: true });
  process.stderr.write(`running the Glue job on local[${values.cores}] over ${exportDir} ...\n`);
  const started = process.hrtime.bigint();
  const result = spawnSync(sparkSubmit, [
    '--master', `local[${values.cores}]`, '--driver-memory', '6g', '--conf', 'spark.ui.enabled=false',
    '--conf', 'spark.log.level=WARN', '--conf', 'spark.sql.shuffle.partitions=8',
    join(root, 'assets', 'glue', 'ledger_etl.py'), '--mapping_uri', join(root, 'examples', 'dmv', 'mapping.json'),
    '--export_uris', exportDir, '--output_uri', output,
  ], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PYSPARK_PYTHON: python, PYSPARK_DRIVER_PYTHON: python } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`the Glue job failed:\n${result.stderr.slice(-4000)}`);
  const job = JSON.parse(result.stdout.trim().split('\n').filter((line) => line.startsWith('{"job"')).pop()!);
  process.stdout.write(JSON.stringify({
    bench: 'glue',
    format: 'JSON',
    documents,
    cores: Number(values.cores),
    objects: job.objects,
    blocks: job.blocks,
    revisions: job.revisions,
    rejects: job.rejects,
    seconds: Number(seconds.toFixed(1)),
    jobSeconds: job.seconds,
    revisionsPerSecond: Math.round(job.revisions / seconds),
  }) + '\n');
}
