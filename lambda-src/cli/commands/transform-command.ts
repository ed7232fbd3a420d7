import { ExportReader } from '../../core/export/export-reader';
import { CsvExportSummary, writeExportCsv } from '../../core/load/csv-export-writer';
import { mappingFromOptions } from '../mapping-option';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';
import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';

export function renderTransformSummary(summary: CsvExportSummary, seconds: number): string {
  const rows = summary.tables.map((t) => [
    t.kind === 'skipped' ? `${t.ledgerTable} (skipped: ${t.skippedBecause})` : `${t.ledgerTable} -> ${t.liveTable}`,
    t.revisions, t.liveRows ?? '-', t.auditRows ?? '-', t.rejects, t.droppedRevisionsSkipped,
  ]);
  const upTo = summary.lastBlock === undefined ? '' : ` up to block ${summary.lastBlock}`;
  return [
    `Transformed ${summary.revisions} revisions from ${summary.blocks} blocks${upTo} in ${summary.objects} objects ` +
      `in ${seconds.toFixed(1)} s into ${summary.outDir}.`,
    '',
    formatTable(['ledger table', 'revisions', 'live rows', 'audit rows', 'rejects', 'dropped-table revisions skipped'], rows),
    summary.rejects > 0 ? `\n${summary.rejects} values could not be converted: see ${summary.outDir}/${summary.schema}/qldb_migration_rejects/.` : '',
  ].join('\n');
}

export const transformCommand: Command = {
  name: 'transform',
  summary: 'write the CSV files of the full load (what the Glue job writes) from a QLDB journal export',
  usage: `Usage: qldb-migrate transform --export DIR|s3://bucket/prefix --out DIR [options]

Reads the export and writes, per table, the CSV files AWS DMS loads (the same files, byte for byte, as the Glue job):
  DIR/<schema>/<audit table>/*.csv   every revision          DIR/<schema>/<live table>/*.csv   latest documents
  DIR/<schema>/qldb_migration_rejects/*.csv                  DIR/table_counts/*.csv            per-table counts
Columns are in the order of the generated DMS table definition (qldb-migrate ddl prints the tables).
  --export DIR|s3://bucket/prefix   the journal export(s): a local copy (of the bucket or of the prefix) or S3
  --out DIR          where to write; must be new or empty
  --mapping FILE     the ledger mapping (default: every ledger table as JSONB documents)
  --schema NAME      target schema (overrides the mapping's)
  --last-block N     transform only the blocks up to sequence number N
  --strict           fail on the first value that cannot be converted instead of recording a reject
  --json             print the summary as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('transform', args, {
      'export': { type: 'string' },
      'out': { type: 'string' },
      'mapping': { type: 'string' },
      'schema': { type: 'string' },
      'last-block': { type: 'string' },
      'strict': { type: 'boolean', default: false },
      'json': { type: 'boolean', default: false },
    });
    if (!options.export || !options.out) {
      throw new UsageError('qldb-migrate transform: --export DIR|s3://bucket/prefix and --out DIR are required');
    }
    const lastBlockText = options['last-block'];
    if (lastBlockText !== undefined && !/^\d+$/.test(lastBlockText)) {
      throw new UsageError(`qldb-migrate transform: --last-block must be a block sequence number, got "${lastBlockText}"`);
    }
    const out = new Output(options.json ?? false);
    const mapping = mappingFromOptions({ mapping: options.mapping, schema: options.schema });
    const reader = await ExportReader.open(options.export);
    out.progress(`Export: ${reader.plan.objects.length} data objects in ${options.export}`);
    const progress = new ProgressLine();
    try {
      const summary = await writeExportCsv(reader, {
        mapping,
        outDir: options.out,
        lastBlock: lastBlockText === undefined ? undefined : Number(lastBlockText),
        strict: options.strict,
        onProgress: (p) => progress.update((s) =>
          `objects ${p.objects}/${reader.plan.objects.length}  blocks ${p.blocks}  revisions ${p.revisions}  ` +
          `${Math.round(p.revisions / Math.max(s, 0.001))} revisions/s`),
      });
      progress.done();
      out.text(renderTransformSummary(summary, progress.elapsedSeconds));
      out.summary({ command: 'transform', seconds: progress.elapsedSeconds, ...summary });
      return 0;
    } finally {
      progress.done();
    }
  },
};
