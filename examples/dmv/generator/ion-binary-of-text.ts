import { makeBinaryWriter, makeReader } from 'ion-js';

/** Re-encodes Ion text (one or more top-level values) as Ion binary, value for value. */
export function ionBinaryOfText(ionText: string): Uint8Array {
  const writer = makeBinaryWriter();
  writer.writeValues(makeReader(ionText));
  writer.close();
  return writer.getBytes();
}
