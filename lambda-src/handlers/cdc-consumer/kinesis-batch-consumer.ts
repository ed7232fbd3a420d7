import { batchItemFailures, chunkRecordGroups, RecordGroup } from './batch-item-failures';
import { emfLine, EmfMetric } from './emf-metrics';
import { BatchApplyResult, ChangeApplier } from '../../core/replication/change-applier';
import { decodeKinesisEventRecord, KinesisEvent } from '../../core/stream/kinesis-event';
import { StreamItem } from '../../core/stream/stream-item';

export const METRICS_NAMESPACE = 'QldbAuroraMigration/ChangeConsumer';

export interface ConsumerDependencies {
  readonly applier: ChangeApplier;
  readonly maxRecordsPerTransaction: number;
  /** Writes one log line (CloudWatch Logs in Lambda). */
  readonly log: (line: string) => void;
  readonly now: () => number;
  /** The metric dimension naming this consumer (the function name in Lambda). */
  readonly consumer: string;
}

export interface ConsumerResult {
  readonly batchItemFailures: Array<{ itemIdentifier: string }>;
}

const MAX_ERROR_LENGTH = 1000;

/** A structured log line: counts, positions and identifiers only, never document contents. */
function logLine(level: 'INFO' | 'ERROR', message: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ level, message, ...fields });
}

function chunkSummary(chunk: ReadonlyArray<RecordGroup<StreamItem>>): Record<string, unknown> {
  return {
    firstSequenceNumber: chunk[0]?.sequenceNumber,
    lastSequenceNumber: chunk.at(-1)?.sequenceNumber,
    kinesisRecords: chunk.length,
    userRecords: chunk.reduce((n, g) => n + g.items.length, 0),
  };
}

/**
 * Applies a Lambda Kinesis event: decodes every record (KPL aggregates included), applies the user records in
 * order, in transactions of about `maxRecordsPerTransaction` records, and stops at the first transaction that fails
 * (only an unavailable database fails one: undecodable records and hash mismatches are rejects). Logs one line per
 * transaction and one Embedded Metric Format line per event: revisions applied, rejects, hash mismatches and the
 * lag between now and the last block applied.
 */
export async function consumeKinesisEvent(event: KinesisEvent, deps: ConsumerDependencies): Promise<ConsumerResult> {
  const groups: Array<RecordGroup<StreamItem>> = event.Records.map((record, index) => ({
    sequenceNumber: record.kinesis.sequenceNumber,
    items: decodeKinesisEventRecord(record, index),
  }));
  const chunks = chunkRecordGroups(groups, deps.maxRecordsPerTransaction);
  const results: BatchApplyResult[] = [];
  let failures: Array<{ itemIdentifier: string }> = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    try {
      const result = await deps.applier.apply(chunk.flatMap((g) => g.items));
      results.push(result);
      deps.log(logLine('INFO', 'applied', {
        ...chunkSummary(chunk),
        ...result.counts,
        revisionsApplied: result.revisionsApplied,
        liveRowsChanged: result.liveRowsChanged,
        rejectsRecorded: result.rejectsRecorded,
        lastBlock: result.lastBlock,
        databaseCalls: result.calls,
      }));
    } catch (error) {
      failures = batchItemFailures(chunks, i);
      deps.log(logLine('ERROR', 'apply failed; the records from here on are reported as failures and will be delivered again', {
        ...chunkSummary(chunk),
        error: String((error as Error).message ?? error).slice(0, MAX_ERROR_LENGTH),
        failedKinesisRecords: failures.length,
      }));
      break;
    }
  }
  const sum = (f: (r: BatchApplyResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const lastBlock = results.map((r) => r.lastBlock).filter((b) => b !== undefined).sort((a, b) => b!.sequenceNo - a!.sequenceNo)[0];
  const metrics: EmfMetric[] = [
    { name: 'RevisionsApplied', unit: 'Count', value: sum((r) => r.revisionsApplied) },
    { name: 'Rejects', unit: 'Count', value: sum((r) => r.rejectsRecorded) },
    { name: 'HashMismatches', unit: 'Count', value: sum((r) => r.counts.hashMismatches) },
    { name: 'FailedKinesisRecords', unit: 'Count', value: failures.length },
  ];
  if (lastBlock) {
    metrics.push({ name: 'LagMs', unit: 'Milliseconds', value: Math.max(0, deps.now() - Date.parse(lastBlock.time)) });
  }
  deps.log(emfLine(METRICS_NAMESPACE, { Consumer: deps.consumer }, metrics, deps.now()));
  return { batchItemFailures: failures };
}
