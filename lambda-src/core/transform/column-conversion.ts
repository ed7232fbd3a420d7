import { ledgerJson } from './ledger-json';
import { textArrayLiteral } from './text-array-literal';
import { PathSelection } from './value-at-path';
import { ColumnKind, ColumnType } from '../../../src/mapping/column-type';
import { isRealDate } from '../model/calendar-date';
import { digitsAt } from '../model/digits-at';
import { isLedgerStruct, LedgerDecimal, LedgerTimestamp, LedgerValue } from '../model/ledger-value';

/*
 * Converts a ledger value to the canonical PostgreSQL text of a column type, or says why it cannot. Nothing is ever
 * rounded, truncated or guessed: a value that does not fit is a reject. The texts are canonical (the Glue job writes
 * the same bytes) and parse in PostgreSQL without loss.
 */

/** Why a value cannot be stored in a column. */
export class ConversionFailure {
  constructor(public readonly reason: string) {}
}

/**
 * The outcome of a conversion: the column's text, NULL, or why the value does not fit. A text is returned as it is
 * (no wrapper object): this runs for every column of every revision.
 */
export type Conversion = string | null | ConversionFailure;

const INTEGER_RANGES: Partial<Record<ColumnKind, [bigint, bigint]>> = {
  [ColumnKind.SMALLINT]: [-32768n, 32767n],
  [ColumnKind.INTEGER]: [-2147483648n, 2147483647n],
  [ColumnKind.BIGINT]: [-9223372036854775808n, 9223372036854775807n],
};
const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;
const TIMESTAMP_TEXT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_TEXT = /^(\d{4}-\d{2}-\d{2})T?$/;

/** What an unconstrained numeric holds (PostgreSQL refuses the text of anything larger or finer). */
const NUMERIC_MAX_INTEGER_DIGITS = 131072;
const NUMERIC_MAX_SCALE = 16383;
/** The largest offset PostgreSQL's timestamptz input accepts, in hours (Ion allows up to 23:59). */
export const MAX_OFFSET_HOURS = 15;

const fail = (reason: string): ConversionFailure => new ConversionFailure(reason);

function describeValue(value: LedgerValue): string {
  if (value instanceof LedgerDecimal) return 'decimal';
  if (value instanceof LedgerTimestamp) return 'timestamp';
  if (value instanceof Uint8Array) return 'blob';
  if (Array.isArray(value)) return 'list';
  if (isLedgerStruct(value)) return 'struct';
  return typeof value === 'bigint' ? 'integer' : typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

/** Text of a scalar for text columns; undefined for containers. */
function scalarText(value: Exclude<LedgerValue, null>): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint' || typeof value === 'number') return String(value);
  if (value instanceof LedgerDecimal || value instanceof LedgerTimestamp) return value.text;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return undefined;
}

/** Exact decimal parts of a numeric value, or undefined when it is not a number. */
function numberParts(value: Exclude<LedgerValue, null>): { sign: string; digits: string; scale: number } | undefined {
  let text: string;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) {
    text = value.toString();
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (value instanceof LedgerDecimal || typeof value === 'string') {
    text = value instanceof LedgerDecimal ? value.text : value.trim();
  } else {
    return undefined;
  }
  const m = NUMBER_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  let digits = (m[2] + fraction).replace(/^0+(?=\d)/, '');
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  return { sign: m[1] === '-' ? '-' : '', digits: digits === '' ? '0' : digits, scale };
}

function plainNumber(p: { sign: string; digits: string; scale: number }): string {
  if (p.scale === 0) return p.sign + p.digits;
  const padded = p.digits.padStart(p.scale + 1, '0');
  return `${p.sign}${padded.slice(0, -p.scale)}.${padded.slice(-p.scale)}`;
}

/** The same ranges as numbers, for safe integers (bigint holds every one of them). */
const SAFE_INTEGER_RANGES: Partial<Record<ColumnKind, [number, number]>> = Object.fromEntries(
  Object.entries(INTEGER_RANGES).map(([kind, [min, max]]) =>
    [kind, [Math.max(Number(min), Number.MIN_SAFE_INTEGER), Math.min(Number(max), Number.MAX_SAFE_INTEGER)]]),
);

