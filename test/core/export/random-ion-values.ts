import { Decimal, IonTypes, makeBinaryWriter, makePrettyWriter, makeReader, makeTextWriter, Timestamp, Writer } from 'ion-js';
import { readLedgerValue } from '../../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

/**
 * Random Ion values written with ion-js's own writers (text, pretty text, binary), for differential
 * tests of the fast parsers against ion-js's reader. Seeded, so a failure can be replayed.
 */

/** A small deterministic generator (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  public pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  public chance(probability: number): boolean {
    return this.next() < probability;
  }
  public digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) {
      text += String.fromCharCode(0x30 + this.int(0, 9));
    }
    return text;
  }
}

const SCALAR_KINDS = ['null', 'bool', 'int', 'float', 'decimal', 'timestamp', 'string', 'symbol', 'blob', 'clob'] as const;
const NULL_TYPES = [
  IonTypes.NULL, IonTypes.BOOL, IonTypes.INT, IonTypes.FLOAT, IonTypes.DECIMAL, IonTypes.TIMESTAMP, IonTypes.SYMBOL,
  IonTypes.STRING, IonTypes.CLOB, IonTypes.BLOB, IonTypes.LIST, IonTypes.SEXP, IonTypes.STRUCT,
];
const CHARACTERS = [
  'a', 'Z', '0', ' ', '_', '"', "'", '\\', '/', '\n', '\r', '\t', '\0', '\x07', '\x7f', 'é', 'ß', '中', '€', '😀', '𝄞', '\u2028', '\ufeff', '{', '}', '[', ':', ',',
];
const OPERATOR_SYMBOL = /^[!#%&*+\-./;<=>?@^`|~]+$/;
const NAMES = ['__proto__', 'id', 'VIN', 'Owners', 'PersonId', 'a b', '', 'x:y', "it's", 'null', 'true', 'nan', 'é', '😀', 'Field_9', '0lead', 'quote"d', 'back\\slash'];

export interface RandomIonOptions {
  /** Include symbols starting with $, which the fast parsers leave to ion-js. */
  readonly withFallbackConstructs?: boolean;
  readonly maxDepth?: number;
}

export class RandomIonWriter {
  constructor(
    private readonly random: Random,
    private readonly options: RandomIonOptions = {},
  ) {}

  /** `count` random top-level values, each written with random annotations. */
  public write(writer: Writer, count: number): void {
    for (let i = 0; i < count; i++) {
      this.writeValue(writer, 0);
    }
  }

  private writeValue(writer: Writer, depth: number): void {
    const random = this.random;
    if (random.chance(0.1)) {
      writer.setAnnotations(Array.from({ length: random.int(1, 2) }, () => this.symbolText()));
    }
    if (depth < (this.options.maxDepth ?? 4) && random.chance(depth === 0 ? 0.8 : 0.3)) {
      const type = random.pick([IonTypes.STRUCT, IonTypes.STRUCT, IonTypes.LIST, IonTypes.SEXP]);
      writer.stepIn(type);
      const count = random.int(0, 6);
      for (let i = 0; i < count; i++) {
        if (type === IonTypes.STRUCT) {
          writer.writeFieldName(this.fieldName());
        }
        this.writeValue(writer, depth + 1);
      }
      writer.stepOut();
      return;
    }
    this.writeScalar(writer, random.pick(SCALAR_KINDS));
  }

  private writeScalar(writer: Writer, kind: (typeof SCALAR_KINDS)[number]): void {
    const random = this.random;
    switch (kind) {
      case 'null':
        return writer.writeNull(random.pick(NULL_TYPES));
      case 'bool':
        return writer.writeBoolean(random.chance(0.5));
      case 'int':
        return writer.writeInt(this.int());
      case 'float':
        if (random.chance(0.2)) {
          return writer.writeFloat32(Math.fround(this.float()));
        }
        return writer.writeFloat64(this.float());
      case 'decimal':
        return writer.writeDecimal(this.decimal());
      case 'timestamp':
        return writer.writeTimestamp(this.timestamp());
      case 'string':
        return writer.writeString(this.text(random.int(0, 12)));
      case 'symbol':
        return writer.writeSymbol(this.symbolText());
      case 'blob':
        return writer.writeBlob(this.bytes());
      case 'clob':
        return writer.writeClob(this.bytes());
    }
  }

