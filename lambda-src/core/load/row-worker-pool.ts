import { join } from 'path';
import { Worker } from 'worker_threads';
import { RowChunk, RowCounts } from './row-producer';
import { FromRowWorker, ObjectRead, ROW_WORKER_KIND, RowWorkerData, RowWorkerJob, ToRowWorker } from './row-worker-messages';
import { StrictModeError } from '../transform/revision-row';

/** Chunks (of about 256 KiB) a worker may hand over before the loader has written them. */
const CREDITS_PER_WORKER = 8;

/**
 * What a worker runs: row-worker.ts beside this module (run from TypeScript sources), or the bundle row-worker.js
 * beside the command line's bundle (see scripts/bundle.js).
 */
const ROW_WORKER_FILE = __filename.endsWith('.ts') ? join(__dirname, 'row-worker.ts') : join(__dirname, 'row-worker.js');

/**
 * Heap of each worker: a batch of parsed blocks fits with room to spare; a worker adds about 60 MB to the process.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 24 };

export type RowWorkerEvent =
  | { readonly type: 'chunk'; readonly chunk: RowChunk; readonly worker: number }
  | { readonly type: 'object'; readonly object: ObjectRead };

/**
 * Worker threads that read an export's data objects side by side and turn them into COPY rows (see row-worker.ts). The
 * loader takes their chunks from `events()` and gives a credit back for each chunk written, so a worker never runs
 * more than a few chunks ahead of PostgreSQL.
 */
export class RowWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly queue: RowWorkerEvent[] = [];
  private readonly finished: RowCounts[] = [];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(count: number, job: RowWorkerJob) {
    const data: RowWorkerData = {
      kind: ROW_WORKER_KIND,
      ...job,
      nextObject: new SharedArrayBuffer(4),
      credits: CREDITS_PER_WORKER,
    };
    // Run from TypeScript sources (tests), the worker compiles them with tsx as the loader does.
    const execArgv = ROW_WORKER_FILE.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
    for (let i = 0; i < count; i++) {
      // env: what this thread sees now (the SDK's configuration for s3:// exports), even where process.env was replaced
      const worker = new Worker(ROW_WORKER_FILE, { workerData: data, execArgv, env: { ...process.env }, resourceLimits: WORKER_LIMITS });
      let done = false;
      worker.on('message', (message: FromRowWorker) => {
        switch (message.type) {
          case 'chunk':
            this.queue.push({ type: 'chunk', chunk: message.chunk, worker: i });
            break;
          case 'object':
            this.queue.push({ type: 'object', object: message.object });
            break;
          case 'done':
            done = true;
            this.finished.push(message.counts);
            break;
          case 'failed':
            this.failure ??= message.strictMode ? new StrictModeError(message.message) : new Error(message.message);
            break;
        }
        this.notify();
      });
      worker.on('error', (error) => {
        this.failure ??= new Error(`a row worker failed: ${error.message}`, { cause: error });
        this.notify();
      });
      worker.on('exit', (code) => {
        if (!done) {
          this.failure ??= new Error(`a row worker stopped before it finished (exit code ${code})`);
          this.notify();
        }
      });
      this.workers.push(worker);
    }
  }

  /** Chunks and read objects as the workers hand them over; ends when every worker is done, throws the first failure. */
  public async *events(): AsyncGenerator<RowWorkerEvent> {
    for (;;) {
      if (this.failure !== undefined) {
        throw this.failure;
      }
      const event = this.queue.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (this.finished.length === this.workers.length) {
        return;
      }
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  /** The loader has written a chunk of `worker`'s. */
  public credit(worker: number): void {
    const message: ToRowWorker = { type: 'credit' };
    this.workers[worker].postMessage(message);
  }

  /** Each worker's counts (complete once `events()` has ended). */
  public counts(): readonly RowCounts[] {
    return this.finished;
  }

  public async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
