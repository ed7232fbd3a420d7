import { makeReader } from 'ion-js';
import { IonBinaryFramer } from './ion-binary-framer';
import { parseIonBinaryValues } from './ion-binary-value-parser';
import { IonFallbackRequired } from './ion-fallback-required';
import { IonTextFramer } from './ion-text-framer';
import { IonTextLines } from './ion-text-lines';
import { parseIonTextValues } from './ion-text-value-parser';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { LedgerValue } from '../model/ledger-value';

/**
 * Reads an Ion object (text or binary) chunk by chunk and yields its top-level user values, one batch per batch of
 * whole values: lines of Ion text (`IonTextLines`) while they hold whole values, otherwise what the framer cuts.
 * Memory is bounded by the batch size (and, for text, the longest line read as lines), not by the object size.
 * `dictionaryPath`: see the fast parsers (the struct it names is built as a dictionary).
 */
export async function* readIonValues(
  chunks: AsyncIterable<Buffer>,
  objectName: string,
  encoding: 'text' | 'binary',
  minBatchBytes?: number,
  dictionaryPath: readonly string[] = [],
): AsyncGenerator<LedgerValue[]> {
  if (encoding === 'binary') {
    yield* readFramed(chunks, new IonBinaryFramer(objectName, minBatchBytes), encoding, objectName, 0, dictionaryPath);
    return;
  }
  const lines = new IonTextLines(minBatchBytes, undefined, dictionaryPath);
  const iterator = chunks[Symbol.asyncIterator]();
  let valuesBefore = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      const values = next.done ? lines.end() : lines.push(next.value);
      if (values === undefined) {
        // not whole lines of whole values: the rest of the object goes through the framer
        const framer = new IonTextFramer(objectName, minBatchBytes, lines.consumed);
        yield* readFramed(withFirst(lines.rest(), next.done ? undefined : iterator), framer, encoding, objectName, valuesBefore,
          dictionaryPath);
        return;
      }
      valuesBefore += values.length;
      if (values.length > 0) {
        yield values;
      }
      if (next.done) {
        return;
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/** `first` (when not empty), then the rest of `iterator` (when there is one). */
async function* withFirst(first: Buffer, iterator: AsyncIterator<Buffer> | undefined): AsyncGenerator<Buffer> {
  if (first.length > 0) {
    yield first;
  }
  if (iterator === undefined) {
    return;
  }
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      return;
    }
    yield next.value;
  }
}

/**
 * Reads values from batches cut by a framer, which finds where each top-level value ends by scanning every byte (so
 * it can cut anywhere). The values before a corrupt one are handed over first, so that the error can say which
 * block came last.
 */
async function* readFramed(
  chunks: AsyncIterable<Buffer>,
  framer: IonTextFramer | IonBinaryFramer,
  encoding: 'text' | 'binary',
  objectName: string,
  valuesBefore: number,
  dictionaryPath: readonly string[],
): AsyncGenerator<LedgerValue[]> {
  for await (const chunk of chunks) {
    const batch = framer.push(chunk);
    if (batch !== undefined) {
      const { values, error } = readIonBatch(batch, encoding, objectName, valuesBefore, dictionaryPath);
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
    const { values, error } = readIonBatch(last, encoding, objectName, valuesBefore, dictionaryPath);
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

/** The values of one batch, the error that stopped it, and why the fast parser left it to ion-js. */
export interface IonBatchValues {
  readonly values: LedgerValue[];
  readonly error?: Error;
  /** Set when the batch was read by ion-js: what the fast parser did not read. */
  readonly fallback?: string;
}

/**
 * Reads one batch of whole top-level values with the fast parser of its encoding; when that parser
 * gives up (a construct it leaves to ion-js, or invalid input), the whole batch is read again with
 * the ion-js streaming reader and `readLedgerValue`, so values and errors are exactly ion-js's.
 */
export function readIonBatch(
  batch: Buffer, encoding: 'text' | 'binary', objectName: string, valuesBefore: number, dictionaryPath: readonly string[] = []): IonBatchValues {
  let fallback: string;
  try {
    return {
      values: encoding === 'text' ? parseIonTextValues(batch.toString('utf8'), dictionaryPath) : parseIonBinaryValues(batch, dictionaryPath),
    };
  } catch (error) {
    // anything else (a defect, a stack overflow on very deep nesting) is also left to ion-js
    fallback = error instanceof IonFallbackRequired ? error.message : `the fast Ion ${encoding} parser failed: ${(error as Error).message}`;
  }
  return { ...readWithIonJs(batch, encoding, objectName, valuesBefore), fallback };
}

function readWithIonJs(
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
