import { blockAddressIonText, parseBlockAddressText } from './block-address-text';
import { exportRanges, ExportRange, pickSplitBlocks } from './export-ranges';
import { ExportConfiguration, ExportOutputFormat, ExportRequest } from './export-request';
import { LedgerJournalApi } from './journal-api';
import { JournalBlock, parseJournalBlock } from './journal-block';
import { BlockAddress } from '../model/revision';

/** What every export of one execution shares: the ledger, where it writes, in which format, with which role and key. */
export interface ExportDestination {
  readonly ledgerName: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly outputFormat: ExportOutputFormat;
  readonly exportRoleArn: string;
  /** Absent (SSE_S3) unless the workflow encrypts with a KMS key. */
  readonly kmsKeyArn?: string;
}

/** The planner's output: what every export of the execution needs, and its time ranges. */
export interface ExportJournalPlan extends ExportDestination {
  /** The digest tip the split blocks were picked from. */
  readonly plannedTip: BlockAddress;
  readonly ranges: readonly ExportRange[];
  /** The last range's exclusive end: where a stream continuing the export starts. */
  readonly exportEndTime: string;
}

/**
 * Reads the digest tip (GetDigest), picks the split blocks, reads their commit times (GetBlock) and
 * turns them into time ranges ending at `now()`, read after the last GetBlock.
 */
export async function planJournalExport(
  api: LedgerJournalApi,
  config: ExportConfiguration,
  request: ExportRequest,
  now: () => Date = () => new Date(),
): Promise<ExportJournalPlan> {
  const ledgerName = request.ledgerName;
  const digest = await api.getDigest(ledgerName);
  const tip = parseBlockAddressText(digest.DigestTipAddress?.IonText, `GetDigest of ledger ${ledgerName}: DigestTipAddress`);
  const splitBlocks: JournalBlock[] = [];
  for (const sequenceNo of pickSplitBlocks(tip.sequenceNo, request.exportCount)) {
    const address = { strandId: tip.strandId, sequenceNo };
    const where = `GetBlock of ledger ${ledgerName} block ${tip.strandId}:${sequenceNo}`;
    const response = await api.getBlock({ Name: ledgerName, BlockAddress: { IonText: blockAddressIonText(address) } });
    const block = parseJournalBlock(response.Block?.IonText, where);
    if (block.blockAddress.strandId !== tip.strandId || block.blockAddress.sequenceNo !== sequenceNo) {
      throw new Error(`${where}: the response is block ${block.blockAddress.strandId}:${block.blockAddress.sequenceNo}`);
    }
    splitBlocks.push(block);
  }
  const ranges = exportRanges(splitBlocks, now());
  return {
    ledgerName,
    bucket: request.bucket,
    prefix: request.prefix,
    outputFormat: request.outputFormat,
    exportRoleArn: config.exportRoleArn,
    ...(config.kmsKeyArn ? { kmsKeyArn: config.kmsKeyArn } : {}),
    plannedTip: tip,
    ranges,
    exportEndTime: ranges[ranges.length - 1].exclusiveEndTime,
  };
}
