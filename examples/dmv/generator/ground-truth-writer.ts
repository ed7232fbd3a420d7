import { closeSync, mkdirSync, openSync, readSync, rmSync } from 'fs';
import { join } from 'path';
import { BufferedFile } from './buffered-file';
import { DocumentRevision, SimulatedBlock } from './ledger-block';
import { DocumentState, SimulatedTable } from './ledger-simulator';
import { operationOf } from '../../../lambda-src/core/model/revision';

/** Sections of a table in ground-truth.json. */
export type RevisionSection = 'exportRevisions' | 'streamRevisions';
export type DocumentSection = 'documentsAfterExport' | 'documentsAfterStream';
const SECTIONS = ['exportRevisions', 'streamRevisions', 'documentsAfterExport', 'documentsAfterStream'] as const;
type Section = (typeof SECTIONS)[number];

/** One revision in ground-truth.json. */
export interface GroundTruthRevision {
  readonly documentId: string;
  readonly version: number;
  readonly operation: 'I' | 'U' | 'D';
  readonly redacted: boolean;
  readonly blockSeq: number;
  readonly strandId: string;
  readonly txId: string;
  /** Ion text of the commit time (`2020-07-03T20:36:44.163Z`). */
  readonly txTime: string;
  /** base64 of the revision hash. */
  readonly hash: string;
  /** Ion text of the document, null for deletions and redacted revisions. */
  readonly data: string | null;
  /** base64, only for redacted revisions. */
  readonly dataHash: string | null;
}

/** One expected document (latest non-deleted revision) in ground-truth.json. */
export interface GroundTruthDocument {
  readonly documentId: string;
  readonly version: number;
  /** Ion text of the document. */
  readonly data: string;
}

export interface GroundTruthTable {
  readonly tableId: string;
  readonly tableName: string;
  readonly dropped: boolean;
  readonly exportRevisions: GroundTruthRevision[];
  readonly streamRevisions: GroundTruthRevision[];
  readonly documentsAfterExport: GroundTruthDocument[];
  readonly documentsAfterStream: GroundTruthDocument[];
}

/** The shape of ground-truth.json. */
export interface GroundTruth {
  readonly about: string;
  readonly seed: number;
  readonly syntheticDocuments: number;
  readonly ledgerName: string;
  readonly strandId: string;
  readonly export: { readonly firstBlockSeq: number; readonly lastBlockSeq: number; readonly revisionCount: number };
  readonly stream: { readonly firstBlockSeq: number; readonly lastBlockSeq: number; readonly revisionCount: number };
  readonly tables: GroundTruthTable[];
}

/**
 * Writes ground-truth.json from the simulator's own state (never from the written exports): per ledger
 * table, every revision of the export and of the stream part, and the expected documents after the export
 * and after the stream. Entries are spooled to part files as they come, so memory stays bounded, and
 * assembled at the end.
 */
export class GroundTruthWriter {
  private readonly parts = new Map<string, { file: BufferedFile; count: number }>();
  private readonly partsDir: string;

  constructor(private readonly path: string) {
    this.partsDir = `${path}.parts`;
    rmSync(this.partsDir, { recursive: true, force: true });
    mkdirSync(this.partsDir, { recursive: true });
  }

  public revision(section: RevisionSection, block: SimulatedBlock, revision: DocumentRevision): void {
    const entry: GroundTruthRevision = {
      documentId: revision.metadata.id,
      version: revision.metadata.version,
      operation: operationOf({ version: revision.metadata.version, data: revision.data, dataHash: revision.dataHash }),
      redacted: revision.dataHash !== undefined,
      blockSeq: block.blockAddress.sequenceNo,
      strandId: block.blockAddress.strandId,
      txId: revision.metadata.txId,
      txTime: revision.metadata.txTime.text,
      hash: base64(revision.hash),
      data: revision.dataIonText ?? null,
      dataHash: revision.dataHash === undefined ? null : base64(revision.dataHash),
    };
    this.append(revision.tableId, section, entry);
  }

  /** Records a document's expected state; deleted documents have none and are skipped. */
  public document(section: DocumentSection, state: DocumentState): void {
    if (state.dataIonText === undefined) {
      return;
    }
    const entry: GroundTruthDocument = { documentId: state.documentId, version: state.version, data: state.dataIonText };
    this.append(state.tableId, section, entry);
  }

  public finish(header: Omit<GroundTruth, 'tables'>, tables: readonly SimulatedTable[]): void {
    for (const part of this.parts.values()) {
      part.file.close();
    }
    const out = new BufferedFile(this.path);
    const headerText = JSON.stringify(header, null, 1);
    out.write(`${headerText.slice(0, headerText.lastIndexOf('}')).trimEnd()},\n "tables": [`);
    tables.forEach((table, index) => {
      out.write(`${index === 0 ? '' : ','}\n  {"tableId": ${JSON.stringify(table.tableId)}, "tableName": ${JSON.stringify(table.tableName)}, "dropped": ${table.dropped}`);
      for (const section of SECTIONS) {
        out.write(`,\n   ${JSON.stringify(section)}: [`);
        const part = this.parts.get(partName(table.tableId, section));
        if (part !== undefined) {
          copyFile(part.file.path, out);
        }
        out.write(']');
      }
      out.write('}');
    });
    out.write('\n ]\n}\n');
    out.close();
    rmSync(this.partsDir, { recursive: true, force: true });
  }

  private append(tableId: string, section: Section, entry: object): void {
    const name = partName(tableId, section);
    let part = this.parts.get(name);
    if (part === undefined) {
      part = { file: new BufferedFile(join(this.partsDir, name)), count: 0 };
      this.parts.set(name, part);
    }
    part.file.write(`${part.count === 0 ? '' : ','}\n    ${JSON.stringify(entry)}`);
    part.count++;
  }
}

function partName(tableId: string, section: Section): string {
  return `${tableId}.${section}.jsonl`;
}

function copyFile(path: string, out: BufferedFile): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let read: number;
  while ((read = readSync(fd, buffer, 0, buffer.length, null)) > 0) {
    out.write(Buffer.from(buffer.subarray(0, read)));
  }
  closeSync(fd);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
