import { makeReader } from 'ion-js';
import { ChainLink, checkBlock, checkRevisionHash } from './block-checks';
import { checkChain } from './chain-tracker';
import { CheckLocation, toHex } from './check-result';
import { readHashedBlock } from './hashed-block';
import { readHashedRevision } from './hashed-revision';
import { descendToField } from './ion-navigation';
import { bytesEqual } from './revision-hash';
import { VerificationRecorder, VerificationRecorderOptions, VerificationReport } from './verification-recorder';
import { describeOrigin, StreamItem } from '../stream/stream-item';
import { BlockSummaryRecord, RevisionDetailsRecord } from '../stream/stream-record';

/**
 * Verifies a BLOCK_SUMMARY record from its original Ion: IonHash(transactionInfo) (and redactionInfo)
 * in entriesHashList, MerkleRoot(revisionSummaries hashes) in entriesHashList, the entries root and the
 * block hash. Returns the block's chain link when its hashes are usable.
 */
export function verifyBlockSummary(record: BlockSummaryRecord, recorder: VerificationRecorder, streamRecord?: string): ChainLink | undefined {
  const location: CheckLocation = {
    ...(streamRecord === undefined ? {} : { streamRecord }),
    strandId: record.blockAddress.strandId,
    blockSequenceNo: record.blockAddress.sequenceNo,
  };
  let block;
  try {
    const reader = makeReader(record.ion);
    reader.next();
    descendToField(reader, ['payload']);
    block = readHashedBlock(reader, `BLOCK_SUMMARY ${record.blockAddress.sequenceNo} payload`, { format: 'ion' });
  } catch (error) {
    recorder.record({ check: 'block-format', status: 'failed', location, message: (error as Error).message });
    return undefined;
  }
  return checkBlock(block, location, recorder);
}

/**
 * Verifies a REVISION_DETAILS record from its original Ion: recomputes the revision hash and, when the
 * block summary of its block is given, checks that the hash is one of that block's revisionSummaries
 * (with the same document id).
 */
export function verifyRevisionDetails(
  record: RevisionDetailsRecord,
  recorder: VerificationRecorder,
  blockSummary?: BlockSummaryRecord,
  streamRecord?: string,
): void {
  const { revision } = record;
  const location: CheckLocation = {
    ...(streamRecord === undefined ? {} : { streamRecord }),
    strandId: revision.blockAddress.strandId,
    blockSequenceNo: revision.blockAddress.sequenceNo,
    documentId: revision.documentId,
    version: revision.version,
  };
  let hashed;
  try {
    const reader = makeReader(record.ion);
    reader.next();
    descendToField(reader, ['payload', 'revision']);
    hashed = readHashedRevision(reader, 'REVISION_DETAILS payload.revision', { computeIonHashes: true });
  } catch (error) {
    recorder.record({ check: 'block-format', status: 'failed', location, message: (error as Error).message });
    return;
  }
  checkRevisionHash(hashed, location, { ionHashesComputed: true }, recorder);

  if (blockSummary === undefined) {
    recorder.record({
      check: 'revision-membership',
      status: 'not-run',
      location,
      message: `the BLOCK_SUMMARY of block ${revision.blockAddress.sequenceNo} is not in the input`,
    });
    return;
  }
  const index = blockSummary.revisionSummaries.findIndex((summary) => bytesEqual(summary.hash, hashed.hash));
  const summary = index >= 0 ? blockSummary.revisionSummaries[index] : undefined;
  if (summary === undefined) {
    recorder.record({
      check: 'revision-membership',
      status: 'failed',
      location,
      message: `the revision hash is not among the ${blockSummary.revisionSummaries.length} revisionSummaries of block ${blockSummary.blockAddress.sequenceNo}`,
      actual: toHex(hashed.hash),
    });
  } else if (summary.documentId !== revision.documentId) {
    recorder.record({
      check: 'revision-membership',
      status: 'failed',
      location: { ...location, revisionIndex: index },
      message: `revisionSummaries[${index}] of block ${blockSummary.blockAddress.sequenceNo} has this hash but document id ${summary.documentId ?? '(none: system entry)'}`,
      actual: toHex(hashed.hash),
    });
  } else {
    recorder.record({
      check: 'revision-membership',
      status: 'passed',
      location: { ...location, revisionIndex: index },
      message: `the revision hash is revisionSummaries[${index}] of block ${blockSummary.blockAddress.sequenceNo}`,
      actual: toHex(hashed.hash),
    });
  }
}

/**
 * Verifies decoded stream records (in any order, duplicates allowed): every distinct BLOCK_SUMMARY,
 * every distinct REVISION_DETAILS (with membership in its block's summary when present), then the
 * chain between consecutive block summaries. CONTROL records and rejects are not verified. Results go to `recorder`
 * when one is given (to combine them with other checks), otherwise to a new one.
 */
export function verifyStreamItems(
  items: readonly StreamItem[],
  options: VerificationRecorderOptions = {},
  recorder: VerificationRecorder = new VerificationRecorder(options),
): VerificationReport {
  const summaries = new Map<string, { record: BlockSummaryRecord; origin: string }>();
  const details = new Map<string, { record: RevisionDetailsRecord; origin: string }>();
  for (const item of items) {
    if (item.kind !== 'record') {
      continue;
    }
    const { record } = item;
    if (record.recordType === 'BLOCK_SUMMARY') {
      const key = `${record.blockAddress.strandId}/${record.blockAddress.sequenceNo}/${toHex(record.blockHash)}`;
      if (!summaries.has(key)) {
        summaries.set(key, { record, origin: describeOrigin(item.origin) });
      }
    } else if (record.recordType === 'REVISION_DETAILS') {
      const { revision } = record;
      const key = `${revision.documentId}/${revision.version}/${toHex(revision.hash)}`;
      if (!details.has(key)) {
        details.set(key, { record, origin: describeOrigin(item.origin) });
      }
    }
  }
  const summaryByBlock = new Map<string, BlockSummaryRecord>();
  const links: ChainLink[] = [];
  for (const { record, origin } of summaries.values()) {
    const link = verifyBlockSummary(record, recorder, origin);
    if (link) {
      links.push(link);
      summaryByBlock.set(`${record.blockAddress.strandId}/${record.blockAddress.sequenceNo}`, record);
    }
  }
  for (const { record, origin } of details.values()) {
    const address = record.revision.blockAddress;
    verifyRevisionDetails(record, recorder, summaryByBlock.get(`${address.strandId}/${address.sequenceNo}`), origin);
  }
  checkChain(links, recorder);
  return recorder.report();
}