  private int(): number | bigint {
    const random = this.random;
    switch (random.int(0, 4)) {
      case 0:
        return random.int(-300, 300);
      case 1:
        return random.int(-2147483648, 2147483647);
      case 2: {
        const edge = BigInt(Number.MAX_SAFE_INTEGER) + BigInt(random.int(-2, 2));
        return random.chance(0.5) ? -edge : edge;
      }
      case 3: {
        const big = BigInt(`1${random.digits(random.int(15, 40))}`);
        return random.chance(0.5) ? -big : big;
      }
      default:
        return Math.floor((random.next() - 0.5) * 2 ** 48);
    }
  }

  private float(): number {
    const random = this.random;
    switch (random.int(0, 5)) {
      case 0:
        return random.pick([0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 1, -1.5]);
      case 1:
        return (random.next() - 0.5) * 10 ** random.int(-300, 300);
      default:
        return Math.round((random.next() - 0.5) * 1e6) / 10 ** random.int(0, 6);
    }
  }

  private decimal(): Decimal {
    const random = this.random;
    const negative = random.chance(0.4);
    const coefficient = random.chance(0.1) ? 0n : BigInt(random.digits(random.int(1, random.chance(0.1) ? 40 : 9)));
    return new Decimal(negative ? -coefficient : coefficient, random.int(-20, 8), negative);
  }

  private timestamp(): Timestamp {
    const random = this.random;
    const precision = random.int(1, 5);
    const year = random.chance(0.1) ? random.pick([100, 1582, 1900, 2000, 2024, 9998]) : random.int(1000, 2100);
    const month = random.int(1, 12);
    const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
    const lastDay = new Date(Date.UTC(2001, month, 0)).getUTCDate() + leapDay;
    const day = random.chance(0.2) ? lastDay : random.int(1, lastDay);
    const offset = random.pick([0, -0, 60, -300, 330, -1439, 1439, random.int(-1439, 1439)]);
    let seconds: Decimal | null = null;
    if (precision === 5) {
      const fraction = random.chance(0.3) ? '' : random.digits(random.int(1, 9));
      seconds = Decimal.parse(`${random.int(0, 59)}${fraction === '' ? '' : `.${fraction}`}`);
    }
    return new Timestamp(
      precision >= 4 ? offset : -0,
      year,
      precision >= 2 ? month : null,
      precision >= 3 ? day : null,
      precision >= 4 ? random.int(0, 23) : null,
      precision >= 4 ? random.int(0, 59) : null,
      seconds,
    );
  }

  private text(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) {
      text += this.random.chance(0.6) ? String.fromCharCode(this.random.int(0x20, 0x7e)) : this.random.pick(CHARACTERS);
    }
    return text;
  }

  private symbolText(): string {
    if (this.options.withFallbackConstructs && this.random.chance(0.2)) {
      return this.random.pick(['$ion', '$x', '$99']);
    }
    const text = this.random.chance(0.5) ? this.random.pick(NAMES) : this.text(this.random.int(1, 6));
    // ion-js writes a symbol made of operator characters unquoted in a sexp, and cannot read it back
    return text.startsWith('$') || OPERATOR_SYMBOL.test(text) ? `_${text}` : text;
  }

  private fieldName(): string {
    return this.random.chance(0.7) ? this.random.pick(NAMES) : this.symbolText();
  }

  private bytes(): Uint8Array {
    return Uint8Array.from({ length: this.random.int(0, 40) }, () => this.random.int(0, 255));
  }
}

export type IonEncoding = 'text' | 'pretty' | 'binary';

