import { readJsonLinesValues } from '../../../lambda-src/core/export/json-lines-values';
import { LedgerDecimal, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    yield bytes.subarray(offset, offset + size);
  }
}

async function readAll(bytes: Buffer, size: number): Promise<LedgerValue[]> {
  const values: LedgerValue[] = [];
  for await (const batch of readJsonLinesValues(chunksOf(bytes, size), 'x.json')) {
    values.push(...batch);
  }
  return values;
}

describe('readJsonLinesValues', () => {
  const text = '{"name":"é 中 😀","n":1.50}\r\n\n  \n{"name":"plain","n":12345678901234567890}\n{"last":true}';
  const expected = [{ name: 'é 中 😀', n: new LedgerDecimal('1.50') }, { name: 'plain', n: 12345678901234567890n }, { last: true }];

  test.each([1, 2, 3, 5, 1000])('reads every line whatever the chunk size (%i bytes), multi-byte characters split or not', async (size) => {
    expect(await readAll(Buffer.from(text), size)).toEqual(expected);
  });

  test('names the object, the line and the column of a syntax error', async () => {
    const bad = Buffer.from('{"a":1}\n{"a":1,,}\n');
    await expect(readAll(bad, 4)).rejects.toThrow('x.json line 2 column 8: invalid JSON: unexpected character ",", a field name was expected');
  });

  test('says the object may be truncated when the last line ends early', async () => {
    await expect(readAll(Buffer.from('{"a":1}\n{"a":[1,'), 3)).rejects.toThrow('x.json line 2 column 9: invalid JSON: unexpected end of input, a value was expected (the object may be truncated)');
  });
});
