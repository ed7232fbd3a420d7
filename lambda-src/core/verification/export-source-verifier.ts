import { Readable } from 'stream';
import { makeReader, Reader } from 'ion-js';
import { CheckLocation } from './check-result';
import { BlockObserver, ExportVerifier } from './export-verifier';
import { HashedBlock } from './hashed-block';
import { VerificationRecorder, VerificationReport } from './verification-recorder';
import { sniffExportFormat } from '../export/export-format';
import { PlannedObject } from '../export/export-plan';
import { ExportReader } from '../export/export-reader';
import { ExportSourceOptions } from '../export/export-source';
import { IonBinaryFramer } from '../export/ion-binary-framer';
import { IonTextFramer } from '../export/ion-text-framer';

export interface ExportSourceProgress {
  readonly objects: number;
  readonly totalObjects: number;
  readonly blocks: number;
}

export interface ExportSourceVerifierOptions extends ExportSourceOptions {
  /** Sees every readable block (after the block's place in its object is checked, before its hashes are). */
  readonly onBlock?: BlockObserver;
  /** Called after each batch of blocks. */
  readonly onProgress?: (progress: ExportSourceProgress) => void;
  /**
   * Results kept besides counts, the first failure and one example of each check and status.
   * @default 1000
   */
  readonly maxKeptResults?: number;
}

/** What verifying an export location found. */
export interface ExportSourceVerification {
  readonly location: string;
  /** Data objects in the export plan, and how many were read. */
  readonly objectsPlanned: number;
  readonly objectsRead: number;
  /** Top-level values read (blocks, readable or not). */
  readonly blocksRead: number;
  readonly firstSequenceNo?: number;
  readonly lastSequenceNo?: number;
  /** The formats of the data objects: as the started manifests declare them, else as their content shows. */
  readonly formats: string[];
  readonly report: VerificationReport;
}

/**
 * Verifies a QLDB export (a local directory or an s3:// prefix, one or several contiguous exports) without trusting
 * the file layout: the export reader's plan finds and orders the data objects by their manifests; each object is
 * streamed in batches of whole values (memory does not grow with the export) through the ExportVerifier, which
 * checks every block and the chain across objects and exports; each object must hold exactly the blocks its key
 * names, in order (a removed, repeated or reordered block fails here with the object and the sequence numbers).
 * Bad data is recorded, never thrown: an export that cannot be planned (missing manifest or object, a gap between
 * objects) and an object that cannot be read are failures naming the location.
 */
export async function verifyExportSource(location: string, options: ExportSourceVerifierOptions = {}): Promise<ExportSourceVerification> {
  let placement: ObjectPlacement | undefined;
  const verifier = new ExportVerifier({
    keepPassed: false,
    maxKeptResults: options.maxKeptResults ?? 1000,
    onBlock: (block, at) => {
      placement?.observe(block, at);
      options.onBlock?.(block, at);
    },
  });
  const recorder = verifier.recorder;
  let exportReader: ExportReader;
  try {
    exportReader = await ExportReader.open(location, options);
  } catch (error) {
    recorder.record({ check: 'export-plan', status: 'failed', location: {}, message: `${location}: ${(error as Error).message}` });
    return { location, objectsPlanned: 0, objectsRead: 0, blocksRead: 0, formats: [], report: verifier.report() };
  }
  const { plan, source } = exportReader;
  const formats = new Set<string>();
  let blocksRead = 0;
  let objectsRead = 0;
  for (const object of plan.objects) {
    const name = source.store.describe(object.storedKey);
    placement = new ObjectPlacement(object, recorder);
    await forEachBatch(source.store.open(object.storedKey), name, {
      format: (sniffed) => formats.add(object.format ?? sniffed),
      batch: (reader, firstIndex) => {
        // Ion hashes are skipped only for a declared JSON export (Ion text can look like JSON to a sniffer).
        const values = verifier.verifyDataObject(reader, object.key, firstIndex, object.format === 'JSON' ? 'json' : 'auto');
        blocksRead += values;
        options.onProgress?.({ objects: objectsRead, totalObjects: plan.objects.length, blocks: blocksRead });
        return values;
      },
      failure: (message, blockIndex) => {
        recorder.record({ check: 'block-format', status: 'failed', location: { objectKey: object.key, blockIndex }, message });
      },
    });
    placement.end();
    objectsRead++;
  }
  options.onProgress?.({ objects: objectsRead, totalObjects: plan.objects.length, blocks: blocksRead });
  return {
    location,
    objectsPlanned: plan.objects.length,
    objectsRead,
    blocksRead,
    ...(plan.firstSequenceNo === undefined ? {} : { firstSequenceNo: plan.firstSequenceNo, lastSequenceNo: plan.lastSequenceNo }),
    formats: [...formats],
    report: verifier.report(),
  };
}

