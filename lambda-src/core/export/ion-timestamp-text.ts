import { daysInMonth } from '../model/calendar-date';

/**
 * The Ion text of a timestamp exactly as ion-js `Timestamp.toString()` writes it, from its fields,
 * for the fast Ion parsers. Fields that ion-js would reject (or that need its date arithmetic at the
 * edges of the year range) give undefined, and the caller leaves the value to ion-js.
 */

export const enum TimestampPrecision {
  Year = 1,
  Month = 2,
  Day = 3,
  Minute = 4,
  Second = 5,
}

/** The local fields of a timestamp (as written in Ion text, not UTC). */
export interface TimestampFields {
  readonly precision: TimestampPrecision;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Fraction digits after the point, '' when there are none. */
  readonly fraction: string;
  /** Offset in minutes; -0 is the unknown offset (`-00:00`). */
  readonly offsetMinutes: number;
}

const MAX_OFFSET_MINUTES = 23 * 60 + 59;

/** True when ion-js builds a Timestamp from these local fields without complaint. */
export function timestampFieldsValid(
  precision: TimestampPrecision,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): boolean {
  if (year < 1 || year > 9999) {
    return false;
  }
  if (precision >= TimestampPrecision.Month && (month < 1 || month > 12)) {
    return false;
  }
  if (precision >= TimestampPrecision.Day && (day < 1 || day > daysInMonth(year, month))) {
    return false;
  }
  if (precision >= TimestampPrecision.Minute) {
    if (hour > 23 || minute > 59 || offsetMinutes > MAX_OFFSET_MINUTES || offsetMinutes < -MAX_OFFSET_MINUTES) {
      return false;
    }
    // ion-js checks that the UTC instant's year is within 1..9999 too: leave those edges to it
    if ((year === 1 || year === 9999) && offsetMinutes !== 0) {
      return false;
    }
  }
  return precision < TimestampPrecision.Second || second <= 59;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}

function pad4(value: number): string {
  return value >= 1000 ? `${value}` : `${value}`.padStart(4, '0');
}

/** The offset as ion-js writes it: `Z` for +00:00, `-00:00` for the unknown offset, else `+hh:mm`. */
export function offsetText(offsetMinutes: number): string {
  if (offsetMinutes === 0 && !Object.is(offsetMinutes, -0)) {
    return 'Z';
  }
  const negative = offsetMinutes < 0 || Object.is(offsetMinutes, -0);
  const magnitude = Math.abs(offsetMinutes);
  return `${negative ? '-' : '+'}${pad2(Math.floor(magnitude / 60))}:${pad2(magnitude % 60)}`;
}

/** The Ion text of valid fields (check them with `timestampFieldsValid` first). */
export function timestampText(fields: TimestampFields): string {
  const { precision } = fields;
  let text = pad4(fields.year);
  if (precision === TimestampPrecision.Year) {
    return `${text}T`;
  }
  text += `-${pad2(fields.month)}`;
  if (precision === TimestampPrecision.Month) {
    return `${text}T`;
  }
  text += `-${pad2(fields.day)}T`;
  if (precision === TimestampPrecision.Day) {
    return text;
  }
  text += `${pad2(fields.hour)}:${pad2(fields.minute)}`;
  if (precision === TimestampPrecision.Second) {
    text += `:${pad2(fields.second)}`;
    if (fields.fraction.length > 0) {
      text += `.${fields.fraction}`;
    }
  }
  return text + offsetText(fields.offsetMinutes);
}
