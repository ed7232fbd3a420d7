import { closeSync, mkdirSync, openSync, writeSync } from 'fs';
import { dirname } from 'path';

const FLUSH_BYTES = 1 << 20;

/**
 * A CSV file written synchronously through a buffer of whole lines: memory stays bounded however many lines are
 * written, and every line is on disk once `close()` returns.
 */
export class CsvFile {
  private readonly fd: number;
  private buffer = '';
  private lines = 0;

  constructor(public readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  /** Number of lines written so far. */
  public get lineCount(): number {
    return this.lines;
  }

  /** Adds one line (it ends with its own line feed). */
  public write(line: string): void {
    this.buffer += line;
    this.lines++;
    if (this.buffer.length >= FLUSH_BYTES) {
      this.flush();
    }
  }

  public close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length > 0) {
      writeSync(this.fd, this.buffer);
      this.buffer = '';
    }
  }
}
