import { RowChunk, RowCounts, RowProducer } from './row-producer';
import { ObjectRead } from './row-worker-messages';
import { RowWorkerPool } from './row-worker-pool';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { ExportReader } from '../export/export-reader';
import { TableState, TableStateTracker } from '../export/table-states';

/** What reading the whole export produced, besides the rows handed over. */
export interface Production {
  /** One per producer (this thread's, or each worker's). */
  readonly counts: readonly RowCounts[];
  /** Tables by tableId with their dropped state at the end of the journal. */
  readonly tables: ReadonlyMap<string, TableState>;
  readonly objects: number;
  readonly blocks: number;
  readonly revisions: number;
}

export interface ProductionOptions {
  readonly mapping: LedgerMapping;
  readonly strict?: boolean;
  /** Worker threads; 0, or a reader that other threads cannot reopen, reads in this thread. */
  readonly workers: number;
}

export interface ProductionOutput {
  /** Writes one chunk (resolves when more may come). */
  readonly write: (chunk: RowChunk) => Promise<void>;
  readonly onProgress?: (progress: { objects: number; blocks: number; revisions: number }) => void;
}

/**
 * Reads every revision of the export and hands its rows over, in this thread or in worker threads. `start` starts the
 * worker threads at once, so that they load their code while the caller prepares the target (a tenth of a second or
 * more per thread); `run` then takes the rows. `stop` ends the threads whether `run` ran or not.
 */
export class RowProduction {
  public static start(reader: ExportReader, options: ProductionOptions): RowProduction {
    const workers = Math.min(options.workers, reader.plan.objects.length);
    const pool = workers > 0 && reader.location !== undefined
      ? new RowWorkerPool(workers, {
        location: reader.location,
        objects: reader.plan.objects,
        mappingJson: options.mapping.toJson(),
        strict: options.strict === true,
      })
      : undefined;
    return new RowProduction(reader, options, pool);
  }

  private constructor(
    private readonly reader: ExportReader,
    private readonly options: ProductionOptions,
    private readonly pool: RowWorkerPool | undefined,
  ) {}

  public async run(output: ProductionOutput): Promise<Production> {
    try {
      return this.pool === undefined ? await this.inThread(output) : await this.inWorkers(this.pool, output);
    } finally {
      await this.stop();
    }
  }

  public async stop(): Promise<void> {
    await this.pool?.terminate();
  }

  private async inThread(output: ProductionOutput): Promise<Production> {
    const reader = this.reader;
    const producer = new RowProducer(this.options.mapping, { strict: this.options.strict });
    for await (const blocks of reader.blockBatches()) {
      for (const block of blocks) {
        for (const revision of block.revisions) {
          producer.add(revision);
        }
      }
      for (const chunk of producer.take()) {
        await output.write(chunk);
      }
      const p = reader.progress();
      output.onProgress?.({ objects: p.objectsRead, blocks: p.blocksRead, revisions: p.revisionsRead });
    }
    for (const chunk of producer.take(true)) {
      await output.write(chunk);
    }
    const p = reader.progress();
    return { counts: [producer.counts()], tables: reader.tables(), objects: p.objectsRead, blocks: p.blocksRead, revisions: p.revisionsRead };
  }

  private async inWorkers(pool: RowWorkerPool, output: ProductionOutput): Promise<Production> {
    const objects = this.reader.plan.objects;
    const read: ObjectRead[] = new Array(objects.length);
    let objectsRead = 0;
    let blocks = 0;
    let revisions = 0;
    for await (const event of pool.events()) {
      if (event.type === 'chunk') {
        await output.write(event.chunk);
        pool.credit(event.worker);
        continue;
      }
      read[event.object.index] = event.object;
      objectsRead++;
      blocks += event.object.blocks;
      revisions += event.object.revisions;
      output.onProgress?.({ objects: objectsRead, blocks, revisions });
    }
    // the tables' states follow the journal's order, whichever worker read which object
    const tracker = new TableStateTracker();
    for (let index = 0; index < objects.length; index++) {
      const object = read[index];
      if (object === undefined) {
        throw new Error(`${this.reader.source.store.describe(objects[index].storedKey)} was not read by any worker`);
      }
      for (const events of object.tableEvents) {
        tracker.follow(events);
      }
    }
    return { counts: pool.counts(), tables: tracker.tables(), objects: objectsRead, blocks, revisions };
  }
}
