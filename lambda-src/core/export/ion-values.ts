import { makeReader } from 'ion-js';
import { IonBinaryFramer } from './ion-binary-framer';
import { IonTextFramer } from './ion-text-framer';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { LedgerValue } from '../model/ledger-value';

/**
 * Reads an Ion object (text or binary) chunk by chunk and yields its top-level user values, one
 * batch per batch of whole values cut by the framer, with the ion-js streaming reader. Memory is
 * bounded by the batch size, not by the object size.
 */
export async function* readIonValues(
  chunks: AsyncIterable<Buffer>,
  objectName: string,
  encoding: 'text' | 'binary',
  minBatchBytes?: number,
): AsyncGenerator<LedgerValue[]> {
  const framer = encoding === 'binary' ? new IonBinaryFramer(objectName, minBatchBytes) : new IonTextFramer(objectName, minBatchBytes);
  let valuesBefore = 0;
  // the values before a corrupt one are handed over first, so that the error can say which block came last
  for await (const chunk of chunks) {
    const batch = framer.push(chunk);
    if (batch !== undefined) {
      const { values, error } = readBatch(batch, encoding, objectName, valuesBefore);
      valuesBefore += values.length;
      if (values.length > 0) {
        yield values;
      }
      if (error !== undefined) {
        throw error;
      }
    }
  }
  const { batch: last, error: truncation } = framer.end();
  if (last !== undefined) {
    const { values, error } = readBatch(last, encoding, objectName, valuesBefore);
    if (values.length > 0) {
      yield values;
    }
    if (error !== undefined) {
      throw error;
    }
  }
  if (truncation !== undefined) {
    throw truncation;
  }
}

function readBatch(
  batch: Buffer,
  encoding: 'text' | 'binary',
  objectName: string,
  valuesBefore: number,
): { values: LedgerValue[]; error?: Error } {
  const values: LedgerValue[] = [];
  try {
    const reader = makeReader(encoding === 'text' ? batch.toString('utf8') : batch);
    while (reader.next() !== null) {
      values.push(readLedgerValue(reader));
    }
  } catch (error) {
    const message = `${objectName}: corrupt Ion ${encoding} in top-level value ${valuesBefore + values.length + 1}: ${(error as Error).message}`;
    return { values, error: new Error(message) };
  }
  return { values };
}
