import { IonTypes, Reader } from 'ion-js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** How hash fields were encoded: Ion blobs, or base64 strings (a JSON export). */
export type HashEncoding = 'blob' | 'base64';

/**
 * Reads the hash the reader is positioned on: an Ion blob, or a base64 string as a JSON export writes
 * it. Throws, naming `where`, for anything else.
 */
export function readHashField(reader: Reader, where: string): { bytes: Uint8Array; encoding: HashEncoding } {
  const type = reader.type();
  if (type === IonTypes.BLOB && !reader.isNull()) {
    return { bytes: Uint8Array.from(reader.uInt8ArrayValue()!), encoding: 'blob' };
  }
  if (type === IonTypes.STRING && !reader.isNull()) {
    const text = reader.stringValue()!;
    if (text.length % 4 !== 0 || !BASE64.test(text)) {
      throw new Error(`${where} is a string but not base64`);
    }
    return { bytes: new Uint8Array(Buffer.from(text, 'base64')), encoding: 'base64' };
  }
  throw new Error(`${where} is not a hash (found ${reader.isNull() ? 'null' : type?.name ?? 'nothing'})`);
}
