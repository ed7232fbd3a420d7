import { IonTypes, Reader } from 'ion-js';
import { HashEncoding, readHashField } from './hash-field';
import { HashedRevision, readHashedRevision } from './hashed-revision';
import { ionHashOfReaderValue } from '../hashing/ion-hash';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { isLedgerStruct } from '../model/ledger-value';
import { BlockAddress } from '../model/revision';

/** A leaf of a BLOCK_SUMMARY's revision tree (`{hash, documentId?}`). */
export interface HashedRevisionSummary {
  readonly hash: Uint8Array;
  readonly documentId?: string;
}

/**
 * What verification needs from a block (an export block or a BLOCK_SUMMARY payload): its address,
 * stated hashes, and Ion hashes of the entries it commits to.
 */
export interface HashedBlock {
  readonly blockAddress?: BlockAddress;
  readonly blockHash?: Uint8Array;
  readonly entriesHash?: Uint8Array;
  readonly previousBlockHash?: Uint8Array;
  readonly entriesHashList?: readonly Uint8Array[];
  readonly hasTransactionInfo: boolean;
  /** IonHash(transactionInfo), when computed. */
  readonly transactionInfoHash?: Uint8Array;
  readonly hasRedactionInfo: boolean;
  /** IonHash(redactionInfo), when present and computed. */
  readonly redactionInfoHash?: Uint8Array;
  /** The `revisions` of an export block, in order. */
  readonly revisions?: readonly HashedRevision[];
  /** The `revisionSummaries` of a BLOCK_SUMMARY, in order. */
  readonly revisionSummaries?: readonly HashedRevisionSummary[];
  /** How the hashes were encoded: `base64` strings mean a JSON export, whose Ion types are lost. */
  readonly hashEncoding: HashEncoding;
  /** Whether Ion hashes of transactionInfo, redactionInfo and revisions were computed. */
  readonly ionHashesComputed: boolean;
}

export interface HashedBlockOptions {
  /**
   * `ion` computes Ion hashes; `json` does not (types are lost); `auto` computes them and lets the
   * caller discard them when the hash fields turn out to be base64 strings.
   */
  readonly format: 'ion' | 'json' | 'auto';
}

/**
 * Reads the block struct the reader is positioned on in one pass, hashing transactionInfo,
 * redactionInfo and each revision's metadata and data as they stream by. The reader is left as ion-js
 * leaves it after stepping out: `next()` moves to the following block. Throws, naming `where` and the field, when the block is malformed.
 */
export function readHashedBlock(reader: Reader, where: string, options: HashedBlockOptions): HashedBlock {
  if (reader.type() !== IonTypes.STRUCT || reader.isNull()) {
    throw new Error(`${where} is not a struct`);
  }
  const computeIonHashes = options.format !== 'json';
  const encodings = new Set<HashEncoding>();
  const hashAt = (field: string) => {
    const { bytes, encoding } = readHashField(reader, `${where}.${field}`);
    encodings.add(encoding);
    return bytes;
  };
  const block: { -readonly [K in keyof HashedBlock]?: HashedBlock[K] } = {};
  let hasTransactionInfo = false;
  let hasRedactionInfo = false;
  reader.stepIn();
  for (let type = reader.next(); type !== null; type = reader.next()) {
    const field = reader.fieldName()!;
    switch (field) {
      case 'blockAddress':
        block.blockAddress = readBlockAddress(reader, `${where}.blockAddress`);
        break;
      case 'blockHash':
      case 'entriesHash':
      case 'previousBlockHash':
        block[field] = hashAt(field);
        break;
      case 'entriesHashList':
        block.entriesHashList = readList(reader, `${where}.${field}`, (i) => hashAt(`${field}[${i}]`));
        break;
      case 'transactionInfo':
        hasTransactionInfo = !reader.isNull();
        if (computeIonHashes && hasTransactionInfo) {
          block.transactionInfoHash = ionHashOfReaderValue(reader);
        }
        break;
      case 'redactionInfo':
        hasRedactionInfo = !reader.isNull();
        if (computeIonHashes && hasRedactionInfo) {
          block.redactionInfoHash = ionHashOfReaderValue(reader);
        }
        break;
      case 'revisions':
        block.revisions = readList(reader, `${where}.revisions`, (i) => {
          const revision = readHashedRevision(reader, `${where}.revisions[${i}]`, { computeIonHashes });
          encodings.add(revision.hashEncoding);
          return revision;
        });
        break;
      case 'revisionSummaries':
        block.revisionSummaries = readList(reader, `${where}.revisionSummaries`, (i) => {
          const summary = readRevisionSummary(reader, `${where}.revisionSummaries[${i}]`);
          encodings.add(summary.encoding);
          return summary.documentId === undefined ? { hash: summary.hash } : { hash: summary.hash, documentId: summary.documentId };
        });
        break;
      default:
        break;
    }
  }
  reader.stepOut();
  if (encodings.size > 1) {
    throw new Error(`${where} mixes blob and base64-string hashes`);
  }
  const hashEncoding: HashEncoding = encodings.has('base64') ? 'base64' : 'blob';
  const ionHashesComputed = computeIonHashes && hashEncoding === 'blob';
  if (!ionHashesComputed) {
    delete block.transactionInfoHash;
    delete block.redactionInfoHash;
    block.revisions = block.revisions?.map(({ parts: _parts, ...rest }) => rest);
  }
  return { ...block, hasTransactionInfo, hasRedactionInfo, hashEncoding, ionHashesComputed };
}

function readRevisionSummary(reader: Reader, where: string): { hash: Uint8Array; encoding: HashEncoding; documentId?: string } {
  if (reader.type() !== IonTypes.STRUCT || reader.isNull()) {
    throw new Error(`${where} is not a struct`);
  }
  let hash: { bytes: Uint8Array; encoding: HashEncoding } | undefined;
  let documentId: string | undefined;
  reader.stepIn();
  for (let type = reader.next(); type !== null; type = reader.next()) {
    if (reader.fieldName() === 'hash') {
      hash = readHashField(reader, `${where}.hash`);
    } else if (reader.fieldName() === 'documentId' && (type === IonTypes.STRING || type === IonTypes.SYMBOL) && !reader.isNull()) {
      documentId = reader.stringValue()!;
    }
  }
  reader.stepOut();
  if (hash === undefined) {
    throw new Error(`${where} has no hash`);
  }
  return { hash: hash.bytes, encoding: hash.encoding, ...(documentId === undefined ? {} : { documentId }) };
}

function readBlockAddress(reader: Reader, where: string): BlockAddress {
  const value = readLedgerValue(reader);
  if (!isLedgerStruct(value) || typeof value.strandId !== 'string' || typeof value.sequenceNo !== 'number') {
    throw new Error(`${where} is not {strandId: string, sequenceNo: int}`);
  }
  return { strandId: value.strandId, sequenceNo: value.sequenceNo };
}

function readList<T>(reader: Reader, where: string, readItem: (index: number) => T): T[] {
  if (reader.type() !== IonTypes.LIST || reader.isNull()) {
    throw new Error(`${where} is not a list`);
  }
  const items: T[] = [];
  reader.stepIn();
  for (let type = reader.next(); type !== null; type = reader.next()) {
    items.push(readItem(items.length));
  }
  reader.stepOut();
  return items;
}
