import { notCanonical } from './copy-binary-field';

/*
 * numeric in COPY's binary format, from the canonical text of the column conversion (`-123.4500`): the decimal digits
 * in groups of four (base 10000) around the point, with the weight of the first group, the sign and the display
 * scale (the digits after the point as written, so `1.50` stays `1.50`). PostgreSQL applies the column's precision
 * and scale to it as it does to text.
 */

const HYPHEN = 0x2d;
const ZERO = 0x30;
const NUMERIC_POS = 0x0000;
const NUMERIC_NEG = 0x4000;
/** The largest display scale numeric can hold. */
const MAX_DISPLAY_SCALE = 0x3fff;

/** The most bytes `writeNumeric` writes for `text`. */
export function numericByteLimit(text: string): number {
  return 8 + 2 * (Math.ceil(text.length / 4) + 2);
}

/** Four digits of `text` from `start` (positions outside `from`..`to` read as zeros). */
function group(text: string, start: number, from: number, to: number): number {
  let n = 0;
  for (let i = start; i < start + 4; i++) {
    n = n * 10 + (i >= from && i < to ? text.charCodeAt(i) - ZERO : 0);
  }
  return n;
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/** Writes a numeric (`[-]digits[.digits]`) at `offset`; returns the bytes written. */
export function writeNumeric(storage: Buffer, offset: number, text: string): number {
  const negative = text.charCodeAt(0) === HYPHEN;
  const start = negative ? 1 : 0;
  const point = text.indexOf('.', start);
  const integerEnd = point < 0 ? text.length : point;
  const fractionStart = point < 0 ? text.length : point + 1;
  if (integerEnd === start || (point >= 0 && fractionStart === text.length) ||
    !allDigits(text, start, integerEnd) || !allDigits(text, fractionStart, text.length)) notCanonical(text, 'numeric');
  const scale = text.length - fractionStart;
  if (scale > MAX_DISPLAY_SCALE) notCanonical(text, 'numeric');
  let first = start;
  while (first < integerEnd && text.charCodeAt(first) === ZERO) first++;
  const integerGroups = Math.ceil((integerEnd - first) / 4);
  const groups: number[] = [];
  // integer groups end at the point; fraction groups start at it
  for (let g = integerGroups; g > 0; g--) {
    groups.push(group(text, integerEnd - 4 * g, first, integerEnd));
  }
  for (let p = fractionStart; p < text.length; p += 4) {
    groups.push(group(text, p, fractionStart, text.length));
  }
  let weight = integerGroups - 1;
  let from = 0;
  while (from < groups.length && groups[from] === 0) {
    from++;
    weight--;
  }
  let to = groups.length;
  while (to > from && groups[to - 1] === 0) to--;
  const digits = to - from;
  storage.writeInt16BE(digits, offset);
  storage.writeInt16BE(digits === 0 ? 0 : weight, offset + 2);
  storage.writeUInt16BE(negative && digits > 0 ? NUMERIC_NEG : NUMERIC_POS, offset + 4);
  storage.writeUInt16BE(scale, offset + 6);
  for (let i = 0; i < digits; i++) {
    storage.writeUInt16BE(groups[from + i], offset + 8 + 2 * i);
  }
  return 8 + 2 * digits;
}