/** `count` random values written by ion-js in the given encoding. */
export function randomIon(seed: number, count: number, encoding: IonEncoding, options?: RandomIonOptions): Uint8Array {
  const writer = encoding === 'binary' ? makeBinaryWriter() : encoding === 'pretty' ? makePrettyWriter(2) : makeTextWriter();
  new RandomIonWriter(new Random(seed), options).write(writer, count);
  writer.close();
  return writer.getBytes();
}

/** The values ion-js's streaming reader and readLedgerValue give, or the error they raise. */
export function readWithIonJs(input: string | Uint8Array): { values: LedgerValue[]; error?: string } {
  const values: LedgerValue[] = [];
  try {
    const reader = makeReader(input);
    while (reader.next() !== null) {
      values.push(readLedgerValue(reader));
    }
  } catch (error) {
    return { values, error: (error as Error).message };
  }
  return { values };
}

/**
 * The first difference between two LedgerValues (undefined when identical): types, classes,
 * struct field order, -0 vs 0, number vs bigint, decimal and timestamp text, blob bytes.
 */
export function ledgerValueDifference(actual: LedgerValue, expected: LedgerValue, path = '$'): string | undefined {
  const describe = (value: LedgerValue): string =>
    value instanceof LedgerDecimal || value instanceof LedgerTimestamp
      ? `${value.constructor.name}(${value.text})`
      : typeof value === 'bigint'
        ? `${value}n`
        : Object.is(value, -0)
          ? '-0'
          : ArrayBuffer.isView(value)
            ? `${value.constructor.name}[${Array.from(value as Uint8Array).join(',')}]`
            : JSON.stringify(value) ?? String(value);
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) ? undefined : `${path}: ${describe(actual)} instead of ${describe(expected)}`;
  }
  if (actual === null || typeof actual !== 'object') {
    return `${path}: ${describe(actual)} instead of ${describe(expected)}`;
  }
  const prototype = Object.getPrototypeOf(expected);
  if (prototype === LedgerDecimal.prototype || prototype === LedgerTimestamp.prototype) {
    return Object.getPrototypeOf(actual) === prototype && (actual as LedgerDecimal).text === (expected as LedgerDecimal).text
      ? undefined
      : `${path}: ${describe(actual)} instead of ${describe(expected)}`;
  }
  if (prototype === Uint8Array.prototype) {
    const bytes = actual as Uint8Array;
    const same = Object.getPrototypeOf(bytes) === prototype && bytes.length === (expected as Uint8Array).length;
    return same && bytes.every((byte, i) => byte === (expected as Uint8Array)[i])
      ? undefined
      : `${path}: ${describe(bytes)} instead of ${describe(expected)}`;
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) {
    return `${path}: ${describe(actual)} instead of ${describe(expected)}`;
  }
  if (!Array.isArray(expected) && (prototype !== Object.prototype || Object.getPrototypeOf(actual) !== Object.prototype)) {
    return `${path}: a struct with a prototype other than Object's`;
  }
  if (Array.isArray(expected)) {
    const items = actual as LedgerValue[];
    if (items.length !== expected.length) {
      return `${path}: ${items.length} items instead of ${expected.length}`;
    }
    for (let i = 0; i < items.length; i++) {
      const difference = ledgerValueDifference(items[i], expected[i], `${path}[${i}]`);
      if (difference !== undefined) {
        return difference;
      }
    }
    return undefined;
  }
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  if (actualKeys.join('\u0000') !== expectedKeys.join('\u0000')) {
    return `${path}: fields ${JSON.stringify(actualKeys)} instead of ${JSON.stringify(expectedKeys)}`;
  }
  for (const key of expectedKeys) {
    const difference = ledgerValueDifference((actual as Record<string, LedgerValue>)[key], (expected as Record<string, LedgerValue>)[key], `${path}.${key}`);
    if (difference !== undefined) {
      return difference;
    }
  }
  return undefined;
}
