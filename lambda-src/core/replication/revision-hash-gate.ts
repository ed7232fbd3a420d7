import { BlockSummaryRecord, RevisionDetailsRecord } from '../stream/stream-record';
import { CheckResult, describeLocation } from '../verification/check-result';
import { verifyRevisionDetails } from '../verification/stream-verifier';
import { VerificationRecorder } from '../verification/verification-recorder';

/** The outcome of checking one REVISION_DETAILS record before it is applied. */
export type RevisionHashVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly failure: CheckResult; readonly reason: string };

/**
 * Checks a REVISION_DETAILS record against its own hash before it is applied: the revision hash recomputed from
 * the record's original Ion (metadata and data, or dataHash), and, when the batch holds the BLOCK_SUMMARY of its
 * block, that the hash is one of that block's revision summaries for the same document. A deleted revision whose
 * hash follows neither candidate rule is `not-verifiable`, not failed (QLDB does not document the rule; see
 * revision-hash.ts), and is applied.
 */
export function checkRevisionDetails(
  record: RevisionDetailsRecord, blockSummary: BlockSummaryRecord | undefined, origin: string,
): RevisionHashVerdict {
  const recorder = new VerificationRecorder({ keepPassed: false });
  verifyRevisionDetails(record, recorder, blockSummary, origin);
  const failure = recorder.firstFailure;
  if (failure === undefined) {
    return { ok: true };
  }
  return { ok: false, failure, reason: `${failure.check} check failed at ${describeLocation(failure.location)}: ${failure.message}` };
}
