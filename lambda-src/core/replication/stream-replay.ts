import { BatchApplyResult, ChangeApplier } from './change-applier';
import { ChangeBatchCounts, LastBlock } from './change-batch';
import { StreamItem } from '../stream/stream-item';

/** Totals of applying a sequence of stream items in batches. */
export interface ReplaySummary {
  readonly batches: number;
  readonly counts: ChangeBatchCounts;
  readonly revisionsApplied: number;
  readonly liveRowsChanged: number;
  readonly rejectsRecorded: number;
  readonly databaseCalls: number;
  readonly lastBlock?: LastBlock;
}

function addCounts(a: ChangeBatchCounts, b: ChangeBatchCounts): ChangeBatchCounts {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum as unknown as ChangeBatchCounts;
}

/**
 * Applies recorded stream items in order, `batchSize` items per transaction (as a consumer would receive them), and
 * adds up what the batches did.
 */
export async function replayStreamItems(
  applier: ChangeApplier,
  items: readonly StreamItem[],
  batchSize: number,
  onBatch?: (itemsDone: number) => void,
): Promise<ReplaySummary> {
  const results: BatchApplyResult[] = [];
  for (let i = 0; i < items.length; i += batchSize) {
    results.push(await applier.apply(items.slice(i, i + batchSize)));
    onBatch?.(Math.min(items.length, i + batchSize));
  }
  const lastBlock = results.map((r) => r.lastBlock).filter((b): b is LastBlock => b !== undefined).sort((a, b) => b.sequenceNo - a.sequenceNo)[0];
  return {
    batches: results.length,
    counts: results.reduce((sum, r) => addCounts(sum, r.counts), applier.plan([]).counts),
    revisionsApplied: results.reduce((n, r) => n + r.revisionsApplied, 0),
    liveRowsChanged: results.reduce((n, r) => n + r.liveRowsChanged, 0),
    rejectsRecorded: results.reduce((n, r) => n + r.rejectsRecorded, 0),
    databaseCalls: results.reduce((n, r) => n + r.calls, 0),
    ...(lastBlock === undefined ? {} : { lastBlock }),
  };
}
