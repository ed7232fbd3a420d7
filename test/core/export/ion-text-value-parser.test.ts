import { ledgerValueDifference, Random, randomIon, readWithIonJs } from './random-ion-values';
import { IonFallbackRequired } from '../../../lambda-src/core/export/ion-fallback-required';
import { parseIonTextValues } from '../../../lambda-src/core/export/ion-text-value-parser';
import { readIonBatch } from '../../../lambda-src/core/export/ion-values';
import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

/** Parses with the fast parser; fails the test if it falls back or differs from ion-js. */
function expectSameAsIonJs(text: string): LedgerValue[] {
  const expected = readWithIonJs(text);
  expect(expected.error).toBeUndefined();
  const actual = parseIonTextValues(text);
  expect(ledgerValueDifference(actual, expected.values)).toBeUndefined();
  return actual;
}

function fallbackReason(text: string): string {
  try {
    parseIonTextValues(text);
  } catch (error) {
    if (error instanceof IonFallbackRequired) {
      return error.reason;
    }
    throw error;
  }
  throw new Error(`the fast parser read ${JSON.stringify(text)} without falling back`);
}

describe('parseIonTextValues: the Ion that exports contain, read as ion-js reads it', () => {
  test.each([
    ['structs with identifier, quoted symbol and string field names', '{a:1, \'b c\':2, "d\\"e":3, a:4}'],
    ['a field named __proto__, kept as data', '{__proto__: {x:1}, "__proto__": 2, b: 3}'],
    ['lists, sexps, trailing commas and empty containers', '[1, [2, []], (a b (c)), {}, ] (x) [] {a:[1,],}'],
    ['null and every typed null', 'null null.null null.bool null.int null.float null.decimal null.timestamp null.symbol null.string null.clob null.blob null.list null.sexp null.struct'],
    ['bools and symbols that look like keywords', "true false TRUE 'true' 'null' nullable truey"],
    ['ints: signs, hex, big ints on both sides of 2^53', '0 -0 42 -42 0x1F -0XfF 9007199254740991 -9007199254740991 9007199254740992 -9007199254740993 123456789012345678901234567890 0xFFFFFFFFFFFFFFFFFFFF'],
    ['decimals: scale, sign of zero, exponents', '90.25 -0.00 0.0 1. -0. 1.5d3 1.5D-3 1d-2 -0d5 0d-2 1.d2 1d+2 0.05 123456789012345678901234567890.123456789'],
    ['floats and special floats', '1e0 1E0 -0e0 1.5e-3 1.e5 1.0e+5 6.02214076e23 nan +inf -inf [-inf, +inf] {a:-inf}'],
    ['timestamps of every precision and offset', '2020T 2020-05T 2020-05-14 2020-05-14T 2020-05-14T08:47Z 2020-05-14T08:47:24Z 2020-05-14T08:47:24.574Z 2020-05-14T08:47:24.574000+00:00 2020-05-14T08:47:24.5-00:00 2020-05-14T01:02:03.0450-07:30 2000-02-29T23:59:59.999999999+14:00'],
    ['strings with every escape and surrogate pairs', String.raw`"\a\b\t\n\f\r\v\"\'\?\\\/\0\x41\xe9\u00e9\u4e2d\ud83d\ude00\U0001F600" "a\
b" 'sym\'bol' "raw é 中 😀 tab	"`],
    ['long strings, concatenated over whitespace and newlines', "'''a''' '''b'''\n'''c\nd''' ['''x''' \n\t '''y''', 1] {f:'''p''' '''q'''}"],
    ['blobs with whitespace and padding, clobs', '{{}} {{ aGVs bG8= }} {{QQ==}} {{QUI=}} {{"a\\x41\\n"}} {{ \'\'\'ab\'\'\' \'\'\'c\'\'\' }} {{""}}'],
    ['annotations, dropped as readLedgerValue drops them', "a::1 a :: b :: [1] 'q a'::{x:y::2} (s::t u)"],
    ['comments and every whitespace character', '// line\n1 /* block */ 2\t3\r\n4\v5\f[6, /* in */ 7] {a /* c */ : 8}'],
    ['top-level values with nothing between them', '{a:1}{b:2}[3]"s""t"(u)'],
    ['version markers at the top level, dropped', '$ion_1_0 {a:1}\n$ion_1_0\n[2] 3 $ion_1_0'],
  ])('%s', (_name, text) => {
    expectSameAsIonJs(text);
  });

  test('gives the exact LedgerValue forms: decimal text, timestamp text, bigints, bytes', () => {
    const [struct] = expectSameAsIonJs(
      '{d: 1.5d3, z: -0.00, t: 2020-05-14T08:47:24.574000+00:00, u: 2020-05-14T08:47-00:00, day: 2020-05-14, big: 9007199254740992, b: {{AAE=}}}',
    );
    expect(struct).toEqual({
      d: new LedgerDecimal('1500'),
      z: new LedgerDecimal('-0.00'),
      t: new LedgerTimestamp('2020-05-14T08:47:24.574000Z'),
      u: new LedgerTimestamp('2020-05-14T08:47-00:00'),
      day: new LedgerTimestamp('2020-05-14T'),
      big: 9007199254740992n,
      b: Uint8Array.from([0, 1]),
    });
  });
});

