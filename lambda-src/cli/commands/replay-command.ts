import { ChangeApplier } from '../../core/replication/change-applier';
import { readReplicationStates } from '../../core/replication/replication-state';
import { replayStreamItems, ReplaySummary } from '../../core/replication/stream-replay';
import { PgSqlClient } from '../../core/sql/pg-sql-client';
import { readStreamInput } from '../../core/stream/stream-files';
import { mappingFromOptions } from '../mapping-option';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';
import { openTarget } from '../target-database';
import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';

const DEFAULT_BATCH_SIZE = 1000;

function wholeNumber(option: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`qldb-migrate replay: ${option} must be a whole number of at least ${min}, got "${text}"`);
  }
  return value;
}

export function renderReplaySummary(summary: ReplaySummary, schema: string, seconds: number): string {
  const c = summary.counts;
  const rows: Array<[string, number]> = [
    ['stream records read', c.items],
    ['REVISION_DETAILS', c.revisionDetails],
    ['BLOCK_SUMMARY', c.blockSummaries],
    ['CONTROL', c.controlRecords],
    ['revisions applied (new audit rows)', summary.revisionsApplied],
    ['live rows changed', summary.liveRowsChanged],
    ['duplicates in a batch', c.duplicates],
    ['skipped: at or below --after-block', c.skippedAfterBlock],
    ['skipped: tables the mapping skips', c.skippedTables],
    ['rejected: hash mismatch', c.hashMismatches],
    ['rejected: undecodable', c.undecodable],
    ['values rejected by their column type', c.conversionRejects],
  ];
  const block = summary.lastBlock ? `Last block: ${summary.lastBlock.sequenceNo} (strand ${summary.lastBlock.strandId}) at ${summary.lastBlock.time}.` : '';
  return [
    `Replayed ${c.items} stream records in ${summary.batches} transaction${summary.batches === 1 ? '' : 's'} (${summary.databaseCalls} database calls, DDL included) in ${seconds.toFixed(1)} s, ` +
      `into schema ${schema}.`,
    '',
    formatTable(['', 'count'], rows),
    block,
    summary.rejectsRecorded > 0 ? `${summary.rejectsRecorded} new rejects: see ${schema}.qldb_migration_rejects.` : '',
  ].filter((line, i) => i < 3 || line !== '').join('\n');
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'apply recorded Kinesis events or QLDB stream records to PostgreSQL (idempotent)',
  usage: `Usage: qldb-migrate replay --events FILE|DIR [options]

Applies QLDB stream records as the change consumer does: recorded Lambda Kinesis events (.json, KPL-aggregated
or not) or files of Ion stream records, or a directory of such files. Every REVISION_DETAILS hash is checked before
it is applied; undecodable records and hash mismatches go to the rejects table. Creates what is missing in the
target, so it works on an empty database. Safe to run again: replays and duplicates change nothing.
  --events FILE|DIR  recorded Lambda Kinesis events (.json) or Ion stream records (any other file), or a directory
  --mapping FILE     the ledger mapping (default: every ledger table as JSONB documents)
  --target URL       postgres:// URL of the target (default: the embedded PostgreSQL)
  --data-dir DIR     data directory of the embedded PostgreSQL (default: ~/.cache/qldb-migrate/postgres)
  --schema NAME      target schema (overrides the mapping's)
  --after-block N    skip revisions in blocks up to N (the last block of the full load)
  --batch-size N     stream records per transaction (default ${DEFAULT_BATCH_SIZE})
  --json             print the summary as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('replay', args, {
      'events': { type: 'string' },
      'mapping': { type: 'string' },
      'target': { type: 'string' },
      'data-dir': { type: 'string' },
      'schema': { type: 'string' },
      'after-block': { type: 'string' },
      'batch-size': { type: 'string' },
      'json': { type: 'boolean', default: false },
    });
    if (!options.events) {
      throw new UsageError('qldb-migrate replay: --events FILE|DIR is required');
    }
    const afterBlock = wholeNumber('--after-block', options['after-block'], 0);
    const batchSize = wholeNumber('--batch-size', options['batch-size'], 1) ?? DEFAULT_BATCH_SIZE;
    const out = new Output(options.json ?? false);
    const mapping = mappingFromOptions({ mapping: options.mapping, schema: options.schema });
    const items = await readStreamInput(options.events);
    out.progress(`Events: ${items.length} stream records in ${options.events}`);
    const target = await openTarget({ target: options.target, dataDir: options['data-dir'] }, out);
    const client = new PgSqlClient({ connectionString: target.url, onRetry: (n) => out.progress(`retrying after: ${n.error.message}`) });
    const progress = new ProgressLine();
    try {
      const applier = new ChangeApplier(client, mapping, { afterBlock });
      const summary = await replayStreamItems(applier, items, batchSize, (done) =>
        progress.update((s) => `records ${done}/${items.length}  ${Math.round(done / Math.max(s, 0.001))} records/s`));
      progress.done();
      out.text(renderReplaySummary(summary, mapping.schema, progress.elapsedSeconds));
      const states = summary.counts.items > 0 ? await readReplicationStates(client, mapping.schema).catch(() => []) : [];
      for (const state of states) {
        out.text(`Replication state of ${state.streamId}: last block ${state.lastBlockSeq ?? '-'} at ${state.lastBlockTime ?? '-'}, ` +
          `${state.revisionsApplied} revisions applied in all.`);
      }
      out.text(`Target: ${target.displayUrl}`);
      out.summary({ command: 'replay', seconds: progress.elapsedSeconds, schema: mapping.schema, ...summary, replicationStates: states });
      return 0;
    } finally {
      progress.done();
      await client.close();
      await target.close();
    }
  },
};
