import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { ionBinaryOfText } from './ion-binary-of-text';
import { ionTextOf } from './ion-text-of-ledger-value';
import { exportBlockValue, SimulatedBlock } from './ledger-block';
import { LedgerStruct, LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';
import { ledgerJson } from '../../../lambda-src/core/transform/ledger-json';

/** The output formats of ExportJournalToS3. */
export type ExportFormat = 'ION_TEXT' | 'ION_BINARY' | 'JSON';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['ION_TEXT', 'ION_BINARY', 'JSON'];

/** One journal export as written: object keys are relative to the bucket directory. */
export interface WrittenExport {
  readonly exportId: string;
  readonly format: ExportFormat;
  readonly startedManifestKey: string;
  readonly completedManifestKey: string;
  readonly dataKeys: string[];
  readonly firstBlockSeq: number;
  readonly lastBlockSeq: number;
  readonly inclusiveStartTime: string;
  readonly exclusiveEndTime: string;
}

export interface ExportWriterOptions {
  readonly format: ExportFormat;
  /** Local directory standing for the S3 bucket: an object key `k` is the file `<bucketDir>/<k>`. */
  readonly bucketDir: string;
  readonly bucketName: string;
  /** S3 prefix of the export, e.g. `dmv-ledger/`. */
  readonly prefix: string;
  readonly ledgerName: string;
  /** A data object is closed once it holds this many bytes of text (and whenever the block hour changes). */
  readonly maxObjectBytes: number;
}

interface OpenObject {
  readonly hour: string;
  readonly strandId: string;
  readonly firstSeq: number;
  lastSeq: number;
  readonly parts: string[];
  bytes: number;
}

/**
 * Writes blocks as QLDB journal exports: `<prefix><exportId>.started.manifest`,
 * `<prefix><exportId>.<strandId>.completed.manifest` (`{keys: [...]}`) and data objects
 * `<prefix>YYYY/MM/DD/HH/<strandId>.<firstSeq>-<lastSeq>.<ion|json>`, in the export's format: Ion text
 * (one block per line), Ion binary (each object re-encoded from its text) or JSON Lines (the Ion-to-JSON
 * down-conversion, which is the project's exact `ledgerJson`: blobs base64, timestamps their Ion text, decimals
 * JSON numbers with their exact digits). Manifests are in the export's format too.
 */
export class ExportWriter {
  private current?: {
    exportId: string;
    inclusiveStartTime: LedgerTimestamp;
    dataKeys: string[];
    firstBlockSeq?: number;
    lastBlock?: SimulatedBlock;
  };
  private object?: OpenObject;

  constructor(private readonly options: ExportWriterOptions) {}

  public begin(exportId: string, inclusiveStartTime: LedgerTimestamp): void {
    if (this.current !== undefined) {
      throw new Error(`Export ${this.current.exportId} (${this.options.format}) is still open: end it before beginning ${exportId}`);
    }
    this.current = { exportId, inclusiveStartTime, dataKeys: [] };
  }

  public write(block: SimulatedBlock): void {
    const current = this.requireOpen(block);
    const hour = hourPath(block.blockTimestamp);
    if (this.object !== undefined && (this.object.hour !== hour || this.object.bytes >= this.options.maxObjectBytes)) {
      this.closeObject();
    }
    const value = exportBlockValue(block);
    const line = `${this.options.format === 'JSON' ? ledgerJson(value) : ionTextOf(value)}\n`;
    if (this.object === undefined) {
      const { strandId, sequenceNo } = block.blockAddress;
      this.object = { hour, strandId, firstSeq: sequenceNo, lastSeq: sequenceNo, parts: [], bytes: 0 };
    }
    this.object.parts.push(line);
    this.object.bytes += line.length;
    this.object.lastSeq = block.blockAddress.sequenceNo;
    current.firstBlockSeq ??= block.blockAddress.sequenceNo;
    current.lastBlock = block;
  }

  /** Closes the export; its exclusive end time is one millisecond after its last block's commit time. */
  public end(): WrittenExport {
    const current = this.current;
    if (current === undefined || current.lastBlock === undefined) {
      throw new Error(`Cannot end ${this.options.format} export ${current?.exportId ?? '(none)'}: it holds no block`);
    }
    this.closeObject();
    const strandId = current.lastBlock.blockAddress.strandId;
    const exclusiveEndTime = new LedgerTimestamp(new Date(Date.parse(current.lastBlock.blockTimestamp.text) + 1).toISOString());
    const startedManifestKey = `${this.options.prefix}${current.exportId}.started.manifest`;
    const completedManifestKey = `${this.options.prefix}${current.exportId}.${strandId}.completed.manifest`;
    this.writeObject(startedManifestKey, this.encode({
      ledgerName: this.options.ledgerName,
      exportId: current.exportId,
      inclusiveStartTime: current.inclusiveStartTime,
      exclusiveEndTime,
      bucket: this.options.bucketName,
      prefix: this.options.prefix,
      objectEncryptionType: 'NO_ENCRYPTION',
      outputFormat: this.options.format,
    }));
    this.writeObject(completedManifestKey, this.encode({ keys: [...current.dataKeys] }));
    this.current = undefined;
    return {
      exportId: current.exportId,
      format: this.options.format,
      startedManifestKey,
      completedManifestKey,
      dataKeys: current.dataKeys,
      firstBlockSeq: current.firstBlockSeq!,
      lastBlockSeq: current.lastBlock.blockAddress.sequenceNo,
      inclusiveStartTime: current.inclusiveStartTime.text,
      exclusiveEndTime: exclusiveEndTime.text,
    };
  }

  private requireOpen(block: SimulatedBlock): NonNullable<ExportWriter['current']> {
    if (this.current === undefined) {
      throw new Error(`Block ${block.blockAddress.sequenceNo} written to the ${this.options.format} export writer outside an export`);
    }
    return this.current;
  }

  private closeObject(): void {
    const object = this.object;
    if (object === undefined) {
      return;
    }
    const extension = this.options.format === 'JSON' ? 'json' : 'ion';
    const key = `${this.options.prefix}${object.hour}/${object.strandId}.${object.firstSeq}-${object.lastSeq}.${extension}`;
    const text = object.parts.join('');
    this.writeObject(key, this.options.format === 'ION_BINARY' ? ionBinaryOfText(text) : text);
    this.current!.dataKeys.push(key);
    this.object = undefined;
  }

  private encode(value: LedgerStruct): string | Uint8Array {
    switch (this.options.format) {
      case 'JSON':
        return `${ledgerJson(value)}\n`;
      case 'ION_TEXT':
        return `${ionTextOf(value)}\n`;
      case 'ION_BINARY':
        return ionBinaryOfText(ionTextOf(value));
    }
  }

  private writeObject(key: string, content: string | Uint8Array): void {
    const path = join(this.options.bucketDir, key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** `YYYY/MM/DD/HH` (UTC) of a block's commit time. */
export function hourPath(blockTimestamp: LedgerTimestamp): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})/.exec(new Date(Date.parse(blockTimestamp.text)).toISOString());
  if (match === null) {
    throw new Error(`Block timestamp ${blockTimestamp.text} is not a time of day`);
  }
  return `${match[1]}/${match[2]}/${match[3]}/${match[4]}`;
}