/** Checks that the blocks of one data object are the consecutive blocks its key names. */
class ObjectPlacement {
  private expected: number;
  private problems = 0;

  constructor(private readonly object: PlannedObject, private readonly recorder: VerificationRecorder) {
    this.expected = object.firstSequenceNo;
  }

  public observe(block: HashedBlock, location: CheckLocation): void {
    const address = block.blockAddress;
    if (address === undefined) {
      return; // the block-format check reports it
    }
    const { firstSequenceNo, lastSequenceNo, strandId } = this.object;
    if (address.sequenceNo !== this.expected || address.strandId !== strandId) {
      this.problems++;
      const at: CheckLocation = { ...location, strandId: address.strandId, blockSequenceNo: address.sequenceNo };
      const what = address.sequenceNo < this.expected
        ? 'a repeated or out-of-order block'
        : this.expected > lastSequenceNo
          ? 'a block beyond the range of the key'
          : `blocks ${this.expected}-${address.sequenceNo - 1} are missing or out of order`;
      this.recorder.record({
        check: 'export-plan',
        status: 'failed',
        location: at,
        message: `${this.object.key}: found block ${address.strandId}/${address.sequenceNo} where block ${strandId}/${this.expected} ` +
          `was expected (the key names blocks ${firstSequenceNo}-${lastSequenceNo}): ${what}`,
      });
    }
    this.expected = address.sequenceNo + 1;
  }

  public end(): void {
    const { key, firstSequenceNo, lastSequenceNo } = this.object;
    if (this.expected - 1 !== lastSequenceNo) {
      this.problems++;
      const read = this.expected === firstSequenceNo ? 'no block' : `blocks up to ${this.expected - 1}`;
      this.recorder.record({
        check: 'export-plan',
        status: 'failed',
        location: { objectKey: key },
        message: `${key}: the object ends after ${read}, but its key names blocks ${firstSequenceNo}-${lastSequenceNo}`,
      });
    }
    if (this.problems === 0) {
      this.recorder.record({
        check: 'export-plan',
        status: 'passed',
        location: { objectKey: key },
        message: `${key} holds blocks ${firstSequenceNo}-${lastSequenceNo} in order`,
      });
    }
  }
}

interface BatchHandlers {
  format(format: string): void;
  /**
   * A reader over whole top-level values; `firstIndex` is the position of its first value in the object. Returns
   * the number of values read.
   */
  batch(reader: Reader, firstIndex: number): number;
  failure(message: string, blockIndex: number): void;
}

/**
 * Streams an object and hands it on in batches of whole top-level values (Ion binary, Ion text, or JSON Lines,
 * which Ion text reads), telling binary from text by the first bytes. A framing error (truncated or corrupt
 * object) is reported as a failure after the values before it.
 */
async function forEachBatch(stream: Readable, name: string, handlers: BatchHandlers): Promise<void> {
  let framer: IonBinaryFramer | IonTextFramer | undefined;
  let binary = false;
  let head = Buffer.alloc(0);
  let values = 0;
  const handle = (batch: Buffer | undefined) => {
    if (batch === undefined) {
      return;
    }
    values += handlers.batch(makeReader(binary ? new Uint8Array(batch) : batch.toString('utf8')), values);
  };
  try {
    for await (const chunk of stream) {
      if (framer === undefined) {
        head = Buffer.concat([head, chunk as Buffer]);
        const format = sniffExportFormat(head, name, false);
        if (format === undefined) {
          continue;
        }
        handlers.format(format);
        binary = format === 'ION_BINARY';
        framer = binary ? new IonBinaryFramer(name) : new IonTextFramer(name);
        handle(framer.push(head));
        continue;
      }
      handle(framer.push(chunk as Buffer));
    }
    if (framer === undefined) {
      if (head.length === 0) {
        return;
      }
      const format = sniffExportFormat(head, name, true)!;
      handlers.format(format);
      binary = format === 'ION_BINARY';
      framer = binary ? new IonBinaryFramer(name) : new IonTextFramer(name);
      handle(framer.push(head));
    }
    const { batch, error } = framer.end();
    handle(batch);
    if (error !== undefined) {
      handlers.failure(error.message, values);
    }
  } catch (error) {
    stream.destroy();
    handlers.failure((error as Error).message, values);
  }
}
