import { IonTypes, makeReader, Timestamp } from 'ion-js';
import { toBlockAddress } from './block-address-text';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { isLedgerStruct, LedgerStruct, LedgerTimestamp } from '../model/ledger-value';
import { BlockAddress } from '../model/revision';

/** What the exporter needs from a block returned by GetBlock. */
export interface JournalBlock {
  readonly blockAddress: BlockAddress;
  /** The commit time, at millisecond precision (what ExportJournalToS3 time ranges take). */
  readonly blockTimestamp: Date;
  /** The commit time as the block's Ion text (full precision and offset). */
  readonly blockTimestampText: string;
  readonly blockHash: Uint8Array;
}

/** Parses GetBlock's `Block.IonText`; throws naming `where` and the field when the block is not usable. */
export function parseJournalBlock(ionText: string | undefined, where: string): JournalBlock {
  if (ionText === undefined) {
    throw new Error(`${where}: GetBlock returned no Block.IonText`);
  }
  let block: LedgerStruct | undefined;
  try {
    const reader = makeReader(ionText);
    const value = reader.next() === IonTypes.STRUCT ? readLedgerValue(reader) : undefined;
    block = isLedgerStruct(value) ? value : undefined;
  } catch (error) {
    throw new Error(`${where}: the block is not valid Ion: ${(error as Error).message}`);
  }
  if (block === undefined) {
    throw new Error(`${where}: the block is not an Ion struct`);
  }
  const blockAddress = toBlockAddress(block.blockAddress, `${where}: the block's blockAddress`);
  const timestamp = block.blockTimestamp;
  if (!(timestamp instanceof LedgerTimestamp)) {
    throw new Error(`${where}: block ${blockAddress.sequenceNo} has no blockTimestamp timestamp`);
  }
  const blockHash = block.blockHash;
  if (!(blockHash instanceof Uint8Array) || blockHash.length !== 32) {
    throw new Error(`${where}: block ${blockAddress.sequenceNo} has no 32-byte blockHash blob`);
  }
  const parsed = Timestamp.parse(timestamp.text);
  if (parsed === null) {
    throw new Error(`${where}: block ${blockAddress.sequenceNo} has an unreadable blockTimestamp ${timestamp.text}`);
  }
  return { blockAddress, blockTimestamp: parsed.getDate(), blockTimestampText: timestamp.text, blockHash };
}
