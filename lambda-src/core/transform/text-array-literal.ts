/*
 * The text[] literal of the column conversion (`{"a","b \"c\"",NULL}`: every element quoted, backslash escaping
 * backslash and double quote) and its reading back into elements, for the binary COPY.
 */

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const COMMA = 0x2c;
const NULL_ELEMENT = 'NULL';

/** The literal of a one-dimensional text[] (`null` elements are NULL). */
export function textArrayLiteral(elements: ReadonlyArray<string | null>): string {
  return `{${elements.map((e) => (e === null ? NULL_ELEMENT : `"${e.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

function refuse(literal: string): never {
  throw new Error(`${JSON.stringify(literal)} is not a text[] literal as the column conversion writes it`);
}

/** The elements of a literal written by `textArrayLiteral`. */
export function textArrayElements(literal: string): Array<string | null> {
  const n = literal.length;
  if (n < 2 || literal[0] !== '{' || literal[n - 1] !== '}') refuse(literal);
  const elements: Array<string | null> = [];
  let i = 1;
  while (i < n - 1) {
    if (literal.startsWith(NULL_ELEMENT, i)) {
      elements.push(null);
      i += NULL_ELEMENT.length;
    } else {
      if (literal.charCodeAt(i) !== QUOTE) refuse(literal);
      let element = '';
      let from = ++i;
      for (;; i++) {
        if (i >= n - 1) refuse(literal);
        const c = literal.charCodeAt(i);
        if (c === QUOTE) break;
        if (c === BACKSLASH) {
          element += literal.slice(from, i);
          from = ++i;
        }
      }
      elements.push(element + literal.slice(from, i));
      i++;
    }
    if (i < n - 1 && literal.charCodeAt(i++) !== COMMA) refuse(literal);
    if (i === n - 1 && literal.charCodeAt(i - 1) === COMMA) refuse(literal);
  }
  return elements;
}
