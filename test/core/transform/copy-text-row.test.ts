import { CopyTextRowBuffer } from '../../../lambda-src/core/transform/copy-text-row';

describe('CopyTextRowBuffer', () => {
  test('separates values by tabs, writes NULL as \\N and leaves everything else unquoted', () => {
    const buffer = new CopyTextRowBuffer(64);
    buffer.append(['a', null, '', 'say "hi"', 'x,y', '{"a":1}']);
    expect(buffer.take().toString('utf8')).toBe('a\t\\N\t\tsay "hi"\tx,y\t{"a":1}\n');
  });

  test('escapes a backslash, a tab, a line feed and a carriage return inside a value, and only those', () => {
    const buffer = new CopyTextRowBuffer(64);
    buffer.append(['\\N', 'a\tb', 'two\nlines\r\n', '\\.', '{"q":"\\"x\\""}', '\x1f\b\f\v']);
    expect(buffer.take().toString('utf8')).toBe(
      '\\\\N\ta\\tb\ttwo\\nlines\\r\\n\t\\\\.\t{"q":"\\\\"x\\\\""}\t\x1f\b\f\v\n');
  });

  test('encodes non-ASCII text as UTF-8, surrogate pairs included, growing past its capacity', () => {
    const buffer = new CopyTextRowBuffer(4);
    const long = 'é'.repeat(10_000);
    buffer.append(['Zoë', '東京', '\u{1F600}']);
    buffer.append([long]);
    expect(buffer.rowCount).toBe(2);
    expect(buffer.full).toBe(true);
    const bytes = buffer.take();
    expect(bytes.toString('utf8')).toBe(`Zoë\t東京\t\u{1F600}\n${long}\n`);
    expect(bytes.length).toBe(Buffer.byteLength(`Zoë\t東京\t\u{1F600}\n${long}\n`));
    expect(buffer.length).toBe(0);
    expect(buffer.rowCount).toBe(0);
  });

  test('a row of one NULL is \\N and a row of one empty string an empty line', () => {
    const buffer = new CopyTextRowBuffer(64);
    buffer.append([null]);
    buffer.append(['']);
    expect(buffer.take().toString('utf8')).toBe('\\N\n\n');
  });
});