describe('parseIonTextValues: what it leaves to ion-js', () => {
  test.each([
    ['a local symbol table', '$ion_symbol_table::{symbols:["foo"]} $10', 'the symbol $ion_symbol_table'],
    ['an annotated version marker', '$ion_1_0::1', 'the symbol $ion_1_0'],
    ['a symbol id with its symbol table', '$ion_symbol_table::{symbols:["a"]} {$10: $10}', 'the symbol $ion_symbol_table'],
    ['a quoted system symbol', "'$ion_symbol_table'::{symbols:[\"x\"]}", "the quoted symbol '$ion_symbol_table'"],
    ['operators in a sexp', '(+ 1)', 'an operator symbol'],
    ['a minus operator in a sexp', '(a - 1)', 'an operator symbol in a sexp'],
    ['long strings separated by a comment (ion-js keeps only the first)', "['''a''' /*c*/ '''b''']", 'long strings separated by a comment'],
    ['long strings separated by nothing (ion-js keeps only the first)', "'''a''''''b'''", 'long strings separated by a comment or by nothing'],
    ['a long string as a field name', "{'''a''': 1}", 'a long string as a field name'],
    ['a carriage return in a long string (ion-js rewrites CR LF)', "'''a\r\nb'''", 'the raw control character 13'],
  ])('%s', (_name, text, reason) => {
    expect(fallbackReason(text)).toContain(reason);
    const batch = readIonBatch(Buffer.from(text), 'text', 'test.ion', 0);
    expect(batch.fallback).toContain(reason);
    expect(batch.error).toBeUndefined();
    expect(ledgerValueDifference(batch.values, readWithIonJs(text).values)).toBeUndefined();
  });

  test.each([
    ['underscores in numbers (ion-js rejects them)', '1_000'],
    ['binary ints (ion-js rejects them)', '0b101'],
    ['leading zeros', '007'],
    ['an unknown typed null', 'null.foo'],
    ['a lone surrogate escape', '"\\ud83d"'],
    ['a raw newline in a string', '"a\nb"'],
    ['an impossible date', '2021-02-29T'],
    ['a leap second', '2020-05-14T23:59:60Z'],
    ['a timestamp without offset', '2020-05-14T08:47'],
    ['an offset of 24 hours', '2020-05-14T08:47+24:00'],
    ['base64 without padding', '{{aGVsbG8}}'],
    ['a \\u escape in a clob', '{{"\\u0041"}}'],
    ['a keyword as a field name', '{true:1}'],
    ['a symbol id without a symbol table', '$10'],
    ['a missing comma', '[1 2]'],
    ['a truncated struct', '{a:1'],
  ])('invalid input: %s falls back, and the batch gets ion-js\'s error', (_name, text) => {
    expect(fallbackReason(text)).toMatch(/^Ion text with /);
    const batch = readIonBatch(Buffer.from(text), 'text', 'test.ion', 7);
    const expected = readWithIonJs(text);
    expect(expected.error).toBeDefined();
    expect(batch.error?.message).toBe(`test.ion: corrupt Ion text in top-level value ${8 + expected.values.length}: ${expected.error}`);
  });
});

describe('parseIonTextValues against ion-js on random values written by ion-js', () => {
  test.each(['text', 'pretty'] as const)('%s writer: 60 rounds of 40 random nested values, no fallback', (encoding) => {
    let values = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const text = Buffer.from(randomIon(seed, 40, encoding)).toString('utf8');
      const expected = readWithIonJs(text);
      expect(expected.error).toBeUndefined();
      const difference = ledgerValueDifference(parseIonTextValues(text), expected.values);
      if (difference !== undefined) {
        throw new Error(`seed ${seed}: ${difference}`);
      }
      values += expected.values.length;
    }
    expect(values).toBe(60 * 40);
  });

  test('with system symbols: falls back, and the batch reads exactly as ion-js', () => {
    let fallbacks = 0;
    for (let seed = 100; seed < 130; seed++) {
      const bytes = Buffer.from(randomIon(seed, 30, 'text', { withFallbackConstructs: true }));
      const expected = readWithIonJs(bytes.toString('utf8'));
      const batch = readIonBatch(bytes, 'text', 'random.ion', 0);
      fallbacks += batch.fallback === undefined ? 0 : 1;
      expect(ledgerValueDifference(batch.values, expected.values)).toBeUndefined();
      expect(batch.error?.message.replace(/^.*?: corrupt Ion text in top-level value \d+: /, '')).toBe(expected.error);
    }
    expect(fallbacks).toBeGreaterThan(20);
  });

  test('corrupted text: the fast parser either agrees with ion-js or falls back, never guesses', () => {
    const random = new Random(7);
    let agreed = 0;
    let fellBack = 0;
    for (let seed = 200; seed < 500; seed++) {
      const text = Buffer.from(randomIon(seed, 3, 'text')).toString('utf8');
      const at = random.int(0, text.length - 1);
      const corrupted = random.chance(0.3)
        ? text.slice(0, at)
        : text.slice(0, at) + random.pick([' ', ',', ':', '"', "'", '{', '}', '[', ']', '(', ')', '/', '0', 'x', '.', '-', 'T', 'd', 'e', '_', '\\', '\n']) + text.slice(at + 1);
      const expected = readWithIonJs(corrupted);
      let actual: LedgerValue[];
      try {
        actual = parseIonTextValues(corrupted);
      } catch (error) {
        expect(error).toBeInstanceOf(IonFallbackRequired);
        fellBack++;
        continue;
      }
      if (expected.error !== undefined) {
        throw new Error(`accepted ${JSON.stringify(corrupted)}, which ion-js rejects: ${expected.error}`);
      }
      expect(ledgerValueDifference(actual, expected.values)).toBeUndefined();
      agreed++;
    }
    expect(agreed).toBeGreaterThan(20);
    expect(fellBack).toBeGreaterThan(20);
  });
});
