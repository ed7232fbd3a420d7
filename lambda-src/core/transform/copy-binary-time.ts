import { MAX_OFFSET_HOURS } from './column-conversion';
import { notCanonical } from './copy-binary-field';
import { writeSafeInt64BE } from './safe-int64';
import { daysSinceUnixEpoch, isRealDate } from '../model/calendar-date';
import { digitsAt } from '../model/digits-at';

/*
 * date and timestamptz in COPY's binary format, from the canonical texts the column conversion gives
 * (`2020-07-03`, `2020-07-03T14:03:55.027283+13:45`): a date is a 32-bit count of days from 2000-01-01, a
 * timestamptz a 64-bit count of microseconds from 2000-01-01T00:00:00Z. The conversion has checked the values;
 * text of another shape is an error here, never a guess.
 */

const DAYS_1970_TO_2000 = 10957;
const SECONDS_PER_DAY = 86400;
/** Seconds below which seconds x 10^6 + microseconds is an exact double (under 2^53). */
const EXACT_SECONDS = 9_000_000_000;
const HYPHEN = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const PLUS = 0x2b;
const UPPER_T = 0x54;

/** Days from 2000-01-01 of the date at the start of `text`, or -1e9 when it is not a real date. */
function daysAt(text: string): number {
  if (text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN) return -1e9;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || !isRealDate(year, month, day)) return -1e9;
  return daysSinceUnixEpoch(year, month, day) - DAYS_1970_TO_2000;
}

/** Writes a date (`YYYY-MM-DD`) at `offset`; returns the bytes written (4). */
export function writeDate(storage: Buffer, offset: number, text: string): number {
  const days = text.length === 10 ? daysAt(text) : -1e9;
  if (days === -1e9) notCanonical(text, 'date');
  storage.writeInt32BE(days, offset);
  return 4;
}

/** Writes a timestamptz (`YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:MM`) at `offset`; returns the bytes written (8). */
export function writeTimestamptz(storage: Buffer, offset: number, text: string): number {
  const n = text.length;
  // date, T, hours, minutes, seconds: 19 characters; the offset: the last 6
  if (n < 25 || text.charCodeAt(10) !== UPPER_T || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON ||
    text.charCodeAt(n - 3) !== COLON) notCanonical(text, 'timestamptz');
  const days = daysAt(text);
  const hours = digitsAt(text, 11, 2);
  const minutes = digitsAt(text, 14, 2);
  const seconds = digitsAt(text, 17, 2);
  const sign = text.charCodeAt(n - 6) === PLUS ? 1 : text.charCodeAt(n - 6) === HYPHEN ? -1 : 0;
  const offsetHours = digitsAt(text, n - 5, 2);
  const offsetMinutes = digitsAt(text, n - 2, 2);
  let micros = 0;
  if (n > 25) {
    const digits = n - 26;
    if (text.charCodeAt(19) !== DOT || digits < 1 || digits > 6) notCanonical(text, 'timestamptz');
    micros = digitsAt(text, 20, digits) * 10 ** (6 - digits);
  }
  if (days === -1e9 || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59 || sign === 0 ||
    offsetHours < 0 || offsetHours > MAX_OFFSET_HOURS || offsetMinutes < 0 || offsetMinutes > 59 || micros < 0) notCanonical(text, 'timestamptz');
  const utcSeconds = days * SECONDS_PER_DAY + hours * 3600 + minutes * 60 + seconds - sign * (offsetHours * 3600 + offsetMinutes * 60);
  if (Math.abs(utcSeconds) < EXACT_SECONDS) {
    writeSafeInt64BE(storage, offset, utcSeconds * 1e6 + micros);
  } else {
    storage.writeBigInt64BE(BigInt(utcSeconds) * 1_000_000n + BigInt(micros), offset);
  }
  return 8;
}
