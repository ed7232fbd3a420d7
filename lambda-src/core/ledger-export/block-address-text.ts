import { IonTypes, makeReader } from 'ion-js';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { isLedgerStruct, LedgerValue } from '../model/ledger-value';
import { BlockAddress } from '../model/revision';

/** The Ion text of a block address, as GetBlock's BlockAddress and DigestTipAddress take it. */
export function blockAddressIonText(address: BlockAddress): string {
  return `{strandId:${JSON.stringify(address.strandId)},sequenceNo:${address.sequenceNo}}`;
}

/**
 * Parses a block address given as Ion text (`{strandId:"...",sequenceNo:N}`, GetDigest's DigestTipAddress);
 * throws naming `where` when the text is not one.
 */
export function parseBlockAddressText(ionText: string | undefined, where: string): BlockAddress {
  if (ionText === undefined) {
    throw new Error(`${where}: no block address (IonText is missing)`);
  }
  let value;
  try {
    const reader = makeReader(ionText);
    value = reader.next() === IonTypes.STRUCT ? readLedgerValue(reader) : undefined;
  } catch (error) {
    throw new Error(`${where}: the block address ${ionText} is not valid Ion: ${(error as Error).message}`);
  }
  return toBlockAddress(value, `${where}: the block address ${ionText}`);
}

/** A block address from a parsed Ion value; throws naming `where` when it is not `{strandId, sequenceNo}`. */
export function toBlockAddress(value: LedgerValue | undefined, where: string): BlockAddress {
  if (!isLedgerStruct(value)) {
    throw new Error(`${where} is not an Ion struct`);
  }
  const { strandId, sequenceNo } = value;
  if (typeof strandId !== 'string' || strandId.length === 0) {
    throw new Error(`${where} has no strandId string`);
  }
  if (typeof sequenceNo !== 'number' || !Number.isSafeInteger(sequenceNo) || sequenceNo < 0) {
    throw new Error(`${where} has no valid sequenceNo`);
  }
  return { strandId, sequenceNo };
}
