/**
 * Decodes base64 text (`text[start, end)`, no whitespace) into a new Uint8Array, or returns
 * undefined when the text is not in the form ion-js accepts for a blob: a multiple of 4 characters
 * from the standard alphabet, with at most two '=' at the end. Unused low bits of the last
 * character are ignored, as ion-js does.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUES[ALPHABET.charCodeAt(i)] = i;
}
const EQUALS = 0x3d;

export function base64Bytes(text: string, start = 0, end = text.length): Uint8Array | undefined {
  const length = end - start;
  if (length % 4 !== 0) {
    return undefined;
  }
  let padding = 0;
  if (length > 0 && text.charCodeAt(end - 1) === EQUALS) {
    padding = text.charCodeAt(end - 2) === EQUALS ? 2 : 1;
  }
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  // whole groups, then the last group with its padding
  const wholeEnd = padding === 0 ? end : end - 4;
  let out = 0;
  let i = start;
  for (; i < wholeEnd; i += 4) {
    const ca = text.charCodeAt(i);
    const cb = text.charCodeAt(i + 1);
    const cc = text.charCodeAt(i + 2);
    const cd = text.charCodeAt(i + 3);
    if ((ca | cb | cc | cd) > 0xff) {
      return undefined;
    }
    const a = VALUES[ca];
    const b = VALUES[cb];
    const c = VALUES[cc];
    const d = VALUES[cd];
    if ((a | b | c | d) < 0) {
      return undefined;
    }
    bytes[out++] = (a << 2) | (b >> 4);
    bytes[out++] = ((b & 0xf) << 4) | (c >> 2);
    bytes[out++] = ((c & 0x3) << 6) | d;
  }
  if (padding > 0) {
    const a = valueOf(text.charCodeAt(i));
    const b = valueOf(text.charCodeAt(i + 1));
    const c = padding === 2 ? 0 : valueOf(text.charCodeAt(i + 2));
    if ((a | b | c) < 0) {
      return undefined;
    }
    bytes[out++] = (a << 2) | (b >> 4);
    if (padding === 1) {
      bytes[out++] = ((b & 0xf) << 4) | (c >> 2);
    }
  }
  return bytes;
}

function valueOf(code: number): number {
  return code > 0xff ? -1 : VALUES[code];
}
