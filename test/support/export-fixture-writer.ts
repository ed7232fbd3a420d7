import { createHash } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { Decimal, IonTypes, makeBinaryWriter, makeTextWriter, Timestamp, Writer } from 'ion-js';
import { ExportFormat } from '../../lambda-src/core/export/export-format';
import { LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue } from '../../lambda-src/core/model/ledger-value';
import { ledgerJson } from '../../lambda-src/core/transform/ledger-json';

/**
 * Writes small QLDB journal exports (manifests and data objects) for reader tests, in any of the
 * three output formats, laid out as ExportJournalToS3 lays them out under a prefix.
 */

/** A document revision to put in a fixture block. */
export interface FixtureRevision {
  readonly tableName: string;
  readonly tableId: string;
  readonly documentId: string;
  readonly version: number;
  /** The document; leave out (with no dataHash) for a deletion. */
  readonly data?: LedgerValue;
  /** Set for a redacted revision (then leave out data). */
  readonly dataHash?: Uint8Array;
}

export interface FixtureBlockInput {
  readonly strandId: string;
  readonly sequenceNo: number;
  /** Ion timestamp text. @default - a time derived from the sequence number */
  readonly timestamp?: string;
  readonly statements?: readonly string[];
  readonly revisions?: readonly FixtureRevision[];
  /** How many system entries (`{hash}` only) to put before the user revisions. */
  readonly systemEntries?: number;
}

/** A deterministic 32-byte hash for fixture fields. */
export function fixtureHash(label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest());
}

/** A block struct as QLDB exports it (hash values are fixture hashes, not a verified chain). */
export function fixtureBlock(input: FixtureBlockInput): LedgerStruct {
  const { strandId, sequenceNo } = input;
  const timestamp = new LedgerTimestamp(input.timestamp ?? blockTime(sequenceNo));
  const transactionId = `Tx${String(sequenceNo).padStart(20, '0')}`;
  const revisions = input.revisions ?? [];
  const documents: LedgerStruct = {};
  for (const revision of revisions) {
    documents[revision.documentId] = { tableName: revision.tableName, tableId: revision.tableId, statements: [0] };
  }
  const systemEntries: LedgerValue[] = Array.from({ length: input.systemEntries ?? 0 }, (_, i) => ({
    hash: fixtureHash(`system ${sequenceNo} ${i}`),
  }));
  const userRevisions: LedgerValue[] = revisions.map((revision) => {
    const element: LedgerStruct = {
      blockAddress: { strandId, sequenceNo },
      hash: fixtureHash(`revision ${revision.documentId} ${revision.version}`),
    };
    if (revision.data !== undefined) {
      element.data = revision.data;
    }
    if (revision.dataHash !== undefined) {
      element.dataHash = revision.dataHash;
    }
    element.metadata = { id: revision.documentId, version: revision.version, txTime: timestamp, txId: transactionId };
    return element;
  });
  const block: LedgerStruct = {
    blockAddress: { strandId, sequenceNo },
    transactionId,
    blockTimestamp: timestamp,
    blockHash: fixtureHash(`block ${sequenceNo}`),
    entriesHash: fixtureHash(`entries ${sequenceNo}`),
    previousBlockHash: fixtureHash(`block ${sequenceNo - 1}`),
    entriesHashList: [fixtureHash(`entries ${sequenceNo} 0`), fixtureHash(`entries ${sequenceNo} 1`)],
    transactionInfo: {
      statements: (input.statements ?? ['INSERT INTO T ?']).map((statement, i) => ({
        statement,
        startTime: timestamp,
        statementDigest: fixtureHash(`statement ${sequenceNo} ${i}`),
      })),
      ...(revisions.length > 0 ? { documents } : {}),
    },
  };
  if (revisions.length > 0 || systemEntries.length > 0) {
    block.revisions = [...systemEntries, ...userRevisions];
  }
  return block;
}

function blockTime(sequenceNo: number): string {
  return new Date(Date.UTC(2024, 0, 1) + sequenceNo * 1000).toISOString().replace('.000Z', '.123Z');
}

export interface FixtureExport {
  /** 22 characters, like a QLDB export id. */
  readonly exportId: string;
  readonly strandId: string;
  readonly format: ExportFormat;
  /** The blocks of each data object, in order. */
  readonly objects: readonly (readonly LedgerStruct[])[];
  /** The S3 prefix the export was written under. @default 'exports/' */
  readonly prefix?: string;
  readonly ledgerName?: string;
  /** Write the started manifest. @default true */
  readonly started?: boolean;
  /** Name the format in the started manifest. @default true */
  readonly declareFormat?: boolean;
}

