import { isMainThread, MessagePort, parentPort, workerData } from 'worker_threads';
import { RowChunk, RowProducer } from './row-producer';
import { FromRowWorker, ObjectRead, ROW_WORKER_KIND, RowWorkerData, ToRowWorker } from './row-worker-messages';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { parseExportSource } from '../export/export-source';
import { readObjectBlocks } from '../export/object-blocks';
import { BlockTableEvents, tableEventsOf } from '../export/table-states';
import { StrictModeError } from '../transform/revision-row';


/**
 * A row worker: takes the export's data objects one at a time (the next free index), reads and checks each, turns its
 * revisions into COPY rows and hands them to the loader in chunks, waiting for credit when the loader is behind.
 */
async function runRowWorker(data: RowWorkerData, port: MessagePort): Promise<void> {
  let credits = data.credits;
  let waiting: (() => void) | undefined;
  port.on('message', (message: ToRowWorker) => {
    if (message.type === 'credit') {
      credits++;
      const wake = waiting;
      waiting = undefined;
      wake?.();
    }
  });
  const send = (message: FromRowWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const hand = async (chunks: RowChunk[]) => {
    for (const chunk of chunks) {
      while (credits === 0) {
        await new Promise<void>((resolve) => { waiting = resolve; });
      }
      credits--;
      // the chunk's memory moves to the loader when it has its own (Node.js slices small buffers out of a shared pool)
      const own = chunk.bytes.byteOffset === 0 && chunk.bytes.buffer instanceof ArrayBuffer && chunk.bytes.buffer.byteLength > Buffer.poolSize;
      send({ type: 'chunk', chunk: own ? chunk : { ...chunk, bytes: Uint8Array.from(chunk.bytes) } },
        own ? [chunk.bytes.buffer as ArrayBuffer] : []);
    }
  };
  try {
    const source = parseExportSource(data.location);
    const producer = new RowProducer(LedgerMapping.fromJson(data.mappingJson), { strict: data.strict });
    const nextObject = new Int32Array(data.nextObject);
    for (;;) {
      const index = Atomics.add(nextObject, 0, 1);
      if (index >= data.objects.length) break;
      const object = data.objects[index];
      const seen = new Set<string>();
      const tableEvents: BlockTableEvents[] = [];
      let blocks = 0;
      let revisions = 0;
      const stream = source.store.open(object.storedKey);
      for await (const batch of readObjectBlocks(object, stream, source.store.describe(object.storedKey))) {
        for (const block of batch) {
          const events = tableEventsOf(block, seen);
          if (events !== undefined) tableEvents.push(events);
          blocks++;
          revisions += block.revisions.length;
          for (const revision of block.revisions) {
            producer.add(revision);
          }
        }
        await hand(producer.take());
      }
      const read: ObjectRead = { index, blocks, revisions, tableEvents };
      send({ type: 'object', object: read });
    }
    await hand(producer.take(true));
    send({ type: 'done', counts: producer.counts() });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message, strictMode: error instanceof StrictModeError });
  } finally {
    port.removeAllListeners('message'); // nothing more to wait for: the thread may end
  }
}

if (!isMainThread && (workerData as RowWorkerData | undefined)?.kind === ROW_WORKER_KIND) {
  void runRowWorker(workerData as RowWorkerData, parentPort!);
}
