import { createHash, Hash } from 'crypto';
import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

const BEGIN = 0x0b;
const END = 0x0e;
const ESCAPE = 0x0c;

/**
 * Amazon Ion Hash (SHA-256) of an in-memory LedgerValue, computed straight from the value instead of
 * re-reading Ion text: the generator hashes every revision it writes, and this is many times faster
 * than hashing through an Ion reader. It must agree bit for bit with `ionHash` of
 * lambda-src/core/hashing (ion-hash-js over ion-js), which the tests check on every written revision;
 * the scalar representations follow ion-js's binary writer (ints as magnitudes, decimals as
 * exponent VarInt + signed coefficient, timestamps as UTC fields with the offset, an unknown offset
 * as negative zero). Floats are not supported (the ledger model writes none).
 */
export function ionHashOfLedgerValue(value: LedgerValue): Uint8Array {
  const hash = createHash('sha256');
  serializeInto(hash, value);
  return new Uint8Array(hash.digest());
}

const NULL_SERIALIZED = Uint8Array.of(BEGIN, 0x0f, END);
const TRUE_SERIALIZED = Uint8Array.of(BEGIN, 0x11, END);
const FALSE_SERIALIZED = Uint8Array.of(BEGIN, 0x10, END);
const LIST_BEGIN = Uint8Array.of(BEGIN, 0xb0);
const STRUCT_BEGIN = Uint8Array.of(BEGIN, 0xd0);
const END_MARKER = Uint8Array.of(END);

/** Feeds the Ion Hash serialization s(value) into `hash`. */
function serializeInto(hash: Hash, value: LedgerValue): void {
  if (value === null) {
    hash.update(NULL_SERIALIZED);
    return;
  }
  switch (typeof value) {
    case 'boolean':
      hash.update(value ? TRUE_SERIALIZED : FALSE_SERIALIZED);
      return;
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new Error(`ionHashOfLedgerValue: ${value} is not an integer (floats are not supported)`);
      }
      scalarInto(hash, value < 0 ? 0x30 : 0x20, Uint8Array.from(magnitudeBytes(BigInt(value))));
      return;
    case 'bigint':
      scalarInto(hash, value < 0n ? 0x30 : 0x20, Uint8Array.from(magnitudeBytes(value)));
      return;
    case 'string':
      scalarInto(hash, 0x80, Buffer.from(value, 'utf8'));
      return;
    default:
      break;
  }
  if (value instanceof LedgerDecimal) {
    scalarInto(hash, 0x50, decimalRepresentation(value.text));
  } else if (value instanceof LedgerTimestamp) {
    scalarInto(hash, 0x60, timestampRepresentation(value.text));
  } else if (value instanceof Uint8Array) {
    scalarInto(hash, 0xa0, value);
  } else if (Array.isArray(value)) {
    hash.update(LIST_BEGIN);
    value.forEach((item) => serializeInto(hash, item));
    hash.update(END_MARKER);
  } else {
    const fieldHashes = Object.entries(value).map(([name, field]) => {
      const fieldHash = createHash('sha256');
      scalarInto(fieldHash, 0x70, Buffer.from(name, 'utf8'));
      serializeInto(fieldHash, field);
      return fieldHash.digest();
    });
    fieldHashes.sort(Buffer.compare);
    hash.update(STRUCT_BEGIN);
    fieldHashes.forEach((fieldHash) => hash.update(escape(fieldHash)));
    hash.update(END_MARKER);
  }
}

function scalarInto(hash: Hash, typeQualifier: number, representation: Uint8Array): void {
  hash.update(Uint8Array.of(BEGIN, typeQualifier));
  if (representation.length > 0) {
    hash.update(escape(representation));
  }
  hash.update(END_MARKER);
}

function escape(bytes: Uint8Array): Uint8Array {
  if (!bytes.some((b) => b === BEGIN || b === END || b === ESCAPE)) {
    return bytes;
  }
  const escaped: number[] = [];
  for (const b of bytes) {
    if (b === BEGIN || b === END || b === ESCAPE) {
      escaped.push(ESCAPE);
    }
    escaped.push(b);
  }
  return Uint8Array.from(escaped);
}

