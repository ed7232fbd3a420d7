import { Readable } from 'stream';
import { blockFromStruct } from './block-from-struct';
import { ExportBlock } from './export-block';
import { ExportFormat, sniffExportFormat } from './export-format';
import { ExportPlan, planExport, PlannedObject } from './export-plan';
import { ExportSource, ExportSourceOptions, parseExportSource } from './export-source';
import { readIonValues } from './ion-values';
import { readJsonLinesValues } from './json-lines-values';
import { discoverExports } from './manifests';
import { TableState, TableStateTracker, UnresolvedTableStatement } from './table-states';
import { LedgerValue } from '../model/ledger-value';
import { LedgerRevision } from '../model/revision';

/** Counts of what has been read so far. */
export interface ExportReadProgress {
  readonly objectsRead: number;
  readonly blocksRead: number;
  readonly revisionsRead: number;
  /** Revisions without metadata (system entries), skipped for data. */
  readonly systemEntriesSkipped: number;
}

/**
 * Reads a QLDB journal export (one or several contiguous exports of one strand) from a local
 * directory or an S3 prefix, block by block, in journal order, streaming every data object.
 *
 * Usage: `const reader = await ExportReader.open('s3://bucket/prefix')`, then iterate
 * `reader.blocks()` (or `reader.revisions()`, or `reader.blockBatches()` for the fewest awaits);
 * after the iteration, `reader.tables()` holds each table's dropped state. Iterate only once.
 *
 * Every block is checked to be the next block of the strand and within its object's key range, so a
 * truncated object, a missing block or a misnamed object fails with an error naming the object and
 * the block sequence number.
 */
export class ExportReader {
  /** Discovers the exports at `location` (`DIR` or `s3://bucket/prefix`) and checks that they form one run. */
  public static async open(location: string | ExportSource, options: ExportSourceOptions = {}): Promise<ExportReader> {
    const source = typeof location === 'string' ? parseExportSource(location, options) : location;
    const discovery = await discoverExports(source);
    const plan = planExport(discovery, (key) => source.store.describe(key));
    return new ExportReader(source, plan);
  }

  private readonly tracker = new TableStateTracker();
  private counts = { objectsRead: 0, blocksRead: 0, revisionsRead: 0, systemEntriesSkipped: 0 };
  private started = false;

  private constructor(
    public readonly source: ExportSource,
    public readonly plan: ExportPlan,
  ) {}

  /** The blocks of every data object in journal order, in batches (one per chunk read). */
  public async *blockBatches(): AsyncGenerator<ExportBlock[]> {
    if (this.started) {
      throw new Error(`the export at ${this.source.store.describe(this.source.prefix)} is already being read: open a new reader`);
    }
    this.started = true;
    const objects = this.plan.objects;
    // the next object is opened while the current one is read, so that its first bytes (an S3 request) are on the way
    let next = objects.length > 0 ? this.openEarly(objects[0]) : undefined;
    try {
      for (let i = 0; i < objects.length; i++) {
        const stream = next!;
        next = i + 1 < objects.length ? this.openEarly(objects[i + 1]) : undefined;
        yield* this.objectBlocks(objects[i], stream);
        this.counts.objectsRead++;
      }
    } finally {
      next?.destroy();
    }
  }

  public async *blocks(): AsyncGenerator<ExportBlock> {
    for await (const batch of this.blockBatches()) {
      yield* batch;
    }
  }

  /** User revisions in journal order (system entries are skipped). */
  public async *revisions(): AsyncGenerator<LedgerRevision> {
    for await (const batch of this.blockBatches()) {
      for (const block of batch) {
        yield* block.revisions;
      }
    }
  }

  /** Tables by tableId with their dropped state as of the blocks read so far (complete after the iteration). */
  public tables(): ReadonlyMap<string, TableState> {
    return this.tracker.tables();
  }

  /** DROP TABLE statements whose table could not be identified. */
  public unresolvedTableStatements(): readonly UnresolvedTableStatement[] {
    return this.tracker.unresolved();
  }

