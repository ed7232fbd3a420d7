import { Readable } from 'stream';
import { ExportBlock } from './export-block';
import { ExportPlan, planExport, PlannedObject } from './export-plan';
import { ExportSource, ExportSourceOptions, parseExportSource } from './export-source';
import { discoverExports } from './manifests';
import { readObjectBlocks } from './object-blocks';
import { TableState, TableStateTracker, UnresolvedTableStatement } from './table-states';
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
    return new ExportReader(source, plan, typeof location === 'string' && options.s3Client === undefined ? location : undefined);
  }

  private readonly tracker = new TableStateTracker();
  private counts = { objectsRead: 0, blocksRead: 0, revisionsRead: 0, systemEntriesSkipped: 0 };
  private started = false;

  private constructor(
    public readonly source: ExportSource,
    public readonly plan: ExportPlan,
    /**
     * The location the reader was opened from, when another reader of the same objects can be opened from it alone
     * (a directory, or S3 with the SDK's default client): other threads then read objects of the plan themselves.
     */
    public readonly location?: string,
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
    for await (const blocks of readObjectBlocks(object, stream, this.source.store.describe(object.storedKey))) {
      for (const block of blocks) {
        this.tracker.observe(block);
        this.counts.blocksRead++;
        this.counts.revisionsRead += block.revisions.length;
        this.counts.systemEntriesSkipped += block.revisionHashes.length - block.revisions.length;
      }
      yield blocks;
    }
  }
}
