import { blockAddressIonText } from './block-address-text';
import { digestProofFile } from './digest-proof-file';
import { ExportJournalPlan } from './export-plan';
import { LedgerJournalApi } from './journal-api';
import { lastExportedBlock } from './last-exported-block';
import { discoverExports } from '../export/manifests';
import { ObjectStore } from '../export/object-store';
import { BlockAddress } from '../model/revision';

/** The file name of the proof, written under the export's prefix. */
export const DIGEST_PROOF_FILE_NAME = 'digest-proof.json';

/** One finished export of the workflow's map. */
export interface FinishedExport {
  readonly exportId: string;
}

/** Writes an object; the handler writes to S3. */
export interface ObjectWriter {
  put(key: string, body: string, contentType: string): Promise<void>;
}

/** The workflow's output, for the steps after it. */
export interface LedgerExportResult {
  readonly ledgerName: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly outputFormat: string;
  /** In range order. */
  readonly exportIds: string[];
  /** The exclusive end of the last range: where a stream continuing the export starts. */
  readonly exportEndTime: string;
  readonly lastBlock: BlockAddress & { readonly timestamp: string };
  readonly digestTipAddress: BlockAddress;
  readonly proofKey: string;
}

/**
 * After the exports completed: finds the last exported block from their completed manifests, reads a
 * fresh digest (its tip covers every exported block), reads that block with its proof, checks the proof and
 * writes `<prefix>digest-proof.json`.
 */
export async function writeDigestProof(
  api: LedgerJournalApi,
  store: ObjectStore,
  writer: ObjectWriter,
  plan: ExportJournalPlan,
  finished: readonly FinishedExport[],
): Promise<LedgerExportResult> {
  // (not named `exports`: CommonJS output would read the module's exports object through it)
  const exportIds = finished.map((e) => e.exportId);
  const discovery = await discoverExports({ store, prefix: plan.prefix });
  const lastBlock = lastExportedBlock(discovery, exportIds, store.describe(plan.prefix));
  const digest = await api.getDigest(plan.ledgerName);
  const blockResponse = await api.getBlock({
    Name: plan.ledgerName,
    BlockAddress: { IonText: blockAddressIonText(lastBlock) },
    DigestTipAddress: digest.DigestTipAddress,
  });
  const { file, block } = digestProofFile(plan.ledgerName, lastBlock, digest, blockResponse);
  const proofKey = `${plan.prefix}${DIGEST_PROOF_FILE_NAME}`;
  await writer.put(proofKey, `${JSON.stringify(file, null, 2)}\n`, 'application/json');
  return {
    ledgerName: plan.ledgerName,
    bucket: plan.bucket,
    prefix: plan.prefix,
    outputFormat: plan.outputFormat,
    exportIds,
    exportEndTime: plan.exportEndTime,
    lastBlock: { ...lastBlock, timestamp: block.blockTimestamp.toISOString() },
    digestTipAddress: file.digestTipAddress,
    proofKey,
  };
}
