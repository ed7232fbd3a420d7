import { IonTypes, makeBinaryWriter, makeReader, Reader } from 'ion-js';
import { HashEncoding, readHashField } from './hash-field';
import { RevisionHashParts } from './revision-hash';
import { ionHashOfReaderValue } from '../hashing/ion-hash';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { isLedgerStruct } from '../model/ledger-value';

/**
 * What verification needs from one element of a block's `revisions` (or a REVISION_DETAILS revision):
 * the stated hash and the Ion hashes of its parts, never the document itself.
 */
export interface HashedRevision {
  /** The stated revision hash. */
  readonly hash: Uint8Array;
  readonly hashEncoding: HashEncoding;
  /** A system entry (`{hash}` without metadata): part of the tree, nothing to recompute. */
  readonly isSystemEntry: boolean;
  readonly documentId?: string;
  readonly version?: number;
  /** Set when the revision has metadata and Ion hashes were computed. */
  readonly parts?: RevisionHashParts;
}

export interface HashedRevisionOptions {
  /** Compute Ion hashes of metadata and data (off for JSON exports, whose types are lost). */
  readonly computeIonHashes: boolean;
}

/**
 * Reads the revision struct the reader is positioned on, hashing `metadata` and `data` as they are
 * read. The reader is left as ion-js leaves it after stepping out: `next()` moves to the following value. Throws, naming `where`, when the struct is malformed.
 */
export function readHashedRevision(reader: Reader, where: string, options: HashedRevisionOptions): HashedRevision {
  if (reader.type() !== IonTypes.STRUCT || reader.isNull()) {
    throw new Error(`${where} is not a struct`);
  }
  let hash: { bytes: Uint8Array; encoding: HashEncoding } | undefined;
  let metadataHash: Uint8Array | undefined;
  let hasMetadata = false;
  let dataIonHash: Uint8Array | undefined;
  let dataHash: Uint8Array | undefined;
  let documentId: string | undefined;
  let version: number | undefined;
  reader.stepIn();
  for (let type = reader.next(); type !== null; type = reader.next()) {
    switch (reader.fieldName()) {
      case 'hash':
        hash = readHashField(reader, `${where}.hash`);
        break;
      case 'dataHash':
        dataHash = readHashField(reader, `${where}.dataHash`).bytes;
        break;
      case 'data':
        if (options.computeIonHashes) {
          dataIonHash = ionHashOfReaderValue(reader);
        }
        break;
      case 'metadata': {
        hasMetadata = true;
        let metadata;
        if (options.computeIonHashes) {
          const copy = makeBinaryWriter();
          metadataHash = ionHashOfReaderValue(reader, copy);
          copy.close();
          const copyReader = makeReader(copy.getBytes());
          copyReader.next();
          metadata = readLedgerValue(copyReader);
        } else {
          metadata = readLedgerValue(reader);
        }
        if (!isLedgerStruct(metadata)) {
          throw new Error(`${where}.metadata is not a struct`);
        }
        documentId = typeof metadata.id === 'string' ? metadata.id : undefined;
        version = typeof metadata.version === 'number' ? metadata.version : undefined;
        break;
      }
      default:
        break;
    }
  }
  reader.stepOut();
  if (hash === undefined) {
    throw new Error(`${where} has no hash`);
  }
  return {
    hash: hash.bytes,
    hashEncoding: hash.encoding,
    isSystemEntry: !hasMetadata,
    ...(documentId === undefined ? {} : { documentId }),
    ...(version === undefined ? {} : { version }),
    ...(metadataHash === undefined
      ? {}
      : {
        parts: {
          metadataHash,
          ...(dataIonHash === undefined ? {} : { dataIonHash }),
          ...(dataHash === undefined ? {} : { dataHash }),
        },
      }),
  };
}
