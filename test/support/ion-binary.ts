import { makeBinaryWriter, makeReader } from 'ion-js';

/** The Ion binary encoding (ion-js's writer) of the single value in an Ion text. */
export function ionBinary(text: string): Uint8Array {
  const reader = makeReader(text);
  reader.next();
  const writer = makeBinaryWriter();
  writer.writeValue(reader);
  writer.close();
  return writer.getBytes();
}
