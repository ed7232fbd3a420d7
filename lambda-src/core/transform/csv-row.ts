const COMMA = 0x2c;
const NEWLINE = 0x0a;

/** Every Node.js Buffer has `utf8Write` (what `write` calls after checking its arguments); the typings omit it. */
type Utf8WritableBuffer = Buffer & { utf8Write(text: string, offset: number): number };

/** The quote of RFC 4180 CSV, which DMS and the Glue job read and write. */
export const CSV_QUOTE = '"';

/**
 * A quote character for CSV that only PostgreSQL's COPY reads (`quote e'\x1f'`): JSON text (jsonb columns, ql_audit)
 * is full of double quotes, which RFC 4180 would double one by one; the unit separator almost never occurs in data.
 */
export const COPY_QUOTE = '\x1f';

/**
 * CSV lines encoded straight into a buffer: NULL is an empty unquoted field, every other value is quoted (so an
 * empty string stays distinguishable from NULL), a quote inside a value is doubled. With the default quote this is
 * RFC 4180: PostgreSQL's COPY (FORMAT csv) and the DMS S3 source read it; the Glue job writes the same bytes.
 * Encoding each value into one buffer (rather than concatenating a line string per row) keeps the hot path of a load
 * free of intermediate strings.
 */
export class CsvRowBuffer {
  private storage: Utf8WritableBuffer;
  private used = 0;
  private rows = 0;
  /** Room for a chunk and the row that fills it, so that a chunk rarely needs the buffer to grow. */
  private readonly capacity: number;
  private readonly quoteByte: number;
  private readonly doubledQuote: string;

  /** `chunkBytes`: how many bytes make the buffer `full` (the rows are then to be taken). */
  constructor(private readonly chunkBytes = 1 << 20, private readonly quote: string = CSV_QUOTE) {
    if (quote.length !== 1 || quote.charCodeAt(0) > 0x7f || /[,\n\r]/.test(quote)) {
      throw new Error(`a CSV quote must be one ASCII character other than a comma or a line break, not ${JSON.stringify(quote)}`);
    }
    this.capacity = chunkBytes + (chunkBytes >> 2);
    this.storage = Buffer.allocUnsafe(this.capacity) as Utf8WritableBuffer;
    this.quoteByte = quote.charCodeAt(0);
    this.doubledQuote = quote + quote;
  }

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

  public append(values: ReadonlyArray<string | null>): void {
    for (let i = 0; i < values.length; i++) {
      let v = values[i];
      if (i > 0) this.byte(COMMA);
      if (v === null) continue;
      if (v.indexOf(this.quote) >= 0) v = v.replaceAll(this.quote, this.doubledQuote);
      // a UTF-16 code unit takes at most 3 bytes of UTF-8; plus the two quotes and the line feed
      this.reserve(v.length * 3 + 3);
      const storage = this.storage;
      storage[this.used++] = this.quoteByte;
      this.used += storage.utf8Write(v, this.used);
      storage[this.used++] = this.quoteByte;
    }
    this.byte(NEWLINE);
    this.rows++;
  }

  /** Adds one line already encoded by `csvRow` (with its line feed). */
  public appendLine(line: string): void {
    this.reserve(line.length * 3);
    this.used += this.storage.utf8Write(line, this.used);
    this.rows++;
  }

  /** Removes and returns the bytes held (whole lines). */
  public take(): Buffer {
    const taken = this.storage.subarray(0, this.used);
    this.storage = Buffer.allocUnsafe(this.capacity) as Utf8WritableBuffer;
    this.used = 0;
    this.rows = 0;
    return taken;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.storage[this.used++] = b;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes > this.storage.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.storage.length * 2, this.used + bytes)) as Utf8WritableBuffer;
      this.storage.copy(grown, 0, 0, this.used);
      this.storage = grown;
    }
  }
}

/** One CSV line (with its line feed) as text, in the encoding of `CsvRowBuffer`. */
export function csvRow(values: ReadonlyArray<string | null>): string {
  const buffer = new CsvRowBuffer(256);
  buffer.append(values);
  return buffer.take().toString('utf8');
}
