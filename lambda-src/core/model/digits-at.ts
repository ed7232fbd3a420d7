/**
 * The number written by `count` decimal digits of `text` at `start` (all before `end`), or -1 when one of them is
 * not a digit: the fixed-width fields of dates and timestamps, read without a regular expression.
 */
export function digitsAt(text: string, start: number, count: number, end = text.length): number {
  if (start < 0 || start + count > end) {
    return -1;
  }
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) {
      return -1;
    }
    n = n * 10 + d;
  }
  return n;
}
