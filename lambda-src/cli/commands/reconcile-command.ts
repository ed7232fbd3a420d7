import { ExportReader } from '../../core/export/export-reader';
import { ReconcileSummary } from '../../core/reconcile/reconcile-summary';
import { reconcileTarget } from '../../core/reconcile/reconcile-target';
import { readStreamInput } from '../../core/stream/stream-files';
import { StreamItem } from '../../core/stream/stream-item';
import { mappingFromOptions } from '../mapping-option';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';
import { openTarget } from '../target-database';
import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';

/** One line: whether the target holds exactly what the sources say. */
export function reconcileVerdict(summary: ReconcileSummary): string {
  const tables = summary.tables.flatMap((t) => t.comparisons);
  if (summary.agrees) {
    const rows = tables.reduce((sum, c) => sum + c.expectedRows, 0);
    return `RECONCILED: the ${tables.length} tables of schema ${summary.schema} hold exactly the ${rows} expected rows ` +
      `and ${summary.rejects.expected} rejects.`;
  }
  const problems = [
    summary.documentDifferences > 0 ? `${summary.documentDifferences} documents missing, extra or different` : '',
    ...tables.filter((c) => c.missingColumns.length > 0).map((c) => `${c.table} lacks ${c.missingColumns.join(', ')}`),
    ...tables.filter((c) => c.targetRows === undefined).map((c) => `${c.table} does not exist`),
    ...tables.filter((c) => c.targetRows !== undefined && c.targetRows !== c.expectedRows && c.missingColumns.length === 0)
      .map((c) => `${c.table} has ${c.targetRows} rows, not ${c.expectedRows}`),
    summary.rejects.agrees ? '' : `rejects: ${summary.rejects.missing} missing, ${summary.rejects.extra} extra`,
  ].filter((p) => p !== '');
  return `NOT RECONCILED: ${[...new Set(problems)].join('; ')}.`;
}

