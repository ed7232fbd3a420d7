import { JournalBlock } from './journal-block';

/**
 * The start of the first range. QLDB clamps an InclusiveStartTime before the ledger's creation to the
 * creation time, so the first range needs no look-up of when the ledger was created.
 */
export const JOURNAL_ORIGIN = new Date(0);

/** One ExportJournalToS3 time range, `[inclusiveStartTime, exclusiveEndTime)` in ISO 8601 UTC. */
export interface ExportRange {
  /** 0-based position of the range in the journal. */
  readonly index: number;
  readonly inclusiveStartTime: string;
  readonly exclusiveEndTime: string;
  /** The sequence number of the block the range was planned to start at (0 for the first range). */
  readonly firstPlannedBlock: number;
}

/**
 * The block sequence numbers at which to split blocks `0..tipSequenceNo` into `exportCount` parts of
 * nearly equal block counts: `exportCount - 1` strictly increasing numbers in `1..tipSequenceNo`. A
 * journal with fewer blocks than exports gets one part per block.
 */
export function pickSplitBlocks(tipSequenceNo: number, exportCount: number): number[] {
  if (!Number.isSafeInteger(tipSequenceNo) || tipSequenceNo < 0) {
    throw new Error(`the digest tip sequence number ${tipSequenceNo} is not a non-negative integer`);
  }
  if (!Number.isSafeInteger(exportCount) || exportCount < 1) {
    throw new Error(`exportCount ${exportCount} is not a positive integer`);
  }
  const blocks = tipSequenceNo + 1;
  const parts = Math.min(exportCount, blocks);
  const splits: number[] = [];
  for (let i = 1; i < parts; i++) {
    splits.push(Math.floor((i * blocks) / parts));
  }
  return splits;
}

/**
 * The export time ranges: from JOURNAL_ORIGIN to the first split block's commit time, between
 * consecutive split blocks' commit times, and from the last split block to `now` (so the last export
 * also takes the blocks committed after the digest was read).
 *
 * Boundaries are clamped to `now` (ExportJournalToS3 refuses an end in the future, and a block's
 * commit time can be ahead of this clock); a range that would be empty (two split blocks committed in
 * the same millisecond, or clamped together) is merged into the one before it. `splitBlocks` must be
 * in sequence order; commit times that go backwards are an error naming both blocks.
 */
export function exportRanges(splitBlocks: readonly JournalBlock[], now: Date): ExportRange[] {
  for (let i = 1; i < splitBlocks.length; i++) {
    const previous = splitBlocks[i - 1];
    const current = splitBlocks[i];
    if (current.blockAddress.sequenceNo <= previous.blockAddress.sequenceNo) {
      throw new Error(
        `split blocks are not in sequence order: block ${current.blockAddress.sequenceNo} follows block ${previous.blockAddress.sequenceNo}`,
      );
    }
    if (current.blockTimestamp.getTime() < previous.blockTimestamp.getTime()) {
      throw new Error(
        `block ${current.blockAddress.sequenceNo} (${current.blockTimestampText}) was committed before block ` +
          `${previous.blockAddress.sequenceNo} (${previous.blockTimestampText}): commit times go backwards`,
      );
    }
  }
  if (now.getTime() <= JOURNAL_ORIGIN.getTime()) {
    throw new Error(`the current time ${now.toISOString()} is not after ${JOURNAL_ORIGIN.toISOString()}`);
  }
  const starts: { time: number; block: number }[] = [{ time: JOURNAL_ORIGIN.getTime(), block: 0 }];
  for (const split of splitBlocks) {
    const time = Math.min(split.blockTimestamp.getTime(), now.getTime());
    if (time > starts[starts.length - 1].time && time < now.getTime()) {
      starts.push({ time, block: split.blockAddress.sequenceNo });
    }
  }
  return starts.map((start, index) => ({
    index,
    inclusiveStartTime: new Date(start.time).toISOString(),
    exclusiveEndTime: new Date(index + 1 < starts.length ? starts[index + 1].time : now.getTime()).toISOString(),
    firstPlannedBlock: start.block,
  }));
}
