import { CopyBinaryColumn, CopyBinaryField, notCanonical } from './copy-binary-field';
import { numericByteLimit, writeNumeric } from './copy-binary-numeric';
import { writeDate, writeTimestamptz } from './copy-binary-time';
import { RowBuffer } from './row-buffer';
import { writeSafeInt64BE } from './safe-int64';
import { textArrayElements } from './text-array-literal';

/*
 * Rows in the binary format of PostgreSQL's COPY (FORMAT binary): per row the number of fields, then per field its
 * byte length (-1 for NULL) and its bytes in the type's receive representation. PostgreSQL then reads each value
 * without parsing text (a DMV export's audit rows: about a third less server CPU than CSV), and no byte of a value
 * needs quoting or escaping. The values are the canonical texts of the column conversion.
 */

/** The signature, flags and header extension length that start a binary COPY stream. */
export const COPY_BINARY_HEADER: Buffer = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, // PGCOPY\n\377\r\n\0
  0, 0, 0, 0, // flags: no OIDs
  0, 0, 0, 0, // no header extension
]);

/** The field count -1 that ends a binary COPY stream. */
export const COPY_BINARY_TRAILER: Buffer = Buffer.from([0xff, 0xff]);

const TEXT_OID = 25;
const JSONB_VERSION = 1;
const INTEGER_TEXT = /^-?\d{1,19}$/;
/** Integer texts this short are exact doubles. */
const EXACT_INTEGER_DIGITS = 15;

/** Rows of one table in COPY's binary format (without the stream's header and trailer), taken in chunks. */
export class CopyBinaryRowBuffer extends RowBuffer {
  private readonly fields: CopyBinaryField[];

  constructor(private readonly columns: readonly CopyBinaryColumn[], chunkBytes = 1 << 20) {
    super(chunkBytes);
    this.fields = columns.map((c) => c.field);
  }

  public append(values: ReadonlyArray<string | null>): void {
    const fields = this.fields;
    if (values.length !== fields.length) {
      throw new Error(`a row of ${values.length} values for the ${fields.length} columns ${this.columns.map((c) => c.name).join(', ')}`);
    }
    const start = this.used;
    this.reserve(2);
    this.storage.writeInt16BE(fields.length, this.used);
    this.used += 2;
    let i = 0;
    try {
      for (; i < fields.length; i++) {
        const v = values[i];
        if (v === null) {
          this.nullField();
        } else {
          this.field(fields[i], v);
        }
      }
    } catch (e) {
      this.used = start; // no part of a row is left behind
      throw new Error(`column ${this.columns[i].name}: ${(e as Error).message}`, { cause: e });
    }
    this.rows++;
  }

  private field(field: CopyBinaryField, v: string): void {
    switch (field) {
      case CopyBinaryField.TEXT:
        return this.sized(0, v);
      case CopyBinaryField.JSONB:
        return this.sized(JSONB_VERSION, v);
      case CopyBinaryField.INT2:
      case CopyBinaryField.INT4:
      case CopyBinaryField.INT8:
        return this.integer(field, v);
      case CopyBinaryField.BOOL:
        if (v !== 'true' && v !== 'false') notCanonical(v, 'boolean');
        this.reserve(5);
        this.storage.writeInt32BE(1, this.used);
        this.storage[this.used + 4] = v === 'true' ? 1 : 0;
        this.used += 5;
        return;
      case CopyBinaryField.DATE:
        this.reserve(8);
        this.storage.writeInt32BE(4, this.used);
        this.used += 4 + writeDate(this.storage, this.used + 4, v);
        return;
      case CopyBinaryField.TIMESTAMPTZ:
        this.reserve(12);
        this.storage.writeInt32BE(8, this.used);
        this.used += 4 + writeTimestamptz(this.storage, this.used + 4, v);
        return;
      case CopyBinaryField.NUMERIC: {
        this.reserve(4 + numericByteLimit(v));
        const length = writeNumeric(this.storage, this.used + 4, v);
        this.storage.writeInt32BE(length, this.used);
        this.used += 4 + length;
        return;
      }
      case CopyBinaryField.TEXT_ARRAY:
        return this.textArray(textArrayElements(v));
    }
  }

  /** NULL: the length -1 and no bytes (a field of a row or an element of an array). */
  private nullField(): void {
    this.reserve(4);
    this.storage.writeInt32BE(-1, this.used);
    this.used += 4;
  }

  /** A length, an optional version byte (0: none) and the UTF-8 bytes of `v`. */
  private sized(version: number, v: string): void {
    // a UTF-16 code unit takes at most 3 bytes of UTF-8
    this.reserve(5 + v.length * 3);
    const at = this.used;
    let length = 0;
    if (version !== 0) {
      this.storage[at + 4] = version;
      length = 1;
    }
    length += this.storage.utf8Write(v, at + 4 + length);
    this.storage.writeInt32BE(length, at);
    this.used = at + 4 + length;
  }

  private integer(field: CopyBinaryField, v: string): void {
    if (!INTEGER_TEXT.test(v)) notCanonical(v, 'integer');
    const bytes = field === CopyBinaryField.INT2 ? 2 : field === CopyBinaryField.INT4 ? 4 : 8;
    this.reserve(4 + bytes);
    const storage = this.storage;
    const at = this.used + 4;
    storage.writeInt32BE(bytes, this.used);
    if (v.length <= EXACT_INTEGER_DIGITS) {
      const n = Number(v);
      // writeInt16BE and writeInt32BE refuse values out of their range
      if (bytes === 2) {
        storage.writeInt16BE(n, at);
      } else if (bytes === 4) {
        storage.writeInt32BE(n, at);
      } else {
        writeSafeInt64BE(storage, at, n);
      }
    } else if (bytes === 8) {
      storage.writeBigInt64BE(BigInt(v), at);
    } else {
      notCanonical(v, 'integer');
    }
    this.used = at + bytes;
  }

  private textArray(elements: Array<string | null>): void {
    const at = this.used;
    this.reserve(24);
    const storage = this.storage;
    const dimensions = elements.length === 0 ? 0 : 1;
    storage.writeInt32BE(dimensions, at + 4);
    storage.writeInt32BE(elements.includes(null) ? 1 : 0, at + 8);
    storage.writeInt32BE(TEXT_OID, at + 12);
    this.used = at + 16;
    if (dimensions === 1) {
      storage.writeInt32BE(elements.length, at + 16);
      storage.writeInt32BE(1, at + 20); // lower bound
      this.used = at + 24;
    }
    for (const element of elements) {
      if (element === null) {
        this.nullField();
      } else {
        this.sized(0, element);
      }
    }
    this.storage.writeInt32BE(this.used - at - 4, at);
  }
}
