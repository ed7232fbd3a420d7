import { Readable } from 'stream';
import { blockFromStruct, DOCUMENTS_BY_ID_PATH } from './block-from-struct';
import { ExportBlock } from './export-block';
import { ExportFormat, sniffExportFormat } from './export-format';
import { PlannedObject } from './export-plan';
import { readIonValues } from './ion-values';
import { readJsonLinesValues } from './json-lines-values';
import { LedgerValue } from '../model/ledger-value';

/**
 * The blocks of one data object, in small batches (tens of kilobytes of the object each), checked to be the blocks its key names: each block
 * is the next block of the strand, none lies beyond the key's range, and the object ends with the key's last block.
 * Errors name the object (`name`) and the last block read. The stream is read to its end or destroyed.
 */
export async function* readObjectBlocks(object: PlannedObject, stream: Readable, name: string): AsyncGenerator<ExportBlock[]> {
  const range = `blocks ${object.firstSequenceNo}-${object.lastSequenceNo}`;
  let lastSequenceNo: number | undefined;
  try {
    const { format, chunks } = await withFormat(stream, object.format, name);
    for await (const values of valuesOf(chunks, format, name)) {
      const blocks = values.map((value) => blockFromStruct(value, object.key));
      for (const block of blocks) {
        const { strandId, sequenceNo } = block.blockAddress;
        const expected = lastSequenceNo === undefined ? object.firstSequenceNo : lastSequenceNo + 1;
        if (sequenceNo !== expected || strandId !== object.strandId) {
          throw new Error(
            `${name}: found block ${strandId}/${sequenceNo} where block ${object.strandId}/${expected} was expected ` +
              `(the key names ${range})`,
          );
        }
        if (sequenceNo > object.lastSequenceNo) {
          throw new Error(`${name}: holds block ${sequenceNo}, beyond the ${range} its key names`);
        }
        lastSequenceNo = sequenceNo;
      }
      yield blocks;
    }
  } catch (error) {
    const message = (error as Error).message;
    const at = lastSequenceNo === undefined ? 'before its first block' : `after block ${lastSequenceNo}`;
    throw new Error(message.startsWith(name) || message.includes(object.key) ? `${message} (${at})` : `${name}: ${message} (${at})`, {
      cause: error,
    });
  }
  if (lastSequenceNo !== object.lastSequenceNo) {
    const read = lastSequenceNo === undefined ? 'no block' : `blocks up to ${lastSequenceNo}`;
    throw new Error(`${name}: the object holds ${read}, but its key names ${range} (the object is truncated)`);
  }
}

function valuesOf(chunks: AsyncIterable<Buffer>, format: ExportFormat, name: string): AsyncIterable<LedgerValue[]> {
  switch (format) {
    case 'JSON':
      return readJsonLinesValues(chunks, name, DOCUMENTS_BY_ID_PATH);
    case 'ION_BINARY':
      return readIonValues(chunks, name, 'binary', undefined, DOCUMENTS_BY_ID_PATH);
    case 'ION_TEXT':
      return readIonValues(chunks, name, 'text', undefined, DOCUMENTS_BY_ID_PATH);
  }
}

/**
 * Reads the first bytes of an object to learn its format, and returns the format with every chunk
 * (those already read included). A declared format must agree with the content on binary vs text.
 */
async function withFormat(
  stream: Readable,
  declared: ExportFormat | undefined,
  name: string,
): Promise<{ format: ExportFormat; chunks: AsyncIterable<Buffer> }> {
  const iterator: AsyncIterator<Buffer> = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let sniffed: ExportFormat | undefined;
  let done = false;
  try {
    while (sniffed === undefined) {
      const next = await iterator.next();
      done = next.done === true;
      if (!done) {
        head.push(next.value);
      }
      sniffed = sniffExportFormat(Buffer.concat(head), name, done);
    }
    if (declared !== undefined && (declared === 'ION_BINARY') !== (sniffed === 'ION_BINARY')) {
      const content = sniffed === 'ION_BINARY' ? 'Ion binary' : 'text';
      throw new Error(`${name}: the export's format is ${declared}, but the object's content is ${content}`);
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      while (!done) {
        const next = await iterator.next();
        if (next.done) {
          return;
        }
        yield next.value;
      }
    } finally {
      stream.destroy();
    }
  }
  return { format: declared ?? sniffed, chunks: chunks() };
}
