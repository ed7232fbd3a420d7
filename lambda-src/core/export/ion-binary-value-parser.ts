import { isUtf8 } from 'buffer';
import { Decimal } from 'ion-js';
import { DictionaryPath, OFF_PATH } from './dictionary-path';
import { IonFallbackRequired } from './ion-fallback-required';
import { TimestampFields, timestampFieldsValid, TimestampPrecision, timestampText } from './ion-timestamp-text';
import { daysInMonth } from '../model/calendar-date';
import { decimalText } from '../model/ion-to-ledger-value';
import { dictionaryStruct, LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue, setStructField } from '../model/ledger-value';

/**
 * An Ion 1.0 binary parser producing LedgerValue directly, for the ION_BINARY journal export: the
 * same values as the ion-js reader followed by `readLedgerValue`, several times faster.
 *
 * It reads version markers, local symbol tables (new ones and appends, `imports: $ion_symbol_table`),
 * annotation wrappers (annotations dropped, as `readLedgerValue` ignores them) and every type:
 * null and typed nulls, bools, ints of any size, floats, decimals, timestamps (fractions and
 * offsets), symbols, strings, clobs, blobs, lists, sexps and structs. Anything else raises
 * `IonFallbackRequired` and the caller reads the input with ion-js instead: shared symbol table
 * imports, NOP padding (ion-js 5.2 reads a pad as a null value), negative zero ints, symbol ids
 * without text, invalid UTF-8, out-of-range timestamp fields, lengths that do not add up.
 */
export function parseIonBinaryValues(bytes: Uint8Array, dictionaryPath: readonly string[] = []): LedgerValue[] {
  return new IonBinaryValueParser(bytes, dictionaryPath).parseAll();
}

const SYSTEM_SYMBOLS: ReadonlyArray<string | undefined> = [
  undefined,
  '$ion',
  '$ion_1_0',
  '$ion_symbol_table',
  'name',
  'version',
  'imports',
  'symbols',
  'max_id',
  '$ion_shared_symbol_table',
];
const ION_1_0_SID = 2;
const ION_SYMBOL_TABLE_SID = 3;
const VAR_LENGTH = 14;
const NULL_LENGTH = 15;
/** ion-js reads VarUInt / VarInt fields as 32-bit numbers: longer ones are left to it. */
const MAX_VAR_BYTES = 4;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const enum IonType {
  Null = 0,
  Bool = 1,
  PositiveInt = 2,
  NegativeInt = 3,
  Float = 4,
  DecimalNumber = 5,
  Timestamp = 6,
  Symbol = 7,
  String = 8,
  Clob = 9,
  Blob = 10,
  List = 11,
  Sexp = 12,
  Struct = 13,
  Annotation = 14,
}

export class IonBinaryValueParser {
  private readonly bytes: Buffer;
  private readonly view: DataView;
  private pos = 0;
  private symbols: Array<string | undefined> = [...SYSTEM_SYMBOLS];
  /** The last header read by `readHeader`. */
  private headerType = 0;
  private headerLength = 0;
  private headerIsNull = false;
  private readonly dictionaryPath: DictionaryPath;

