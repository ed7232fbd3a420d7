import { parseBlockAddressText } from './block-address-text';
import { GetBlockResponse, GetDigestResponse } from './journal-api';
import { JournalBlock, parseJournalBlock } from './journal-block';
import { foldProof } from '../hashing/proof';
import { BlockAddress } from '../model/revision';
import { DigestProofFile as SharedDigestProofFile } from '../verification/digest-proof-file';
import { parseProof } from '../verification/proof-check';
import { bytesEqual } from '../verification/revision-hash';

/**
 * The proof file LedgerExport keeps beside an export, so that the export can be verified after the ledger is gone
 * (`qldb-migrate verify --digest FILE`): the shared format, with the block's commit time and the ledger's name.
 */
export interface DigestProofFile extends SharedDigestProofFile {
  readonly blockTimestamp: string;
  readonly ledgerName: string;
}

/**
 * Builds the proof file of `expectedBlock` from GetDigest and GetBlock (with the digest's tip address)
 * responses, after checking that the proof folds from the block hash to the digest, so that a file that
 * would not verify is never written.
 */
export function digestProofFile(
  ledgerName: string,
  expectedBlock: BlockAddress,
  digestResponse: GetDigestResponse,
  blockResponse: GetBlockResponse,
): { file: DigestProofFile; block: JournalBlock } {
  const where = `ledger ${ledgerName} block ${expectedBlock.strandId}:${expectedBlock.sequenceNo}`;
  const tip = parseBlockAddressText(digestResponse.DigestTipAddress?.IonText, `GetDigest of ledger ${ledgerName}: DigestTipAddress`);
  const digest = digestResponse.Digest;
  if (!(digest instanceof Uint8Array) || digest.length !== 32) {
    throw new Error(`GetDigest of ledger ${ledgerName}: Digest is not 32 bytes`);
  }
  if (tip.strandId !== expectedBlock.strandId || tip.sequenceNo < expectedBlock.sequenceNo) {
    throw new Error(`${where}: the digest tip ${tip.strandId}:${tip.sequenceNo} does not cover the block`);
  }
  const block = parseJournalBlock(blockResponse.Block?.IonText, `GetBlock of ${where}`);
  if (block.blockAddress.strandId !== expectedBlock.strandId || block.blockAddress.sequenceNo !== expectedBlock.sequenceNo) {
    throw new Error(`GetBlock of ${where}: the response is block ${block.blockAddress.strandId}:${block.blockAddress.sequenceNo}`);
  }
  if (blockResponse.Proof?.IonText === undefined) {
    throw new Error(`GetBlock of ${where}: no Proof (was DigestTipAddress sent?)`);
  }
  let proof: Uint8Array[];
  try {
    proof = parseProof(blockResponse.Proof.IonText);
  } catch (error) {
    throw new Error(`GetBlock of ${where}: ${(error as Error).message}`);
  }
  if (!bytesEqual(foldProof(block.blockHash, proof), digest)) {
    throw new Error(
      `GetBlock of ${where}: the ${proof.length}-hash proof does not fold from the block hash to the digest at tip ${tip.strandId}:${tip.sequenceNo}`,
    );
  }
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  return {
    block,
    file: {
      digest: base64(digest),
      digestTipAddress: tip,
      proof: proof.map(base64),
      hash: base64(block.blockHash),
      blockAddress: block.blockAddress,
      blockTimestamp: block.blockTimestampText,
      ledgerName,
    },
  };
}
