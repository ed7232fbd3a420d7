import { readdir, readFile, stat } from 'fs/promises';
import { extname, join } from 'path';
import { makeBinaryWriter, makeReader } from 'ion-js';
import { decodeKinesisEvent, decodeStreamItem, KinesisEvent } from './kinesis-event';
import { StreamItem } from './stream-item';

/**
 * Reads a file's worth of plain QLDB stream records: one or many top-level Ion values (text or binary).
 * Each value is decoded on its own (a value that is not a stream record becomes a reject item); each
 * record keeps an Ion binary encoding of its value (same Ion data model, so the same Ion hashes).
 * If the Ion itself stops being readable, the rest of the file becomes one reject item.
 */
export function readIonStreamRecords(ion: Uint8Array | string, source: string): StreamItem[] {
  const items: StreamItem[] = [];
  const reader = makeReader(ion);
  let index = 0;
  for (;;) {
    let bytes: Uint8Array;
    try {
      if (reader.next() === null) {
        return items;
      }
      const writer = makeBinaryWriter();
      writer.writeValue(reader);
      writer.close();
      bytes = writer.getBytes();
    } catch (error) {
      items.push({
        kind: 'reject',
        origin: { source, subSequenceNumber: index },
        rawBase64: Buffer.from(typeof ion === 'string' ? Buffer.from(ion, 'utf8') : ion).toString('base64'),
        reason: `${source}, value ${index}: the Ion is not readable from here on (${(error as Error).message})`,
      });
      return items;
    }
    items.push(decodeStreamItem(bytes, { source, subSequenceNumber: index }));
    index++;
  }
}

/**
 * Reads recorded Lambda Kinesis events from JSON text: one event (`{Records: [...]}`) or an array of
 * events. Throws, naming the source, when the text is not such JSON.
 */
export function readKinesisEventsJson(json: string, source: string): StreamItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  return events.flatMap((event, index) => {
    if (!isKinesisEvent(event)) {
      throw new Error(`${source}${Array.isArray(parsed) ? ` item ${index}` : ''} is not a Lambda Kinesis event: expected an object with a Records array`);
    }
    return decodeKinesisEvent(event, Array.isArray(parsed) ? `${source} event ${index}` : source);
  });
}

/**
 * Reads stream input from a path: a `.json` file of recorded Lambda Kinesis events, any other file of
 * plain Ion stream records, or a directory of such files (read in file-name order, not recursively).
 */
export async function readStreamInput(path: string): Promise<StreamItem[]> {
  if ((await stat(path)).isDirectory()) {
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
    const items: StreamItem[] = [];
    for (const name of names) {
      items.push(...(await readStreamFile(join(path, name))));
    }
    return items;
  }
  return readStreamFile(path);
}

async function readStreamFile(path: string): Promise<StreamItem[]> {
  const bytes = await readFile(path);
  if (extname(path).toLowerCase() === '.json') {
    return readKinesisEventsJson(bytes.toString('utf8'), path);
  }
  return readIonStreamRecords(new Uint8Array(bytes), path);
}

function isKinesisEvent(value: unknown): value is KinesisEvent {
  return typeof value === 'object' && value !== null && Array.isArray((value as { Records?: unknown }).Records);
}
