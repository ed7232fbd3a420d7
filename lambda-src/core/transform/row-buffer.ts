/** Every Node.js Buffer has `utf8Write` (what `write` calls after checking its arguments); the typings omit it. */
export type Utf8WritableBuffer = Buffer & { utf8Write(text: string, offset: number): number };

/**
 * Rows encoded straight into one buffer, to be taken in chunks: the storage a row encoding (CSV lines, COPY's binary
 * format) writes into. Encoding each value into the buffer (rather than concatenating a string per row) keeps the hot
 * path of a load free of intermediate strings.
 */
export abstract class RowBuffer {
  protected storage: Utf8WritableBuffer;
  protected used = 0;
  protected rows = 0;
  /** Room for a chunk and the row that fills it, so that a chunk rarely needs the buffer to grow. */
  private readonly capacity: number;

  /** `chunkBytes`: how many bytes make the buffer `full` (the rows are then to be taken). */
  constructor(private readonly chunkBytes: number) {
    this.capacity = chunkBytes + (chunkBytes >> 2);
    this.storage = Buffer.allocUnsafe(this.capacity) as Utf8WritableBuffer;
  }

  /** Adds one row; NULL is `null`. */
  public abstract append(values: ReadonlyArray<string | null>): void;

  /** Bytes held. */
  public get length(): number {
    return this.used;
  }

  /** Whether a chunk's worth of bytes is held. */
  public get full(): boolean {
    return this.used >= this.chunkBytes;
  }

  /** Rows held. */
  public get rowCount(): number {
    return this.rows;
  }

  /** Removes and returns the bytes held (whole rows). */
  public take(): Buffer {
    const taken = this.storage.subarray(0, this.used);
    this.storage = Buffer.allocUnsafe(this.capacity) as Utf8WritableBuffer;
    this.used = 0;
    this.rows = 0;
    return taken;
  }

  protected byte(b: number): void {
    this.reserve(1);
    this.storage[this.used++] = b;
  }

  /** Encodes `text` as UTF-8 at the end. */
  protected text(text: string): void {
    // a UTF-16 code unit takes at most 3 bytes of UTF-8
    this.reserve(text.length * 3);
    this.used += this.storage.utf8Write(text, this.used);
  }

  protected reserve(bytes: number): void {
    if (this.used + bytes > this.storage.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.storage.length * 2, this.used + bytes)) as Utf8WritableBuffer;
      this.storage.copy(grown, 0, 0, this.used);
      this.storage = grown;
    }
  }
}
