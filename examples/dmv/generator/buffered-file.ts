import { closeSync, mkdirSync, openSync, writeSync } from 'fs';
import { dirname } from 'path';

const FLUSH_BYTES = 1 << 20;

/**
 * A file written synchronously through a small buffer: memory stays bounded however much is written,
 * and no write is left pending when the generator moves on.
 */
export class BufferedFile {
  private readonly fd: number;
  private chunks: Array<string | Uint8Array> = [];
  private buffered = 0;
  private written = 0;

  constructor(public readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  /** Bytes written so far (including those still buffered). */
  public get size(): number {
    return this.written + this.buffered;
  }

  public write(data: string | Uint8Array): void {
    const length = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    this.chunks.push(data);
    this.buffered += length;
    if (this.buffered >= FLUSH_BYTES) {
      this.flush();
    }
  }

  public close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.chunks.length === 0) {
      return;
    }
    const buffer = Buffer.concat(this.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    writeSync(this.fd, buffer);
    this.written += this.buffered;
    this.chunks = [];
    this.buffered = 0;
  }
}
