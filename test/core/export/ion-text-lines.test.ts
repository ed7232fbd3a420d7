import { ledgerValueDifference, randomIon, readWithIonJs } from './random-ion-values';
import { IonTextLines } from '../../../lambda-src/core/export/ion-text-lines';
import { readIonValues } from '../../../lambda-src/core/export/ion-values';
import { LedgerValue } from '../../../lambda-src/core/model/ledger-value';

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

/** readIonValues over the text in chunks of `chunkSize` bytes: its values, or its error. */
async function read(text: string | Uint8Array, chunkSize: number, minBatchBytes: number): Promise<{ values: LedgerValue[]; error?: string }> {
  const values: LedgerValue[] = [];
  try {
    for await (const batch of readIonValues(chunksOf(Buffer.from(text), chunkSize), 'test.ion', 'text', minBatchBytes)) {
      values.push(...batch);
    }
  } catch (error) {
    return { values, error: (error as Error).message };
  }
  return { values };
}

function expectSameValues(actual: LedgerValue[], expected: LedgerValue[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => expect(ledgerValueDifference(value, expected[i], `value ${i}`)).toBeUndefined());
}

const BLOCK_LINES = Array.from({ length: 40 }, (_, i) =>
  `{blockAddress:{strandId:"s",sequenceNo:${i}},hash:{{aGVsbG8=}},data:{n:${i},t:2020-07-03T20:36:44.181Z,d:90.25,s:"}] \\" {"}}`).join('\n') + '\n';

describe('IonTextLines', () => {
  test('takes lines of whole values without the framer', () => {
    const lines = new IonTextLines(64);
    const bytes = Buffer.from(BLOCK_LINES);
    const values: LedgerValue[] = [];
    for (let offset = 0; offset < bytes.length; offset += 100) {
      const taken = lines.push(bytes.subarray(offset, offset + 100));
      expect(taken).toBeDefined();
      values.push(...taken!);
    }
    values.push(...lines.end()!);
    expect(lines.consumed).toBe(bytes.length);
    expectSameValues(values, readWithIonJs(BLOCK_LINES).values);
  });

  // each text's last line feed is where a value has not ended
  test.each([
    ['a value spread over lines', '{a:1,\n b:2}'],
    ['a scalar last on its line', '{a:1}\nann\n::{b:2}'],
    ['a long string continued on the next line', "{a:1}\n'''x'''\n'''y'''"],
    ['a comment over lines', '{a:1} /* {b:2}\n{c:3} */ {d:4}'],
    ['a symbol table', '$ion_symbol_table::{symbols:["z"]}\n{a:$10}\n'],
  ])('leaves %s to the framer', (_, text) => {
    const lines = new IonTextLines(1);
    expect(lines.push(Buffer.from(text))).toBeUndefined();
    expect(lines.consumed).toBe(0);
    expect(lines.rest().toString()).toBe(text);
  });

  test('leaves a line longer than its limit to the framer', () => {
    const lines = new IonTextLines(1, 16);
    expect(lines.push(Buffer.from('{a:"0123456789'))).toEqual([]);
    expect(lines.push(Buffer.from('0123456789"}'))).toBeUndefined();
  });
});

describe('readIonValues over Ion text', () => {
  const TEXTS: Array<[string, string | Uint8Array]> = [
    ['blocks on lines', BLOCK_LINES],
    ['values spread over lines', '{a:1,\n b:[2,\n3]}\n{c:"x"}\n{d:4}'],
    ['an annotation on the next line', '{a:1}\nann\n::{b:2}\n{c:3}\n'],
    ['long strings concatenated over lines', "{a:1}\n'''x'''\n'''y'''\n{b:2}\n"],
    ['a comment holding values', '{a:1}\n/* {b:2}\n{c:3} */\n{d:4}\n'],
    ['lines, then a pretty-printed tail', `${BLOCK_LINES}{p:1,\n q:2}\n`],
    ['random values (one line)', randomIon(11, 60, 'text')],
    ['random values (pretty-printed)', randomIon(12, 60, 'pretty')],
  ];

  test.each(TEXTS)('gives the values ion-js gives: %s', async (_, text) => {
    const expected = readWithIonJs(text);
    expect(expected.error).toBeUndefined();
    for (const [chunkSize, minBatchBytes] of [[1, 1], [7, 16], [64, 64], [100000, 1 << 20]]) {
      const { values, error } = await read(text, chunkSize, minBatchBytes);
      expect(error).toBeUndefined();
      expectSameValues(values, expected.values);
    }
  });

  test('a truncated last line is reported at its byte offset in the object, after the values before it', async () => {
    const text = `${BLOCK_LINES}{a:"cut`;
    const { values, error } = await read(text, 50, 64);
    expect(values).toHaveLength(40);
    expect(error).toBe(`test.ion: the Ion text ends inside a string at byte ${Buffer.byteLength(text)} (the object is truncated or corrupt)`);
  });

  test('a corrupt value after lines of whole values is counted from the start of the object', async () => {
    const { values, error } = await read(`${BLOCK_LINES}{a:1}}\n`, 50, 64);
    // the lines before the framer took over are handed over; the framer stops at the bracket with what it holds
    expect(values.length).toBeGreaterThan(30);
    expect(error).toBe(`test.ion: invalid Ion text at byte ${Buffer.byteLength(BLOCK_LINES) + 5}: unbalanced '}'`);
  });
});
