import { closeSync, openSync, readSync } from 'fs';
import { Readable } from 'stream';

/**
 * A file's bytes in chunks of `chunkBytes`, read synchronously as the stream is pulled. A local export is read from
 * the page cache or a local disk, where a read of 64 KiB returns in microseconds: through the thread pool
 * (`fs.createReadStream`) the hand-over between threads made reading cost about three times the CPU (numbers in the
 * export reader's README), and the export reader runs on threads of its own (or in a command that does nothing else
 * meanwhile).
 *
 * Each chunk is a buffer of its own (never overwritten by a later read), so a consumer may keep it.
 */
export class FileChunkStream extends Readable {
  private fd = -1;

  constructor(
    private readonly path: string,
    private readonly chunkBytes: number,
  ) {
    // Object mode: a byte stream's read() joins the chunks it holds into a new buffer (a copy), and a chunk pushed
    // during read() is held with the one being returned.
    super({ objectMode: true, highWaterMark: 1 });
  }

  public override _construct(callback: (error?: Error | null) => void): void {
    try {
      this.fd = openSync(this.path, 'r');
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  public override _read(): void {
    try {
      const chunk = Buffer.allocUnsafe(this.chunkBytes);
      const read = readSync(this.fd, chunk, 0, this.chunkBytes, null);
      this.push(read === 0 ? null : read < this.chunkBytes ? chunk.subarray(0, read) : chunk);
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  public override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch (closing) {
        error ??= closing as Error;
      }
      this.fd = -1;
    }
    callback(error);
  }
}
