import { RowBuffer } from './row-buffer';

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;

/** The quote of RFC 4180 CSV, which DMS and the Glue job read and write. */
export const CSV_QUOTE = '"';

/**
 * CSV lines encoded straight into a buffer: NULL is an empty unquoted field, every other value is quoted (so an
 * empty string stays distinguishable from NULL), a quote inside a value is doubled. This is RFC 4180: the DMS S3
 * source reads it, and the Glue job writes the same bytes.
 */
export class CsvRowBuffer extends RowBuffer {
  constructor(chunkBytes = 1 << 20) {
    super(chunkBytes);
  }

  public append(values: ReadonlyArray<string | null>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (i > 0) this.byte(COMMA);
      if (v === null) continue;
      this.byte(QUOTE);
      this.text(v.indexOf(CSV_QUOTE) >= 0 ? v.replaceAll(CSV_QUOTE, '""') : v);
      this.byte(QUOTE);
    }
    this.byte(NEWLINE);
    this.rows++;
  }

  /** Adds one line already encoded by `csvRow` (with its line feed). */
  public appendLine(line: string): void {
    this.text(line);
    this.rows++;
  }
}

/** One CSV line (with its line feed) as text, in the encoding of `CsvRowBuffer`. */
export function csvRow(values: ReadonlyArray<string | null>): string {
  const buffer = new CsvRowBuffer(256);
  buffer.append(values);
  return buffer.take().toString('utf8');
}