/** The reconciliation for people: a table per target table, the first differences, the verdict. */
export function renderReconcileSummary(summary: ReconcileSummary): string {
  const rows: Array<Array<string | number>> = [];
  for (const table of summary.tables) {
    for (const c of table.comparisons) {
      rows.push([table.ledgerTable, c.table, c.expectedRows, c.targetRows ?? '(no table)', c.missingDocuments, c.extraDocuments,
        c.differentDocuments, c.agrees ? 'yes' : 'NO']);
    }
  }
  const r = summary.rejects;
  const lines = [
    `Reconciled schema ${summary.schema} against ${summary.exportRevisions} export revisions` +
      `${summary.streamRevisions > 0 ? ` and ${summary.streamRevisions} stream revisions` : ''}.`,
    '',
    formatTable(['ledger table', 'target table', 'expected', 'target', 'missing docs', 'extra docs', 'different docs', 'agrees'], rows),
    '',
    `Rejects (${r.sources.join(', ')}) in ${r.table}: ${r.expected} expected, ${r.target ?? 'no table'} in the target, ` +
      `${r.missing} missing, ${r.extra} extra: ${r.agrees ? 'they agree' : 'they DO NOT agree'}.`,
  ];
  if (summary.skippedTables.length > 0) {
    lines.push('', `Skipped by the mapping: ${summary.skippedTables.map((s) => `${s.ledgerTable} (${s.revisions} revisions, ${s.reason})`).join(', ')}.`);
  }
  if (summary.droppedTableIds.length > 0) {
    lines.push(`Left out as dropped tables: table ids ${summary.droppedTableIds.join(', ')}.`);
  }
  const differences: string[] = [];
  for (const c of summary.tables.flatMap((t) => t.comparisons)) {
    if (c.missingColumns.length > 0) {
      differences.push(`  ${c.table}: the target table lacks columns ${c.missingColumns.join(', ')}; its rows were not compared`);
    }
    for (const sample of c.samples) {
      differences.push(`  ${c.table}: ${sample.kind} document ${sample.documentId}`);
      for (const detail of sample.details ?? []) {
        differences.push(`      ${detail}`);
      }
    }
  }
  for (const sample of r.samples) {
    differences.push(`  ${r.table}: ${sample.kind} reject of ${sample.ledgerTable} document ${sample.documentId} version ${sample.version} ` +
      `column ${sample.column} (reject_key ${sample.rejectKey})`);
  }
  if (differences.length > 0) {
    lines.push('', 'Differences (the first documents of each kind, in doc_id order):', ...differences);
  }
  lines.push('', reconcileVerdict(summary));
  return lines.join('\n');
}

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'compare a target with the rows its export (and stream) should have produced',
  usage: `Usage: qldb-migrate reconcile --export DIR|s3://bucket/prefix [--events FILE|DIR] [options]

Recomputes from the sources, with the migration's own transform, the rows each target table should hold (audit:
every revision; live: the latest version of each document unless deleted; tables dropped at the end of the export
left out unless the mapping migrates them) and the value rejects, and compares them with the target: row counts
and a digest of every document's mapped values, computed by PostgreSQL on both sides. Names the documents that are
missing, extra or different (with the differing columns). Exit code 0 only when everything agrees. The expected
rows are staged in a scratch schema of the target database (qldb_reconcile_<hash>), dropped at the end.
  --export DIR|s3://bucket/prefix   the journal export(s) the target was loaded from
  --events FILE|DIR  stream records applied after the export (recorded Kinesis events or Ion stream records)
  --mapping FILE     the ledger mapping used by the migration (default: every ledger table as JSONB documents)
  --schema NAME      target schema (overrides the mapping's)
  --target URL       postgres:// URL of the target (default: the embedded PostgreSQL)
  --data-dir DIR     data directory of the embedded PostgreSQL (default: ~/.cache/qldb-migrate/postgres)
  --samples N        documents of each kind to name per table (default 10)
  --json             print the summary as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('reconcile', args, {
      'export': { type: 'string' },
      'events': { type: 'string' },
      'mapping': { type: 'string' },
      'schema': { type: 'string' },
      'target': { type: 'string' },
      'data-dir': { type: 'string' },
      'samples': { type: 'string', default: '10' },
      'json': { type: 'boolean', default: false },
    });
    if (!options.export && !options.events) {
      throw new UsageError('qldb-migrate reconcile: --export DIR|s3://bucket/prefix (and/or --events FILE|DIR) is required');
    }
    const sampleSize = Number(options.samples);
    if (!Number.isInteger(sampleSize) || sampleSize < 0) {
      throw new UsageError(`qldb-migrate reconcile: --samples must be a non-negative integer, got "${options.samples}"`);
    }
    const out = new Output(options.json ?? false);
    const mapping = mappingFromOptions({ mapping: options.mapping, schema: options.schema });
    const reader = options.export ? await ExportReader.open(options.export) : undefined;
    let streamItems: StreamItem[] | undefined;
    if (options.events) {
      streamItems = await readStreamInput(options.events);
      const undecodable = streamItems.filter((item) => item.kind === 'reject').length;
      out.progress(`Events: ${streamItems.length - undecodable} stream records in ${options.events}` +
        `${undecodable > 0 ? ` (${undecodable} undecodable, not compared)` : ''}`);
    }
    const target = await openTarget({ target: options.target, dataDir: options['data-dir'] }, out);
    const progress = new ProgressLine();
    try {
      const summary = await reconcileTarget({
        mapping,
        connectionString: target.url,
        ...(reader ? { exportReader: reader } : {}),
        ...(streamItems ? { streamItems } : {}),
        sampleSize,
        onProgress: (p) => progress.update((s) =>
          `objects ${p.objects}/${reader?.plan.objects.length ?? 0}  blocks ${p.blocks}  revisions ${p.revisions}  ` +
          `${Math.round(p.revisions / Math.max(s, 0.001))} revisions/s`),
      });
      progress.done();
      out.text(renderReconcileSummary(summary));
      out.text(`Target: ${target.displayUrl}`);
      out.summary({ command: 'reconcile', seconds: progress.elapsedSeconds, ...summary });
      return summary.agrees ? 0 : 1;
    } finally {
      progress.done();
      await target.close();
    }
  },
};
