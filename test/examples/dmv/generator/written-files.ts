import { readFileSync } from 'fs';
import { join } from 'path';
import { makeReader, Reader } from 'ion-js';
import { GeneratedExportSet } from '../../../../examples/dmv/generator/generate-dmv-ledger';
import { ionHashOfReaderValue } from '../../../../lambda-src/core/hashing/ion-hash';
import { readLedgerValue } from '../../../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerStruct, LedgerValue } from '../../../../lambda-src/core/model/ledger-value';

/** Every top-level value of an Ion (text, binary or JSON) file. */
export function readIonValues(bytes: Uint8Array): LedgerValue[] {
  const reader = makeReader(bytes);
  const values: LedgerValue[] = [];
  while (reader.next() !== null) {
    values.push(readLedgerValue(reader));
  }
  return values;
}

export interface WrittenExportObjects {
  readonly exportId: string;
  readonly started: LedgerStruct;
  readonly keys: string[];
}

/** The manifests of every export of a set, read back from the files (each in the export's format). */
export function readManifests(set: GeneratedExportSet): WrittenExportObjects[] {
  return set.exports.map((written) => {
    const [started] = readIonValues(readFileSync(join(set.bucketDir, written.startedManifestKey))) as LedgerStruct[];
    const [completed] = readIonValues(readFileSync(join(set.bucketDir, written.completedManifestKey))) as LedgerStruct[];
    return { exportId: written.exportId, started, keys: completed.keys as string[] };
  });
}

/** The data objects of every export of a set, in manifest order. */
export function readDataObjects(set: GeneratedExportSet): Uint8Array[] {
  return readManifests(set).flatMap((m) => m.keys.map((key) => new Uint8Array(readFileSync(join(set.bucketDir, key)))));
}

/** Every block of a set, in manifest order. */
export function readBlocks(set: GeneratedExportSet): LedgerStruct[] {
  return readDataObjects(set).flatMap((bytes) => readIonValues(bytes) as LedgerStruct[]);
}

/** Ion hashes computed directly on the written bytes of one block. */
export interface WrittenBlockHashes {
  readonly transactionInfo: Uint8Array;
  readonly redactionInfo?: Uint8Array;
  /** Per entry of `revisions`: hashes of its metadata and data, when it has them. */
  readonly entries: Array<{ metadata?: Uint8Array; data?: Uint8Array }>;
}

/** Walks the blocks of one Ion data object and hashes transactionInfo, redactionInfo and each revision's metadata and data. */
export function hashWrittenBlocks(bytes: Uint8Array): WrittenBlockHashes[] {
  const reader = makeReader(bytes);
  const blocks: WrittenBlockHashes[] = [];
  while (reader.next() !== null) {
    const block: { transactionInfo?: Uint8Array; redactionInfo?: Uint8Array; entries: WrittenBlockHashes['entries'] } = { entries: [] };
    reader.stepIn();
    while (reader.next() !== null) {
      const field = reader.fieldName();
      if (field === 'transactionInfo' || field === 'redactionInfo') {
        block[field] = ionHashOfReaderValue(reader);
      } else if (field === 'revisions') {
        reader.stepIn();
        while (reader.next() !== null) {
          block.entries.push(hashRevisionFields(reader));
        }
        reader.stepOut();
      }
    }
    reader.stepOut();
    blocks.push({ transactionInfo: block.transactionInfo!, redactionInfo: block.redactionInfo, entries: block.entries });
  }
  return blocks;
}

function hashRevisionFields(reader: Reader): { metadata?: Uint8Array; data?: Uint8Array } {
  const hashes: { metadata?: Uint8Array; data?: Uint8Array } = {};
  reader.stepIn();
  while (reader.next() !== null) {
    const field = reader.fieldName();
    if (field === 'metadata' || field === 'data') {
      hashes[field] = ionHashOfReaderValue(reader);
    }
  }
  reader.stepOut();
  return hashes;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Hashes of each REVISION_DETAILS revision in a file of Ion stream records, computed on the written bytes. */
export function hashStreamRevisions(bytes: Uint8Array): Array<{ hash: Uint8Array; metadata: Uint8Array; data?: Uint8Array; dataHash?: Uint8Array }> {
  const reader = makeReader(bytes);
  const revisions: Array<{ hash: Uint8Array; metadata: Uint8Array; data?: Uint8Array; dataHash?: Uint8Array }> = [];
  while (reader.next() !== null) {
    reader.stepIn();
    while (reader.next() !== null) {
      if (reader.fieldName() !== 'payload') {
        continue;
      }
      reader.stepIn();
      while (reader.next() !== null) {
        if (reader.fieldName() !== 'revision') {
          continue;
        }
        const revision: { hash?: Uint8Array; metadata?: Uint8Array; data?: Uint8Array; dataHash?: Uint8Array } = {};
        reader.stepIn();
        while (reader.next() !== null) {
          const field = reader.fieldName();
          if (field === 'metadata' || field === 'data') {
            revision[field] = ionHashOfReaderValue(reader);
          } else if (field === 'hash' || field === 'dataHash') {
            revision[field] = reader.uInt8ArrayValue()!;
          }
        }
        reader.stepOut();
        revisions.push({ hash: revision.hash!, metadata: revision.metadata!, data: revision.data, dataHash: revision.dataHash });
      }
      reader.stepOut();
    }
    reader.stepOut();
  }
  return revisions;
}
