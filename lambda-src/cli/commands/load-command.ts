import { availableParallelism } from 'os';
import { ExportReader } from '../../core/export/export-reader';
import { LoadMode, loadExport, LoadSummary } from '../../core/load/export-loader';
import { mappingFromOptions } from '../mapping-option';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';
import { openTarget } from '../target-database';
import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';

/**
 * Workers by default: one per CPU (about 60 MB each), at most three, and one on a single CPU: there a worker costs
 * nothing measurable (a 1M-revision load with the command held to one CPU: 23.2 s with a worker, 22.1 s without,
 * within the noise of the machine measured), and bin/qldb-migrate gives the main thread of a load with workers a
 * small young generation (see heap-flags.js).
 */
const MAX_DEFAULT_WORKERS = 3;

function defaultWorkers(): number {
  return Math.min(MAX_DEFAULT_WORKERS, availableParallelism());
}

export const LOAD_USAGE_OPTIONS = `  --export DIR|s3://bucket/prefix   the journal export(s): a local copy (of the bucket or of the prefix) or S3
  --mapping FILE     the ledger mapping (default: every ledger table as JSONB documents)
  --target URL       postgres:// URL of the target (default: the embedded PostgreSQL)
  --data-dir DIR     data directory of the embedded PostgreSQL (default: ~/.cache/qldb-migrate/postgres)
  --schema NAME      target schema (overrides the mapping's)
  --mode MODE        replace (default): the tables become exactly the export;
                     merge: apply the export's revisions to what is there (safe to run twice, or over an overlap)
  --strict           fail on the first value that cannot be converted instead of recording a reject
  --workers N        threads that read data objects and convert revisions side by side, about 60 MB each
                     (default: one per CPU, at most ${MAX_DEFAULT_WORKERS}; 0: all in the main thread)
  --json             print the summary as one JSON object on the last line`;

export function renderLoadSummary(summary: LoadSummary, seconds: number): string {
  const rows = summary.tables.map((t) => [
    t.kind === 'skipped' ? `${t.ledgerTable} (skipped: ${t.skippedBecause})` : `${t.ledgerTable} -> ${t.liveTable}`,
    t.revisions, t.liveRows ?? '-', t.auditRows ?? '-', t.rejects, t.droppedRevisionsSkipped,
  ]);
  return [
    `Loaded ${summary.revisions} revisions from ${summary.blocks} blocks in ${summary.objects} objects in ${seconds.toFixed(1)} s ` +
      `(${summary.mode} into schema ${summary.schema}).`,
    '',
    formatTable(['ledger table', 'revisions', 'live rows', 'audit rows', 'rejects', 'dropped-table revisions skipped'], rows),
    summary.rejects > 0 ? `\n${summary.rejects} values could not be converted: see ${summary.schema}.qldb_migration_rejects.` : '',
  ].join('\n');
}

export const loadCommand: Command = {
  name: 'load',
  summary: 'load a QLDB journal export (directory or s3:// prefix) into PostgreSQL',
  usage: `Usage: qldb-migrate load --export DIR|s3://bucket/prefix [options]

Reads the export (ION_TEXT, ION_BINARY or JSON; several contiguous exports of one strand), turns every revision into
audit and live rows by the mapping, and loads them with COPY. A failed load leaves the target as it was.
${LOAD_USAGE_OPTIONS}`,
  async run(args) {
    const options = parseOptions('load', args, {
      'export': { type: 'string' },
      'mapping': { type: 'string' },
      'target': { type: 'string' },
      'data-dir': { type: 'string' },
      'schema': { type: 'string' },
      'mode': { type: 'string', default: 'replace' },
      'strict': { type: 'boolean', default: false },
      'workers': { type: 'string' },
      'json': { type: 'boolean', default: false },
    });
    if (!options.export) {
      throw new UsageError('qldb-migrate load: --export DIR|s3://bucket/prefix is required');
    }
    if (options.mode !== 'replace' && options.mode !== 'merge') {
      throw new UsageError(`qldb-migrate load: --mode must be replace or merge, got "${options.mode}"`);
    }
    const workers = options.workers === undefined ? defaultWorkers() : Number(options.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
      throw new UsageError(`qldb-migrate load: --workers must be a whole number from 0 to 64, got "${options.workers}"`);
    }
    const out = new Output(options.json ?? false);
    const mapping = mappingFromOptions({ mapping: options.mapping, schema: options.schema });
    const reader = await ExportReader.open(options.export);
    out.progress(`Export: ${reader.plan.objects.length} data objects in ${options.export}`);
    const target = await openTarget({ target: options.target, dataDir: options['data-dir'] }, out);
    const progress = new ProgressLine();
    try {
      const summary = await loadExport(reader, {
        mapping,
        connectionString: target.url,
        mode: options.mode as LoadMode,
        strict: options.strict,
        workers,
        onProgress: (p) => progress.update((s) =>
          `objects ${p.objects}/${reader.plan.objects.length}  blocks ${p.blocks}  revisions ${p.revisions}  ` +
          `${Math.round(p.revisions / Math.max(s, 0.001))} revisions/s`),
      });
      progress.done();
      out.text(renderLoadSummary(summary, progress.elapsedSeconds));
      out.text(`Target: ${target.displayUrl}`);
      const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      out.summary({ command: 'load', seconds: progress.elapsedSeconds, peakRssMb, ...summary });
      return 0;
    } finally {
      progress.done();
      await target.close();
    }
  },
};
