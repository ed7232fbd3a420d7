import { CsvRowBuffer, csvRow } from '../../../lambda-src/core/transform/csv-row';

describe('CsvRowBuffer', () => {
  test('quotes every value, leaves NULL empty and doubles quotes', () => {
    const buffer = new CsvRowBuffer();
    buffer.append(['a', null, '', 'say "hi"', 'x,y', 'two\nlines']);
    expect(buffer.take().toString('utf8')).toBe('"a",,"","say ""hi""","x,y","two\nlines"\n');
  });

  test('encodes non-ASCII text as UTF-8, surrogate pairs included', () => {
    const buffer = new CsvRowBuffer(4);
    buffer.append(['Zoë', '東京', '\u{1F600}"']);
    const bytes = buffer.take();
    expect(bytes.toString('utf8')).toBe('"Zoë","東京","\u{1F600}"""\n');
    expect(bytes.length).toBe(Buffer.byteLength('"Zoë","東京","\u{1F600}"""\n'));
  });

  test('grows past its initial capacity and starts empty after take', () => {
    const buffer = new CsvRowBuffer(16);
    const long = 'é'.repeat(10_000);
    buffer.append([long, '1']);
    buffer.append(['2', null]);
    expect(buffer.rowCount).toBe(2);
    expect(buffer.take().toString('utf8')).toBe(`"${long}","1"\n"2",\n`);
    expect(buffer.length).toBe(0);
    expect(buffer.rowCount).toBe(0);
    buffer.appendLine(csvRow(['z']));
    buffer.appendLine(csvRow([null, 'q']));
    expect(buffer.rowCount).toBe(2);
    expect(buffer.take().toString('utf8')).toBe('"z"\n,"q"\n');
  });

  test('a row of one NULL is an empty line, and csvRow gives the same text', () => {
    expect(csvRow([null])).toBe('\n');
    expect(csvRow(['a', null])).toBe('"a",\n');
  });
});
