import { JsonValueParser, parseJsonValue } from '../../../lambda-src/core/export/json-value-parser';
import { LedgerDecimal } from '../../../lambda-src/core/model/ledger-value';

describe('parseJsonValue', () => {
  test('keeps decimals as their exact text, scale and sign included', () => {
    const value = parseJsonValue('{"a":90.25,"b":-0.00,"c":1234567.890100,"d":0.1}');
    expect(value).toEqual({
      a: new LedgerDecimal('90.25'),
      b: new LedgerDecimal('-0.00'),
      c: new LedgerDecimal('1234567.890100'),
      d: new LedgerDecimal('0.1'),
    });
  });

  test('turns exponent notation into plain decimal text', () => {
    expect(parseJsonValue('[1.5e3,25E-3,-2e0,1.50E+2,7e-1]')).toEqual([
      new LedgerDecimal('1500'),
      new LedgerDecimal('0.025'),
      new LedgerDecimal('-2'),
      new LedgerDecimal('150'),
      new LedgerDecimal('0.7'),
    ]);
  });

  test('keeps integers exact: numbers up to 2^53, bigints beyond', () => {
    const value = parseJsonValue('[0,-0,42,9007199254740991,-9007199254740991,9007199254740992,-123456789012345678901234567890]');
    expect(value).toEqual([0, 0, 42, 9007199254740991, -9007199254740991, 9007199254740992n, -123456789012345678901234567890n]);
    expect(Object.is((value as unknown[])[1], 0)).toBe(true);
  });

  test('decodes every string escape, surrogate pairs included, like JSON.parse', () => {
    const text = String.raw`["plain","q\"b\\s\/","\b\f\n\r\t","\u00e9\u4e2d","\ud83d\ude00 smile","mixed é 中 😀","a\\"]`;
    expect(parseJsonValue(text)).toEqual(JSON.parse(text));
  });

  test('reads nested structures with whitespace, literals and field order', () => {
    const text = ' {\n "z" : [ true , false , null , { } , [ ] ] ,\r\n\t"a" : { "b" : "c" } } ';
    const value = parseJsonValue(text) as Record<string, unknown>;
    expect(value).toEqual(JSON.parse(text));
    expect(Object.keys(value)).toEqual(['z', 'a']);
  });

  test('keeps a __proto__ field as data, not as a prototype', () => {
    const value = parseJsonValue('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a reused parser gives the same results across many values of one text', () => {
    const lines = ['{"k":"a\\"b","n":1.0}', '{"k":"no escape","n":2}', '{"k2":"\\u0041","k":"x"}'];
    const text = lines.join('\n');
    const parser = new JsonValueParser();
    let start = 0;
    const values = lines.map((line) => {
      const value = parser.parse(text, start, start + line.length);
      start += line.length + 1;
      return value;
    });
    expect(values).toEqual([
      { k: 'a"b', n: new LedgerDecimal('1.0') },
      { k: 'no escape', n: 2 },
      { k2: 'A', k: 'x' },
    ]);
  });

  test.each([
    ['{"a":1', 'unexpected end of input'],
    ['{"a" 1}', "':' was expected"],
    ['{"a":1,}', 'a field name was expected'],
    ['[1 2]', "',' or ']' was expected"],
    ['01', 'invalid number'],
    ['1.', 'digits expected after the decimal point'],
    ['1e', 'digits expected in the exponent'],
    ['"abc', 'unexpected end of input inside a string'],
    ['"\\x"', 'invalid escape \\x'],
    ['"\\u12"', 'invalid \\u escape'],
    ['tru', 'a value was expected'],
    ['{} {}', 'after the value'],
    ['', 'unexpected end of input'],
  ])('rejects %j with a message naming the problem and offset', (text, problem) => {
    expect(() => parseJsonValue(text)).toThrow(problem);
    expect(() => parseJsonValue(text)).toThrow(/at offset \d+/);
  });
});
