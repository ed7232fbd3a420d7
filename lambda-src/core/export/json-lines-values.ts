import { StringDecoder } from 'string_decoder';
import { JsonSyntaxError, JsonValueParser } from './json-value-parser';
import { LedgerValue } from '../model/ledger-value';

/**
 * Reads a JSON Lines object chunk by chunk and yields its values, one batch per chunk, parsed
 * losslessly. Blank lines are skipped. Only the current chunk and one partial line are held.
 * Errors name the object and the line.
 */
export async function* readJsonLinesValues(chunks: AsyncIterable<Buffer | string>, objectName: string): AsyncGenerator<LedgerValue[]> {
  const decoder = new StringDecoder('utf8');
  const parser = new JsonValueParser();
  let carry = '';
  let lineNumber = 0;
  for await (const chunk of chunks) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const values: LedgerValue[] = [];
    let lineStart = 0;
    for (;;) {
      const newline = text.indexOf('\n', lineStart);
      if (newline < 0) {
        break;
      }
      lineNumber++;
      parseLine(parser, text, lineStart, newline, lineNumber, objectName, values);
      lineStart = newline + 1;
    }
    carry = text.slice(lineStart);
    if (values.length > 0) {
      yield values;
    }
  }
  const rest = carry + decoder.end();
  if (rest.length > 0) {
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
