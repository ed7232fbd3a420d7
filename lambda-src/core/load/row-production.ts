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
  /** Writes one chunk (resolves when more may come). */
  readonly write: (chunk: RowChunk) => Promise<void>;
  readonly onProgress?: (progress: { objects: number; blocks: number; revisions: number }) => void;
}

/** Reads every revision of the export and hands its rows to `write`, in this thread or in worker threads. */
export async function produceRows(reader: ExportReader, options: ProductionOptions): Promise<Production> {
  const workers = Math.min(options.workers, reader.plan.objects.length);
  return workers > 0 && reader.location !== undefined
    ? produceInWorkers(reader, reader.location, workers, options)
    : produceInThread(reader, options);
}

async function produceInThread(reader: ExportReader, options: ProductionOptions): Promise<Production> {
  const producer = new RowProducer(options.mapping, { strict: options.strict });
  for await (const blocks of reader.blockBatches()) {
    for (const block of blocks) {
      for (const revision of block.revisions) {
        producer.add(revision);
      }
    }
    for (const chunk of producer.take()) {
      await options.write(chunk);
    }
    const p = reader.progress();
    options.onProgress?.({ objects: p.objectsRead, blocks: p.blocksRead, revisions: p.revisionsRead });
  }
  for (const chunk of producer.take(true)) {
    await options.write(chunk);
  }
  const p = reader.progress();
  return { counts: [producer.counts()], tables: reader.tables(), objects: p.objectsRead, blocks: p.blocksRead, revisions: p.revisionsRead };
}

async function produceInWorkers(reader: ExportReader, location: string, workers: number, options: ProductionOptions): Promise<Production> {
  const objects = reader.plan.objects;
  const pool = new RowWorkerPool(workers, { location, objects, mappingJson: options.mapping.toJson(), strict: options.strict === true });
  const read: ObjectRead[] = new Array(objects.length);
  let objectsRead = 0;
  let blocks = 0;
  let revisions = 0;
  try {
    for await (const event of pool.events()) {
      if (event.type === 'chunk') {
        await options.write(event.chunk);
        pool.credit(event.worker);
        continue;
      }
      read[event.object.index] = event.object;
      objectsRead++;
      blocks += event.object.blocks;
      revisions += event.object.revisions;
      options.onProgress?.({ objects: objectsRead, blocks, revisions });
    }
  } finally {
    await pool.terminate();
  }
  // the tables' states follow the journal's order, whichever worker read which object
  const tracker = new TableStateTracker();
  for (let index = 0; index < objects.length; index++) {
    const object = read[index];
    if (object === undefined) {
      throw new Error(`${reader.source.store.describe(objects[index].storedKey)} was not read by any worker`);
    }
    for (const events of object.tableEvents) {
      tracker.follow(events);
    }
  }
  return { counts: pool.counts(), tables: tracker.tables(), objects: objectsRead, blocks, revisions };
}
