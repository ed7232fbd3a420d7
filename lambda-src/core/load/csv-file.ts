import { closeSync, mkdirSync, openSync, writeSync } from 'fs';
import { dirname } from 'path';
import { CsvRowBuffer } from '../transform/csv-row';

const FLUSH_BYTES = 1 << 20;

/**
 * A CSV file written synchronously through a buffer of whole lines: memory stays bounded however many lines are
 * written, and every line is on disk once `close()` returns.
 */
export class CsvFile {
  private readonly fd: number;
  private readonly buffer = new CsvRowBuffer(FLUSH_BYTES);
  private lines = 0;

  constructor(public readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  /** Number of lines written so far. */
  public get lineCount(): number {
    return this.lines;
  }

  /** Adds one row. */
  public writeRow(values: ReadonlyArray<string | null>): void {
    this.buffer.append(values);
    this.written();
  }

  /** Adds one line encoded by `csvRow` (it ends with its own line feed). */
  public write(line: string): void {
    this.buffer.appendLine(line);
    this.written();
  }

  public close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private written(): void {
    this.lines++;
    if (this.buffer.full) {
      this.flush();
    }
  }

  private flush(): void {
    if (this.buffer.length > 0) {
      const bytes = this.buffer.take();
      for (let offset = 0; offset < bytes.length;) {
        offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      }
    }
  }
}