  public progress(): ExportReadProgress {
    return { ...this.counts };
  }

  /** Opens an object and starts reading it; an error waits in the stream until the stream is read. */
  private openEarly(object: PlannedObject): Readable {
    const stream = this.source.store.open(object.storedKey);
    stream.on('error', () => undefined);
    stream.read(0);
    return stream;
  }

  private async *objectBlocks(object: PlannedObject, stream: Readable): AsyncGenerator<ExportBlock[]> {
    const name = this.source.store.describe(object.storedKey);
    const range = `blocks ${object.firstSequenceNo}-${object.lastSequenceNo}`;
    let lastSequenceNo: number | undefined;
    try {
      const { format, chunks } = await withFormat(stream, object.format, name);
      for await (const values of valuesOf(chunks, format, name)) {
        const blocks = values.map((value) => blockFromStruct(value, object.key));
        for (const block of blocks) {
          const { strandId, sequenceNo } = block.blockAddress;
          const expected = lastSequenceNo === undefined ? object.firstSequenceNo : lastSequenceNo + 1;
          if (sequenceNo !== expected || strandId !== object.strandId) {
            throw new Error(
              `${name}: found block ${strandId}/${sequenceNo} where block ${object.strandId}/${expected} was expected ` +
                `(the key names ${range})`,
            );
          }
          if (sequenceNo > object.lastSequenceNo) {
            throw new Error(`${name}: holds block ${sequenceNo}, beyond the ${range} its key names`);
          }
          lastSequenceNo = sequenceNo;
          this.tracker.observe(block);
          this.counts.blocksRead++;
          this.counts.revisionsRead += block.revisions.length;
          this.counts.systemEntriesSkipped += block.revisionHashes.length - block.revisions.length;
        }
        yield blocks;
      }
    } catch (error) {
      const message = (error as Error).message;
      const at = lastSequenceNo === undefined ? 'before its first block' : `after block ${lastSequenceNo}`;
      throw new Error(message.startsWith(name) || message.includes(object.key) ? `${message} (${at})` : `${name}: ${message} (${at})`, {
        cause: error,
      });
    }
    if (lastSequenceNo !== object.lastSequenceNo) {
      const read = lastSequenceNo === undefined ? 'no block' : `blocks up to ${lastSequenceNo}`;
      throw new Error(`${name}: the object holds ${read}, but its key names ${range} (the object is truncated)`);
    }
  }
}

function valuesOf(chunks: AsyncIterable<Buffer>, format: ExportFormat, name: string): AsyncIterable<LedgerValue[]> {
  switch (format) {
    case 'JSON':
      return readJsonLinesValues(chunks, name);
    case 'ION_BINARY':
      return readIonValues(chunks, name, 'binary');
    case 'ION_TEXT':
      return readIonValues(chunks, name, 'text');
  }
}

/**
 * Reads the first bytes of an object to learn its format, and returns the format with every chunk
 * (those already read included). A declared format must agree with the content on binary vs text.
 */
async function withFormat(
  stream: Readable,
  declared: ExportFormat | undefined,
  name: string,
): Promise<{ format: ExportFormat; chunks: AsyncIterable<Buffer> }> {
  const iterator: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let sniffed: ExportFormat | undefined;
  let done = false;
  try {
    while (sniffed === undefined) {
      const next = await iterator.next();
      done = next.done === true;
      if (!done) {
        head.push(next.value);
      }
      sniffed = sniffExportFormat(Buffer.concat(head), name, done);
    }
    if (declared !== undefined && (declared === 'ION_BINARY') !== (sniffed === 'ION_BINARY')) {
      const content = sniffed === 'ION_BINARY' ? 'Ion binary' : 'text';
      throw new Error(`${name}: the export's format is ${declared}, but the object's content is ${content}`);
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      while (!done) {
        const next = await iterator.next();
        if (next.done) {
          return;
        }
        yield next.value;
      }
    } finally {
      stream.destroy();
    }
  }
  return { format: declared ?? sniffed, chunks: chunks() };
}
