import { IonTypes, Reader } from 'ion-js';
import { ChainLink, checkBlock } from './block-checks';
import { ChainTracker } from './chain-tracker';
import { CheckLocation } from './check-result';
import { HashedBlock, readHashedBlock } from './hashed-block';
import { VerificationRecorder, VerificationRecorderOptions, VerificationReport } from './verification-recorder';

/** The format of an export data object; `auto` tells JSON from Ion by how hashes are encoded. */
export type ExportFormat = 'ion' | 'json' | 'auto';

/**
 * Verifies one export block: the reader is positioned on a top-level block struct (Ion text, Ion
 * binary, or a JSON Lines export read with an Ion reader); afterwards `next()` moves to the next block. Outcomes go to the
 * recorder; nothing is thrown for bad data. Returns the block's chain link when its hashes are usable.
 */
export function verifyExportBlock(
  reader: Reader,
  recorder: VerificationRecorder,
  location: CheckLocation,
  format: ExportFormat = 'auto',
  where = 'block',
  onBlock?: BlockObserver,
): ChainLink | undefined {
  const depth = reader.depth();
  let block;
  try {
    block = readHashedBlock(reader, where, { format });
  } catch (error) {
    while (reader.depth() > depth) {
      reader.stepOut();
    }
    recorder.record({ check: 'block-format', status: 'failed', location, message: (error as Error).message });
    return undefined;
  }
  onBlock?.(block, location);
  return checkBlock(block, location, recorder);
}

/**
 * Sees each readable block before its checks run (its address, stated hashes and revision hashes), for checks
 * that need more than one block or another input: a block's place in its data object, a proof's subject.
 */
export type BlockObserver = (block: HashedBlock, location: CheckLocation) => void;

export interface ExportVerifierOptions extends VerificationRecorderOptions {
  /** @default 'auto' */
  readonly format?: ExportFormat;
  /** @default - none */
  readonly onBlock?: BlockObserver;
}

/**
 * Verifies the blocks of one or more exports, data object by data object in manifest order (and
 * contiguous exports one after the other), checking each block and the chain between consecutive blocks
 * across objects. Memory does not grow with the export size when passed results are not kept.
 */
export class ExportVerifier {
  public readonly recorder: VerificationRecorder;
  private readonly chain: ChainTracker;
  private readonly format: ExportFormat;
  private readonly onBlock?: BlockObserver;

  constructor(options: ExportVerifierOptions = {}) {
    this.recorder = new VerificationRecorder(options);
    this.chain = new ChainTracker(this.recorder);
    this.format = options.format ?? 'auto';
    this.onBlock = options.onBlock;
  }

  /** Verifies the block the reader is positioned on and adds it to the chain. */
  public verifyBlock(reader: Reader, objectKey?: string, blockIndex?: number, format: ExportFormat = this.format): ChainLink | undefined {
    const location = { ...(objectKey === undefined ? {} : { objectKey }), ...(blockIndex === undefined ? {} : { blockIndex }) };
    const where = `${objectKey ?? 'export'} block ${blockIndex ?? ''}`.trimEnd();
    const link = verifyExportBlock(reader, this.recorder, location, format, where, this.onBlock);
    if (link) {
      this.chain.add(link);
    }
    return link;
  }

  /**
   * Verifies every top-level block of a data object (a stream of block structs). A value that is not
   * a struct, or Ion that stops being readable, is recorded as a failure naming the object and value.
   * Returns the number of top-level values read. `firstIndex` is the position of the reader's first value in the
   * object, when an object is read in batches of whole values; `format` overrides the verifier's for this object.
   */
  public verifyDataObject(reader: Reader, objectKey: string, firstIndex = 0, format: ExportFormat = this.format): number {
    let index = firstIndex;
    try {
      for (let type = reader.next(); type !== null; type = reader.next(), index++) {
        if (type !== IonTypes.STRUCT) {
          this.recorder.record({
            check: 'block-format',
            status: 'failed',
            location: { objectKey, blockIndex: index },
            message: `value ${index} of ${objectKey} is a ${type.name}, not a block struct`,
          });
          continue;
        }
        this.verifyBlock(reader, objectKey, index, format);
      }
    } catch (error) {
      this.recorder.record({
        check: 'block-format',
        status: 'failed',
        location: { objectKey, blockIndex: index },
        message: `${objectKey} is not readable Ion from value ${index} on: ${(error as Error).message}`,
      });
    }
    return index - firstIndex;
  }

  public report(): VerificationReport {
    return this.recorder.report();
  }
}
