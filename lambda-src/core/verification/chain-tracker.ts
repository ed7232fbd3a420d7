import { ChainLink, recordEquality } from './block-checks';
import { toHex } from './check-result';
import { bytesEqual } from './revision-hash';
import { VerificationRecorder } from './verification-recorder';

/**
 * Checks the hash chain of blocks given in journal order, one block at a time (constant memory, for
 * streaming an export across its data objects and across contiguous exports): each block's
 * previousBlockHash must equal the blockHash of the block before it.
 */
export class ChainTracker {
  private last?: ChainLink;

  constructor(private readonly recorder: VerificationRecorder) {}

  public add(link: ChainLink): void {
    const previous = this.last;
    this.last = link;
    if (previous === undefined) {
      return;
    }
    if (link.strandId !== previous.strandId) {
      this.recorder.record({
        check: 'chain',
        status: 'not-run',
        location: link.location,
        message: `block ${link.sequenceNo} is on strand ${link.strandId} but follows block ${previous.sequenceNo} of strand ${previous.strandId}: no chain between strands`,
      });
    } else if (link.sequenceNo === previous.sequenceNo + 1) {
      recordEquality(
        this.recorder,
        'chain',
        link.location,
        `previousBlockHash of block ${link.sequenceNo} equals the blockHash of block ${previous.sequenceNo}`,
        previous.blockHash,
        link.previousBlockHash,
      );
    } else if (link.sequenceNo <= previous.sequenceNo) {
      this.recorder.record({
        check: 'chain',
        status: 'failed',
        location: link.location,
        message: `block ${link.sequenceNo} follows block ${previous.sequenceNo}: blocks are out of order or repeated (exports must be contiguous and read in manifest order)`,
      });
    } else {
      this.recorder.record({
        check: 'chain',
        status: 'not-run',
        location: link.location,
        message: `blocks ${previous.sequenceNo + 1}..${link.sequenceNo - 1} are not in the input: the chain is not checked across the gap`,
      });
    }
  }
}

/**
 * Checks the chain over blocks given in any order (stream records arrive unordered and at least once):
 * sorts by strand and sequence number, drops exact repeats, reports two different blocks with one
 * sequence number, then checks consecutive blocks as ChainTracker does.
 */
export function checkChain(links: readonly ChainLink[], recorder: VerificationRecorder): void {
  const sorted = [...links].sort((a, b) => (a.strandId === b.strandId ? a.sequenceNo - b.sequenceNo : a.strandId < b.strandId ? -1 : 1));
  const tracker = new ChainTracker(recorder);
  let previous: ChainLink | undefined;
  for (const link of sorted) {
    if (previous && previous.strandId === link.strandId && previous.sequenceNo === link.sequenceNo) {
      if (!bytesEqual(previous.blockHash, link.blockHash)) {
        recorder.record({
          check: 'chain',
          status: 'failed',
          location: link.location,
          message: `two different blocks have sequence number ${link.sequenceNo}`,
          expected: toHex(previous.blockHash),
          actual: toHex(link.blockHash),
        });
      }
      continue;
    }
    tracker.add(link);
    previous = link;
  }
}