function toInteger(value: Exclude<LedgerValue, null>, kind: ColumnKind): Conversion {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    // most values: no exact decimal arithmetic needed (String(-0) is '0', as below)
    const [min, max] = SAFE_INTEGER_RANGES[kind]!;
    if (value >= min && value <= max) return String(value);
  }
  const parts = numberParts(value);
  if (!parts) return fail(`a ${describeValue(value)} is not a number`);
  const fraction = parts.digits.slice(parts.digits.length - parts.scale);
  if (parts.scale > 0 && /[1-9]/.test(fraction)) return fail(`${plainNumber(parts)} is not a whole number`);
  const whole = BigInt(parts.sign + (parts.digits.slice(0, parts.digits.length - parts.scale) || '0'));
  const [min, max] = INTEGER_RANGES[kind]!;
  if (whole < min || whole > max) return fail(`${whole} is out of the ${kind} range ${min} to ${max}`);
  return whole.toString();
}

function toDecimal(value: Exclude<LedgerValue, null>, type: ColumnType): Conversion {
  const parts = numberParts(value);
  if (!parts) return fail(`a ${describeValue(value)} is not a number`);
  if (type.precision === undefined) {
    if (parts.scale > NUMERIC_MAX_SCALE || parts.digits.length - parts.scale > NUMERIC_MAX_INTEGER_DIGITS) {
      return fail(`${parts.digits.length} digits with ${parts.scale} after the point are beyond PostgreSQL's numeric ` +
        `(${NUMERIC_MAX_INTEGER_DIGITS} digits before the point, ${NUMERIC_MAX_SCALE} after)`);
    }
    return plainNumber(parts);
  }
  const scale = type.scale ?? 0;
  let { digits } = parts;
  let valueScale = parts.scale;
  while (valueScale > scale && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    valueScale--;
  }
  if (valueScale > scale) return fail(`${plainNumber(parts)} has more than ${scale} digits after the point (it would be rounded)`);
  const integerDigits = digits.slice(0, Math.max(0, digits.length - valueScale)).replace(/^0+/, '').length;
  if (integerDigits > type.precision - scale) {
    return fail(`${plainNumber(parts)} has more than ${type.precision - scale} digits before the point for ${type.toSql()}`);
  }
  return plainNumber({ sign: parts.sign, digits, scale: valueScale });
}

function timeText(value: Exclude<LedgerValue, null>): string | undefined {
  return value instanceof LedgerTimestamp || typeof value === 'string' ? value.toString().trim() : undefined;
}

const HYPHEN = 0x2d;
const UPPER_T = 0x54;

/** Whether `text` from `start` has no line terminator (what `.` of a regular expression does not match). */
function isOneLine(text: string, start: number): boolean {
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/**
 * The date of the usual forms (`2020-07-03`, or a timestamp starting `2020-07-03T`) read without a regular expression,
 * or undefined for anything else (which `DATE_TEXT` then decides, with its error message).
 */
function plainDate(text: string): string | undefined {
  if (text.length < 10 || text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN) return undefined;
  if (text.length > 10 && (text.charCodeAt(10) !== UPPER_T || !isOneLine(text, 11))) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || !isRealDate(year, month, day)) return undefined;
  return text.length === 10 ? text : text.slice(0, 10);
}

