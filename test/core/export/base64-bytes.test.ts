import { load } from 'ion-js';
import { base64Bytes } from '../../../lambda-src/core/export/base64-bytes';

/** What ion-js reads from the blob `{{text}}`: its bytes, or undefined when it refuses the blob. */
function ionJsBlob(text: string): Uint8Array | undefined {
  try {
    return load(`{{${text}}}`)!.uInt8ArrayValue()!;
  } catch {
    return undefined;
  }
}

describe('base64Bytes', () => {
  test.each([
    '', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==', Buffer.alloc(32, 7).toString('base64'), Buffer.from([0xfb, 0xff, 0xbf]).toString('base64'),
    'QR==', 'QUJ=', // unused low bits of the last character, ignored
  ])('decodes %j as ion-js does', (text) => {
    const bytes = base64Bytes(text);
    expect(bytes).toBeDefined();
    expect(Buffer.from(bytes!)).toEqual(Buffer.from(ionJsBlob(text)!));
  });

  test.each([
    ['a length that is not a multiple of 4', 'QUJDR'],
    ['the URL-safe alphabet', '-_v7'],
    ['a character outside the alphabet', 'QU!D'],
    ['a non-ASCII character', 'QUé='],
    ["'=' before the end", 'QQ==QQ=='],
    ["three '='", 'Q==='],
    ['whitespace (the parser removes it first)', 'QU D'],
  ])('refuses %s, as ion-js refuses the blob', (_, text) => {
    expect(base64Bytes(text)).toBeUndefined();
    if (!text.includes(' ')) {
      expect(ionJsBlob(text)).toBeUndefined();
    }
  });

  test('decodes a range of a longer text', () => {
    expect(Buffer.from(base64Bytes('{{QUJD}}', 2, 6)!).toString()).toBe('ABC');
  });
});