  /** `dictionaryPath`: the names leading to the struct built as a dictionary (see DictionaryPath). */
  constructor(bytes: Uint8Array, dictionaryPath: readonly string[] = []) {
    this.dictionaryPath = new DictionaryPath(dictionaryPath);
    this.bytes = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** Parses every top-level user value (version markers and symbol tables are applied, not returned). */
  public parseAll(): LedgerValue[] {
    const bytes = this.bytes;
    const end = bytes.length;
    const values: LedgerValue[] = [];
    if (!this.isVersionMarker(0)) {
      this.fallback('Ion binary that does not start with the version marker');
    }
    while (this.pos < end) {
      const descriptor = bytes[this.pos];
      if (descriptor === 0xe0) {
        if (!this.isVersionMarker(this.pos)) {
          this.fallback('an invalid version marker');
        }
        this.symbols = [...SYSTEM_SYMBOLS];
        this.pos += 4;
        continue;
      }
      if (descriptor >> 4 === IonType.Annotation && this.isSymbolTable()) {
        continue;
      }
      if (this.isVersionMarkerSymbol()) {
        this.fallback('a top-level $ion_1_0 symbol (ion-js reads it as a version marker)');
      }
      values.push(this.readValue(end, this.dictionaryPath.root));
    }
    return values;
  }

  private isVersionMarker(at: number): boolean {
    const bytes = this.bytes;
    return bytes[at] === 0xe0 && bytes[at + 1] === 0x01 && bytes[at + 2] === 0x00 && bytes[at + 3] === 0xea;
  }

  /** True when the top-level value at `pos` is the symbol $ion_1_0, annotated or not. */
  private isVersionMarkerSymbol(): boolean {
    const start = this.pos;
    let at = start;
    if (this.bytes[at] >> 4 === IonType.Annotation) {
      this.readHeader(this.bytes.length);
      const annotationsLength = this.readVarUInt();
      at = this.pos + annotationsLength;
      this.pos = start;
    }
    return this.bytes[at] >> 4 === IonType.Symbol && this.symbolIdAt(at) === ION_1_0_SID;
  }

  /** The symbol id of a top-level symbol value at `at` (without moving), or -1 when it is null. */
  private symbolIdAt(at: number): number {
    const saved = this.pos;
    this.pos = at;
    this.readHeader(this.bytes.length);
    const sid = this.headerIsNull ? -1 : this.readUIntNumber(this.headerLength);
    this.pos = saved;
    return sid;
  }

  /**
   * When the annotation wrapper at `pos` is a local symbol table (a struct whose first annotation is
   * $ion_symbol_table, as ion-js decides), applies it and returns true; otherwise leaves `pos`.
   */
  private isSymbolTable(): boolean {
    const start = this.pos;
    this.readHeader(this.bytes.length);
    const wrapperEnd = this.pos + this.headerLength;
    const annotationsLength = this.readVarUInt();
    const annotationsEnd = this.pos + annotationsLength;
    const first = this.readVarUInt();
    const valueType = this.bytes[annotationsEnd] >> 4;
    if (first !== ION_SYMBOL_TABLE_SID || valueType !== IonType.Struct) {
      this.pos = start;
      return false;
    }
    if (this.pos !== annotationsEnd) {
      this.fallback('a symbol table with several annotations');
    }
    this.pos = annotationsEnd;
    this.readSymbolTable(wrapperEnd);
    return true;
  }

  private readSymbolTable(wrapperEnd: number): void {
    this.readHeader(wrapperEnd);
    if (this.headerIsNull || this.pos + this.headerLength !== wrapperEnd) {
      this.fallback('a null or malformed symbol table');
    }
    let append = false;
    let sawImports = false;
    let newSymbols: Array<string | undefined> | undefined;
    while (this.pos < wrapperEnd) {
      const name = this.symbolText(this.readVarUInt());
      const descriptor = this.bytes[this.pos];
      if (name === 'imports') {
        if (sawImports || descriptor >> 4 !== IonType.Symbol || this.symbolIdAt(this.pos) !== ION_SYMBOL_TABLE_SID) {
          this.fallback('a symbol table with imports other than $ion_symbol_table (shared symbol tables)');
        }
        sawImports = true;
        append = true;
        this.skipValue(wrapperEnd);
      } else if (name === 'symbols') {
        if (newSymbols !== undefined || descriptor >> 4 !== IonType.List || (descriptor & 0xf) === NULL_LENGTH) {
          this.fallback('a symbol table whose symbols are not one list');
        }
        const items = this.readValue(wrapperEnd) as LedgerValue[];
        newSymbols = items.map((item) => {
          if (typeof item !== 'string') {
            this.fallback('a symbol table with a symbol that is not a string');
          }
          return item;
        });
      } else {
        this.skipValue(wrapperEnd);
      }
    }
    const base = append ? this.symbols : [...SYSTEM_SYMBOLS];
    this.symbols = newSymbols === undefined ? base : base.concat(newSymbols);
  }

  private skipValue(limit: number): void {
    this.readHeader(limit);
    this.pos += this.headerLength;
  }

  /**
   * Reads a type descriptor and its length into `headerType`, `headerLength` and `headerIsNull`;
   * `pos` is left at the start of the value's body, which must end by `limit`.
   */
  private readHeader(limit: number): void {
    const descriptor = this.bytes[this.pos++];
    const type = descriptor >> 4;
    let length = descriptor & 0xf;
    let isNull = false;
    if (length === NULL_LENGTH) {
      if (type === IonType.Annotation || type === 0xf) {
        this.fallback(`the type descriptor 0x${descriptor.toString(16)}`);
      }
      isNull = true;
      length = 0;
    } else if (type === IonType.Bool) {
      length = 0;
      if ((descriptor & 0xf) > 1) {
        this.fallback(`the bool descriptor 0x${descriptor.toString(16)}`);
      }
    } else if (length === VAR_LENGTH || (type === IonType.Struct && length === 1)) {
      length = this.readVarUInt();
    }
    if (this.pos + length > limit) {
      this.fallback(`a value whose length (${length}) runs past its container or the data`);
    }
    this.headerType = type;
    this.headerLength = length;
    this.headerIsNull = isNull;
  }

  /** `path`: the value's position on the dictionary path. */
  private readValue(limit: number, path = OFF_PATH): LedgerValue {
    const descriptorAt = this.pos;
    this.readHeader(limit);
    if (this.headerIsNull) {
      return null;
    }
    const type = this.headerType;
    const length = this.headerLength;
    const start = this.pos;
    const end = start + length;
    switch (type) {
      case IonType.Null:
        this.pos = descriptorAt;
        return this.fallback('NOP padding (ion-js 5.2 reads a pad as a null value)');
      case IonType.Bool:
        return (this.bytes[descriptorAt] & 0xf) === 1;
      case IonType.PositiveInt:
      case IonType.NegativeInt:
        return this.readInt(type === IonType.NegativeInt, end);
      case IonType.Float:
        this.pos = end;
        if (length === 8) {
          return this.view.getFloat64(start);
        }
        if (length === 4) {
          return this.view.getFloat32(start);
        }
        if (length === 0) {
          return 0;
        }
        this.pos = descriptorAt;
        return this.fallback(`a float of ${length} bytes`);
      case IonType.DecimalNumber:
        return this.readDecimal(end);
      case IonType.Timestamp:
        return this.readTimestamp(descriptorAt, end);
      case IonType.Symbol: {
        const text = this.symbolText(this.readUIntNumber(length));
        return text;
      }
      case IonType.String:
        this.pos = end;
        return this.decodeString(start, end);
      case IonType.Clob:
      case IonType.Blob: {
        const copy = new Uint8Array(length);
        const bytes = this.bytes;
        for (let i = 0; i < length; i++) {
          copy[i] = bytes[start + i];
        }
        this.pos = end;
        return copy;
      }
      case IonType.List:
      case IonType.Sexp: {
        const items: LedgerValue[] = [];
        while (this.pos < end) {
          items.push(this.readValue(end));
        }
        return items;
      }
      case IonType.Struct:
        return this.readStruct(end, path);
      case IonType.Annotation: {
        const annotationsLength = this.readVarUInt();
        const annotationsEnd = this.pos + annotationsLength;
        if (annotationsLength === 0 || annotationsEnd >= end) {
          this.fallback('an annotation wrapper without annotations or value');
        }
        while (this.pos < annotationsEnd) {
          if (this.readVarUInt() === 0) {
            this.fallback('the annotation $0');
          }
        }
        const inner = this.bytes[this.pos] >> 4;
        if (inner === IonType.Annotation || (inner === IonType.Null && (this.bytes[this.pos] & 0xf) !== NULL_LENGTH)) {
          this.fallback('an annotation wrapper around an annotation wrapper or NOP padding');
        }
        const value = this.readValue(end);
        if (this.pos !== end) {
          this.fallback('an annotation wrapper whose length does not match its value');
        }
        return value;
      }
      default:
        this.pos = descriptorAt;
        return this.fallback(`the reserved type descriptor 0x${this.bytes[descriptorAt].toString(16)}`);
    }
  }

  private readStruct(end: number, path: number): LedgerStruct {
    const struct: LedgerStruct = this.dictionaryPath.isDictionary(path) ? dictionaryStruct() : {};
    while (this.pos < end) {
      const name = this.symbolText(this.readVarUInt());
      setStructField(struct, name, this.readValue(end, this.dictionaryPath.field(path, name)));
    }
    return struct;
  }

  private readInt(negative: boolean, end: number): number | bigint {
    const magnitude = this.readMagnitude(end);
    if (magnitude === 0 && negative) {
      this.fallback('a negative zero int');
    }
    if (typeof magnitude === 'number') {
      return negative ? -magnitude : magnitude;
    }
    return magnitude <= MAX_SAFE ? Number(negative ? -magnitude : magnitude) : negative ? -magnitude : magnitude;
  }

  /**
   * The unsigned big-endian int from `pos` to `end` (its first byte masked with `firstMask`): a
   * number when it is a safe integer, else a bigint.
   */
  private readMagnitude(end: number, firstMask = 0xff): number | bigint {
    const bytes = this.bytes;
    const start = this.pos;
    this.pos = end;
    if (end - start <= 6) {
      let magnitude = 0;
      for (let i = start; i < end; i++) {
        magnitude = magnitude * 256 + (i === start ? bytes[i] & firstMask : bytes[i]);
      }
      return magnitude;
    }
    const first = (bytes[start] & firstMask).toString(16).padStart(2, '0');
    const magnitude = BigInt(`0x${first}${bytes.toString('hex', start + 1, end)}`);
    return magnitude <= MAX_SAFE ? Number(magnitude) : magnitude;
  }

  private readDecimal(end: number): LedgerDecimal {
    if (this.pos === end) {
      return new LedgerDecimal('0');
    }
    const exponent = this.readVarInt();
    const coefficientStart = this.pos;
    if (coefficientStart > end) {
      this.fallback('a decimal whose exponent runs past its length');
    }
    let negative = false;
    let magnitude = 0n;
    if (coefficientStart < end) {
      // a sign-and-magnitude int: the sign is the first bit
      negative = (this.bytes[coefficientStart] & 0x80) !== 0;
      magnitude = BigInt(this.readMagnitude(end, 0x7f));
    }
    return new LedgerDecimal(decimalText(new Decimal(negative ? -magnitude : magnitude, exponent, negative)));
  }

  /**
   * A timestamp: offset, then UTC fields down to the precision written, then a fraction. ion-js
   * turns the UTC fields into local ones by adding the offset; so does this.
   */
  private readTimestamp(descriptorAt: number, end: number): LedgerTimestamp {
    if (this.pos === end) {
      this.pos = descriptorAt;
      this.fallback('a timestamp without fields');
    }
    const offsetMinutes = this.readVarInt();
    let precision = TimestampPrecision.Year;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let fraction = '';
    if (this.pos < end) {
      year = this.readVarUInt();
    }
    if (this.pos < end) {
      month = this.readVarUInt();
      precision = TimestampPrecision.Month;
    }
    if (this.pos < end) {
      day = this.readVarUInt();
      precision = TimestampPrecision.Day;
    }
    if (this.pos < end) {
      hour = this.readVarUInt();
      if (this.pos >= end) {
        this.fallback('a timestamp with an hour but no minute');
      }
      minute = this.readVarUInt();
      precision = TimestampPrecision.Minute;
    }
    if (this.pos < end) {
      second = this.readVarUInt();
      precision = TimestampPrecision.Second;
    }
    if (this.pos < end) {
      fraction = this.readFraction(end);
    }
    if (this.pos !== end) {
      this.fallback('a timestamp whose fields run past its length');
    }
    if (!timestampFieldsValid(precision, year, month, day, hour, minute, second, offsetMinutes) || year < 100) {
      this.pos = descriptorAt;
      this.fallback('a timestamp with out-of-range fields');
    }
    if (offsetMinutes === 0) {
      return new LedgerTimestamp(timestampText({ precision, year, month, day, hour, minute, second, fraction, offsetMinutes }));
    }
    if (precision <= TimestampPrecision.Day) {
      this.pos = descriptorAt;
      this.fallback('a date with a known offset');
    }
    const local = new Date(Date.UTC(year, month - 1, day, hour, minute + offsetMinutes));
    const fields: TimestampFields = {
      precision,
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      hour: local.getUTCHours(),
      minute: local.getUTCMinutes(),
      second,
      fraction,
      offsetMinutes,
    };
    if (fields.year < 100 || fields.year > 9998 || fields.day > daysInMonth(fields.year, fields.month)) {
      this.pos = descriptorAt;
      this.fallback('a timestamp near the ends of the year range');
    }
    return new LedgerTimestamp(timestampText(fields));
  }

  /** Fraction digits of the seconds, from a decimal 0 <= d < 1 with a negative exponent. */
  private readFraction(end: number): string {
    const exponent = this.readVarInt();
    let digits = '0';
    if (this.pos < end) {
      if ((this.bytes[this.pos] & 0x80) !== 0) {
        this.fallback('a negative fraction of a second');
      }
      digits = this.readMagnitude(end).toString();
    }
    if (exponent >= 0 || digits.length > -exponent) {
      this.fallback('a fraction of a second that is not below 1 or has no digits');
    }
    return digits.padStart(-exponent, '0');
  }

  private decodeString(start: number, end: number): string {
    const bytes = this.bytes;
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) {
        return this.decodeUtf8(start, end);
      }
    }
    return bytes.toString('latin1', start, end);
  }

  private decodeUtf8(start: number, end: number): string {
    if (!isUtf8(this.bytes.subarray(start, end))) {
      this.pos = start;
      this.fallback('a string that is not valid UTF-8');
    }
    return this.bytes.toString('utf8', start, end);
  }

  private symbolText(sid: number): string {
    const text = sid > 0 ? this.symbols[sid] : undefined;
    if (text === undefined) {
      this.fallback(`the symbol id ${sid} without text`);
    }
    return text;
  }

  /** An unsigned int of `length` bytes (a symbol id). */
  private readUIntNumber(length: number): number {
    if (length > MAX_VAR_BYTES) {
      this.fallback(`a symbol id of ${length} bytes`);
    }
    let value = 0;
    for (let i = 0; i < length; i++) {
      value = value * 256 + this.bytes[this.pos++];
    }
    return value;
  }

  private readVarUInt(): number {
    const bytes = this.bytes;
    let value = 0;
    for (let i = 0; i < MAX_VAR_BYTES; i++) {
      if (this.pos >= bytes.length) {
        break;
      }
      const byte = bytes[this.pos++];
      value = value * 128 + (byte & 0x7f);
      if (byte & 0x80) {
        return value;
      }
    }
    return this.fallback('a VarUInt that is longer than 4 bytes or cut off');
  }

  private readVarInt(): number {
    const bytes = this.bytes;
    let byte = bytes[this.pos++];
    const negative = (byte & 0x40) !== 0;
    let value = byte & 0x3f;
    for (let i = 1; (byte & 0x80) === 0; i++) {
      if (i >= MAX_VAR_BYTES || this.pos >= bytes.length) {
        this.fallback('a VarInt that is longer than 4 bytes or cut off');
      }
      byte = bytes[this.pos++];
      value = value * 128 + (byte & 0x7f);
    }
    return negative ? -value : value;
  }

  private fallback(reason: string): never {
    throw new IonFallbackRequired(`Ion binary with ${reason}`, this.pos);
  }
}