function toDate(value: Exclude<LedgerValue, null>): string | ConversionFailure {
  const text = timeText(value);
  if (text === undefined) return fail(`a ${describeValue(value)} is not a date`);
  const plain = plainDate(text);
  if (plain !== undefined) return plain;
  const m = DATE_TEXT.exec(text);
  if (!m) return fail(`"${text}" is not a date with day precision`);
  if (!isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return fail(`"${text}" is not a real calendar date`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

function toTimestamp(value: Exclude<LedgerValue, null>): Conversion {
  const text = timeText(value);
  if (text === undefined) return fail(`a ${describeValue(value)} is not a timestamp`);
  const day = DAY_TEXT.exec(text);
  if (day) {
    const date = toDate(day[1]);
    return typeof date === 'string' ? `${date}T00:00:00+00:00` : date;
  }
  const m = TIMESTAMP_TEXT.exec(text);
  if (!m) return fail(`"${text}" is not a timestamp with a time and an offset`);
  const date = toDate(m[1]);
  if (typeof date !== 'string') return date;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? '0') > 59) return fail(`"${text}" is not a real time of day`);
  if (m[6] !== 'Z' && (Number(m[6].slice(1, 3)) > MAX_OFFSET_HOURS || Number(m[6].slice(4)) > 59)) {
    return fail(`"${text}" has the offset ${m[6]}; PostgreSQL's timestamptz accepts offsets up to ±${MAX_OFFSET_HOURS}:59`);
  }
  let fraction = m[5] ?? '';
  if (fraction.length > 6) {
    if (/[1-9]/.test(fraction.slice(6))) return fail(`"${text}" has sub-microsecond digits; timestamptz keeps microseconds`);
    fraction = fraction.slice(0, 6);
  }
  const offset = m[6] === 'Z' || m[6] === '-00:00' ? '+00:00' : m[6];
  return `${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${fraction ? '.' + fraction : ''}${offset}`;
}

function checkText(text: string, type: ColumnType): Conversion {
  if (text.includes('\u0000')) return fail('the text contains a NUL character, which PostgreSQL text cannot hold');
  // UTF-16 units are at least as many as characters: count characters only when the units do not fit.
  if (type.kind === ColumnKind.VARCHAR && text.length > type.length!) {
    const length = [...text].length;
    if (length > type.length!) return fail(`${length} characters do not fit ${type.toSql()}`);
  }
  return text;
}

function toText(value: Exclude<LedgerValue, null>, type: ColumnType): Conversion {
  const text = scalarText(value);
  if (text === undefined) return fail(`a ${describeValue(value)} cannot be stored in ${type.toSql()} (map it to jsonb)`);
  return checkText(text, type);
}

function toBoolean(value: Exclude<LedgerValue, null>): Conversion {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === 'true' || value === 'false') return value;
  return fail(`a ${describeValue(value)} is not a boolean`);
}

function toTextArray(values: LedgerValue[]): Conversion {
  const elements: Array<string | null> = [];
  for (const v of values) {
    if (v === null) {
      elements.push(null);
      continue;
    }
    const text = scalarText(v);
    if (text === undefined) return fail(`a list element is a ${describeValue(v)}; text[] holds scalars only`);
    if (text.includes('\u0000')) return fail('a list element contains a NUL character');
    elements.push(text);
  }
  return textArrayLiteral(elements);
}

/** Converts one value (not a `[*]` list) to a column's text. */
export function convertValue(value: LedgerValue, type: ColumnType): Conversion {
  if (value === null) return null;
  switch (type.kind) {
    case ColumnKind.SMALLINT:
    case ColumnKind.INTEGER:
    case ColumnKind.BIGINT:
      return toInteger(value, type.kind);
    case ColumnKind.DECIMAL:
      return toDecimal(value, type);
    case ColumnKind.BOOLEAN:
      return toBoolean(value);
    case ColumnKind.DATE:
      return toDate(value);
    case ColumnKind.TIMESTAMPTZ:
      return toTimestamp(value);
    case ColumnKind.JSONB:
      return ledgerJson(value);
    case ColumnKind.TEXT_ARRAY:
      return Array.isArray(value) ? toTextArray(value) : fail(`a ${describeValue(value)} is not a list; text[] needs a list`);
    case ColumnKind.TEXT:
    case ColumnKind.VARCHAR:
      return toText(value, type);
  }
}

/** Converts what a path selected: one value, or the list a `[*]` path produced (joined, an array, or JSON). */
export function convertSelection(selection: PathSelection, type: ColumnType, separator: string): Conversion {
  if (selection.kind === 'missing') return null;
  if (selection.kind === 'value') return convertValue(selection.value, type);
  const values = selection.values;
  switch (type.kind) {
    case ColumnKind.TEXT_ARRAY:
      return toTextArray(values);
    case ColumnKind.JSONB:
      return ledgerJson(values);
    default: {
      const texts: string[] = [];
      for (const v of values) {
        if (v === null) continue;
        const text = scalarText(v);
        if (text === undefined) return fail(`a list element is a ${describeValue(v)}; only scalars can be joined`);
        texts.push(text);
      }
      return checkText(texts.join(separator), type);
    }
  }
}
