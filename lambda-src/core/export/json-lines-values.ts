import { JsonSyntaxError, JsonValueParser } from './json-value-parser';
import { LedgerValue } from '../model/ledger-value';

const NEWLINE = 0x0a;
/**
 * A batch is handed over once its lines hold this many characters: small batches are converted while their values
 * are still in the young generation, where collecting them costs almost nothing.
 */
const BATCH_CHARS = 32 * 1024;

/**
 * Reads a JSON Lines object chunk by chunk and yields its values in batches of about 32 KiB of text, parsed
 * losslessly. Blank lines are skipped. Only the current chunk and one partial line are held.
 * Errors name the object and the line. `dictionaryPath`: see JsonValueParser.
 */
export async function* readJsonLinesValues(
  chunks: AsyncIterable<Buffer>, objectName: string, dictionaryPath: readonly string[] = []): AsyncGenerator<LedgerValue[]> {
  const parser = new JsonValueParser(dictionaryPath);
  let carry: Buffer = Buffer.alloc(0);
  let lineNumber = 0;
  for await (const chunk of chunks) {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      carry = bytes;
      continue;
    }
    // whole lines only: a newline byte never occurs inside a UTF-8 sequence, and the text is flat
    const text = bytes.toString('utf8', 0, lastNewline + 1);
    carry = bytes.subarray(lastNewline + 1);
    let values: LedgerValue[] = [];
    let lineStart = 0;
    let batchStart = 0;
    try {
      for (;;) {
        const newline = text.indexOf('\n', lineStart);
        if (newline < 0) {
          break;
        }
        lineNumber++;
        parseLine(parser, text, lineStart, newline, lineNumber, objectName, values);
        lineStart = newline + 1;
        if (lineStart - batchStart >= BATCH_CHARS && values.length > 0) {
          yield values;
          values = [];
          batchStart = lineStart;
        }
      }
    } catch (error) {
      // hand over the lines before the bad one, so that the error can say which block came last
      if (values.length > 0) {
        yield values;
      }
      throw error;
    }
    if (values.length > 0) {
      yield values;
    }
  }
  if (carry.length > 0) {
    const rest = carry.toString('utf8');
    const values: LedgerValue[] = [];
    parseLine(parser, rest, 0, rest.length, lineNumber + 1, objectName, values);
    if (values.length > 0) {
      yield values;
    }
  }
}

function parseLine(
  parser: JsonValueParser,
  text: string, start: number, end: number, lineNumber: number, objectName: string, into: LedgerValue[]): void {
  if (isBlank(text, start, end)) {
    return;
  }
  try {
    into.push(parser.parse(text, start, end));
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const column = error.offset - start + 1;
      const message = error.message.replace(/ at offset \d+$/, '');
      const truncated = error.offset >= end ? ' (the object may be truncated)' : '';
      throw new Error(`${objectName} line ${lineNumber} column ${column}: invalid JSON: ${message}${truncated}`);
    }
    throw error;
  }
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0d && c !== 0x09) {
      return false;
    }
  }
  return true;
}