/** Big-endian magnitude without leading zero bytes; zero is empty. */
function magnitudeBytes(value: bigint): number[] {
  let magnitude = value < 0n ? -value : value;
  const bytes: number[] = [];
  while (magnitude > 0n) {
    bytes.unshift(Number(magnitude & 0xffn));
    magnitude >>= 8n;
  }
  return bytes;
}

/** Ion binary Int (sign and magnitude), as ion-js writes coefficients: zero is one byte. */
function signedIntBytes(magnitude: bigint, negative: boolean): number[] {
  const bytes = magnitude === 0n ? [0] : magnitudeBytes(magnitude);
  if (bytes[0] >= 0x80) {
    bytes.unshift(0);
  }
  if (negative) {
    bytes[0] |= 0x80;
  }
  return bytes;
}

function varUInt(value: number): number[] {
  const bytes = [(value & 0x7f) | 0x80];
  for (let rest = value >>> 7; rest > 0; rest >>>= 7) {
    bytes.unshift(rest & 0x7f);
  }
  return bytes;
}

function varInt(value: number, negative: boolean): number[] {
  let magnitude = Math.abs(value);
  const bytes: number[] = [];
  while (magnitude >= 64) {
    bytes.unshift(magnitude & 0x7f);
    magnitude >>>= 7;
  }
  bytes.unshift(magnitude);
  if (negative) {
    bytes[0] |= 0x40;
  }
  bytes[bytes.length - 1] |= 0x80;
  return bytes;
}

function decimalRepresentation(text: string): Uint8Array {
  const match = /^(-?)(\d+)(?:\.(\d*))?(?:[dD]([+-]?\d+))?$/.exec(text);
  if (match === null) {
    throw new Error(`ionHashOfLedgerValue: "${text}" is not decimal text`);
  }
  const negative = match[1] === '-';
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? '0') - fraction.length;
  const coefficient = BigInt(match[2] + fraction);
  if (!negative && coefficient === 0n && exponent === 0) {
    return new Uint8Array(0);
  }
  const bytes = varInt(exponent, exponent < 0);
  if (negative || coefficient !== 0n) {
    bytes.push(...signedIntBytes(coefficient, negative));
  }
  return Uint8Array.from(bytes);
}

const TIMESTAMP = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?T?(?:(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2}))?$/;

function timestampRepresentation(text: string): Uint8Array {
  const m = TIMESTAMP.exec(text);
  if (m === null) {
    throw new Error(`ionHashOfLedgerValue: "${text}" is not Ion timestamp text`);
  }
  const [, year, month, day, hour, minute, second, fraction, offsetText] = m;
  const bytes: number[] = [];
  if (hour === undefined) {
    // Date precision: the offset is unknown (-00:00), written as a negative zero.
    bytes.push(...varInt(0, true), ...varUInt(Number(year)));
    if (month !== undefined) {
      bytes.push(...varUInt(Number(month)));
    }
    if (day !== undefined) {
      bytes.push(...varUInt(Number(day)));
    }
    return Uint8Array.from(bytes);
  }
  const unknownOffset = offsetText === '-00:00';
  const offset = offsetText === 'Z' ? 0 : (offsetText[0] === '-' ? -1 : 1) * (Number(offsetText.slice(1, 3)) * 60 + Number(offsetText.slice(4, 6)));
  const utc = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)) - offset * 60_000);
  bytes.push(...varInt(offset, unknownOffset || offset < 0));
  bytes.push(...varUInt(utc.getUTCFullYear()), ...varUInt(utc.getUTCMonth() + 1), ...varUInt(utc.getUTCDate()));
  bytes.push(...varUInt(utc.getUTCHours()), ...varUInt(utc.getUTCMinutes()));
  if (second !== undefined) {
    bytes.push(...varUInt(Number(second)));
    if (fraction !== undefined && fraction.length > 0) {
      bytes.push(...varInt(-fraction.length, true));
      const coefficient = BigInt(fraction);
      if (coefficient !== 0n) {
        bytes.push(...signedIntBytes(coefficient, false));
      }
    }
  }
  return Uint8Array.from(bytes);
}
