import { RowChunk, RowCounts } from './row-producer';
import { PlannedObject } from '../export/export-plan';
import { BlockTableEvents } from '../export/table-states';

/** Marks the workerData of a row worker (the bundle that holds the worker also holds everything else). */
export const ROW_WORKER_KIND = 'qldb-migrate-row-worker';

/** What the workers of one load are to do. */
export interface RowWorkerJob {
  /** Where the export is (ExportReader.location): the workers open the objects themselves. */
  readonly location: string;
  readonly objects: readonly PlannedObject[];
  readonly mappingJson: string;
  readonly strict: boolean;
}

/** What a row worker is started with. */
export interface RowWorkerData extends RowWorkerJob {
  readonly kind: typeof ROW_WORKER_KIND;
  /** One Int32: the index of the next object to read, taken with Atomics.add by every worker of the load. */
  readonly nextObject: SharedArrayBuffer;
  /** Chunks a worker may have handed over before the loader has written them (see `credit`). */
  readonly credits: number;
}

/** What one data object held, with its table events, sent when the worker has read it. */
export interface ObjectRead {
  readonly index: number;
  readonly blocks: number;
  readonly revisions: number;
  readonly tableEvents: BlockTableEvents[];
}

export type FromRowWorker =
  | { readonly type: 'chunk'; readonly chunk: RowChunk }
  | { readonly type: 'object'; readonly object: ObjectRead }
  | { readonly type: 'done'; readonly counts: RowCounts }
  | { readonly type: 'failed'; readonly message: string; readonly strictMode: boolean };

/** The loader has written one chunk of the worker's: it may hand over one more. */
export type ToRowWorker = { readonly type: 'credit' };