export interface WrittenExport {
  readonly startedManifestKey: string;
  readonly completedManifestKey: string;
  /** Data object keys as named in the completed manifest. */
  readonly dataKeys: readonly string[];
}

/**
 * Writes an export under `root` as a copy of the bucket root (files at `root/<key>`). Data objects
 * are named `<prefix><exportId>/2024/01/01/<strandId>.<first>-<last>.<ion|json>`.
 */
export function writeFixtureExport(root: string, fixture: FixtureExport): WrittenExport {
  const prefix = fixture.prefix ?? 'exports/';
  const extension = fixture.format === 'JSON' ? 'json' : 'ion';
  const dataKeys = fixture.objects.map((blocks) => {
    const sequences = blocks.map((block) => (block.blockAddress as LedgerStruct).sequenceNo as number);
    const key = `${prefix}${fixture.exportId}/2024/01/01/${fixture.strandId}.${sequences[0]}-${sequences[sequences.length - 1]}.${extension}`;
    writeObject(root, key, encodeValues(blocks, fixture.format));
    return key;
  });
  const startedManifestKey = `${prefix}${fixture.exportId}.started.manifest`;
  if (fixture.started ?? true) {
    const started: LedgerStruct = {
      ledgerName: fixture.ledgerName ?? 'vehicle-registration',
      exportId: fixture.exportId,
      inclusiveStartTime: new LedgerTimestamp('2024-01-01T00:00:00Z'),
      exclusiveEndTime: new LedgerTimestamp('2024-01-02T00:00:00Z'),
      bucket: 'export-bucket',
      prefix,
      objectEncryptionType: 'SSE_S3',
      ...((fixture.declareFormat ?? true) ? { outputFormat: fixture.format } : {}),
    };
    writeObject(root, startedManifestKey, encodeValues([started], fixture.format));
  }
  const completedManifestKey = `${prefix}${fixture.exportId}.${fixture.strandId}.completed.manifest`;
  writeObject(root, completedManifestKey, encodeValues([{ keys: dataKeys }], fixture.format));
  return { startedManifestKey, completedManifestKey, dataKeys };
}

/**
 * Encodes top-level values as an export object of the given format. JSON is one value per line in
 * QLDB's Ion-to-JSON down-conversion (blobs as base64, timestamps as text, decimals as exact numbers).
 */
export function encodeValues(values: readonly LedgerValue[], format: ExportFormat): Buffer {
  if (format === 'JSON') {
    return Buffer.from(values.map((value) => `${ledgerJson(value)}\n`).join(''));
  }
  if (format === 'ION_TEXT') {
    return Buffer.from(values.map((value) => `${ionTextOf(value)}\n`).join(''));
  }
  const writer = makeBinaryWriter();
  for (const value of values) {
    writeIon(writer, value);
  }
  writer.close();
  return Buffer.from(writer.getBytes());
}

/** Ion text of one value, as the ion-js text writer writes it. */
export function ionTextOf(value: LedgerValue): string {
  const writer = makeTextWriter();
  writeIon(writer, value);
  writer.close();
  return Buffer.from(writer.getBytes()).toString('utf8');
}

function writeObject(root: string, key: string, bytes: Buffer): void {
  const path = join(root, ...key.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

function writeIon(writer: Writer, value: LedgerValue): void {
  if (value === null) {
    writer.writeNull(IonTypes.NULL);
  } else if (typeof value === 'boolean') {
    writer.writeBoolean(value);
  } else if (typeof value === 'bigint') {
    writer.writeInt(value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      writer.writeInt(value);
    } else {
      writer.writeFloat64(value);
    }
  } else if (typeof value === 'string') {
    writer.writeString(value);
  } else if (value instanceof LedgerDecimal) {
    writer.writeDecimal(Decimal.parse(value.text)!);
  } else if (value instanceof LedgerTimestamp) {
    writer.writeTimestamp(Timestamp.parse(value.text)!);
  } else if (value instanceof Uint8Array) {
    writer.writeBlob(value);
  } else if (Array.isArray(value)) {
    writer.stepIn(IonTypes.LIST);
    value.forEach((item) => writeIon(writer, item));
    writer.stepOut();
  } else {
    writer.stepIn(IonTypes.STRUCT);
    for (const [name, field] of Object.entries(value)) {
      writer.writeFieldName(name);
      writeIon(writer, field);
    }
    writer.stepOut();
  }
}
