/**
 * Decodes base64 text (no whitespace) into a new Uint8Array, or returns undefined when the text is
 * not in the form ion-js accepts for a blob: a multiple of 4 characters from the standard alphabet,
 * with at most two '=' at the end. Unused low bits of the last character are ignored, as ion-js does.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUES[ALPHABET.charCodeAt(i)] = i;
}
const EQUALS = 0x3d;

function valueAt(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return c < 128 ? VALUES[c] : -1;
}

export function base64Bytes(text: string): Uint8Array | undefined {
  const length = text.length;
  if (length % 4 !== 0) {
    return undefined;
  }
  let padding = 0;
  if (length > 0 && text.charCodeAt(length - 1) === EQUALS) {
    padding = text.charCodeAt(length - 2) === EQUALS ? 2 : 1;
  }
  const bytes = new Uint8Array((length / 4) * 3 - padding);
  let out = 0;
  for (let i = 0; i < length; i += 4) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const last = i + 4 === length;
    const c = last && padding === 2 ? 0 : valueAt(text, i + 2);
    const d = last && padding >= 1 ? 0 : valueAt(text, i + 3);
    if ((a | b | c | d) < 0) {
      return undefined;
    }
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[out++] = triple >> 16;
    if (out < bytes.length) {
      bytes[out++] = (triple >> 8) & 0xff;
    }
    if (out < bytes.length) {
      bytes[out++] = triple & 0xff;
    }
  }
  return bytes;
}
