import { Decimal, IonTypes, makeBinaryWriter, Timestamp } from 'ion-js';
import { ledgerValueDifference, Random, randomIon, readWithIonJs } from './random-ion-values';
import { parseIonBinaryValues } from '../../../lambda-src/core/export/ion-binary-value-parser';
import { IonFallbackRequired } from '../../../lambda-src/core/export/ion-fallback-required';
import { readIonBatch } from '../../../lambda-src/core/export/ion-values';
import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

const IVM = 'e00100ea';

function bytesOf(hex: string): Buffer {
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex');
}

/** Parses with the fast parser; fails the test if it falls back or differs from ion-js. */
function expectSameAsIonJs(bytes: Uint8Array): LedgerValue[] {
  const expected = readWithIonJs(bytes);
  expect(expected.error).toBeUndefined();
  const actual = parseIonBinaryValues(bytes);
  expect(ledgerValueDifference(actual, expected.values)).toBeUndefined();
  return actual;
}

function fallbackReason(bytes: Uint8Array): string {
  try {
    parseIonBinaryValues(bytes);
  } catch (error) {
    if (error instanceof IonFallbackRequired) {
      return error.reason;
    }
    throw error;
  }
  throw new Error('the fast parser read the bytes without falling back');
}

/** `$ion_symbol_table::{symbols:["a","b"]}`, then `{a: b}`, `a`. */
const NEW_TABLE = `${IVM} e9 81 83 d6 87 b4 8161 8162   d3 8a 710b   710a`;
/** `$ion_symbol_table::{imports:$ion_symbol_table, symbols:["c"]}`, then `[c, a]`. */
const APPENDED_TABLE = 'ea 81 83 d7 86 7103 87 b2 8163   b4 710c 710a';

describe('parseIonBinaryValues: Ion 1.0 binary read as ion-js reads it', () => {
  test('every scalar type, typed nulls and containers written by ion-js', () => {
    const writer = makeBinaryWriter();
    writer.stepIn(IonTypes.STRUCT);
    writer.writeFieldName('int');
    writer.writeInt(-42);
    writer.writeFieldName('big');
    writer.writeInt(-123456789012345678901234567890n);
    writer.writeFieldName('edge');
    writer.writeInt(9007199254740992n);
    writer.writeFieldName('f64');
    writer.writeFloat64(-0);
    writer.writeFieldName('f32');
    writer.writeFloat32(1.5);
    writer.writeFieldName('dec');
    writer.writeDecimal(Decimal.parse('-0.00')!);
    writer.writeFieldName('ts');
    writer.writeTimestamp(Timestamp.parse('2020-05-14T01:02:03.0450-07:30')!);
    writer.writeFieldName('day');
    writer.writeTimestamp(Timestamp.parse('2020-05-14')!);
    writer.writeFieldName('s');
    writer.writeString('é 中 😀 "q"');
    writer.writeFieldName('sym');
    writer.writeSymbol('VIN');
    writer.writeFieldName('blob');
    writer.writeBlob(Uint8Array.from([0, 255, 7]));
    writer.writeFieldName('clob');
    writer.writeClob(Uint8Array.from([65, 0]));
    writer.writeFieldName('nulls');
    writer.stepIn(IonTypes.SEXP);
    for (const type of [IonTypes.NULL, IonTypes.INT, IonTypes.TIMESTAMP, IonTypes.STRUCT, IonTypes.LIST]) {
      writer.writeNull(type);
    }
    writer.stepOut();
    writer.writeFieldName('flags');
    writer.setAnnotations(['dropped']);
    writer.stepIn(IonTypes.LIST);
    writer.writeBoolean(true);
    writer.writeBoolean(false);
    writer.stepOut();
    writer.stepOut();
    writer.close();
    const [struct] = expectSameAsIonJs(writer.getBytes());
    expect(struct).toEqual({
      int: -42,
      big: -123456789012345678901234567890n,
      edge: 9007199254740992n,
      f64: -0,
      f32: 1.5,
      dec: new LedgerDecimal('-0.00'),
      ts: new LedgerTimestamp('2020-05-14T01:02:03.0450-07:30'),
      day: new LedgerTimestamp('2020-05-14T'),
      s: 'é 中 😀 "q"',
      sym: 'VIN',
      blob: Uint8Array.from([0, 255, 7]),
      clob: Uint8Array.from([65, 0]),
      nulls: [null, null, null, null, null],
      flags: [true, false],
    });
  });

  test('local symbol tables: a new one, an append, and a version marker that resets them', () => {
    expect(expectSameAsIonJs(bytesOf(NEW_TABLE))).toEqual([{ a: 'b' }, 'a']);
    expect(expectSameAsIonJs(bytesOf(NEW_TABLE + APPENDED_TABLE))).toEqual([{ a: 'b' }, 'a', ['c', 'a']]);
    // after a version marker, symbol 10 has no text any more
    expect(fallbackReason(bytesOf(`${NEW_TABLE} ${IVM} 710a`))).toContain('the symbol id 10 without text');
  });

  test('lengths in VarUInts, a sorted struct (0xD1), annotation wrappers and timestamps with a fraction', () => {
    const long = 'x'.repeat(200);
    const values = expectSameAsIonJs(
      bytesOf(
        `${IVM} 8e 01c8 ${Buffer.from(long).toString('hex')}` + // a string whose length (200) is a VarUInt
          ' d1 83 84 2105' + // a sorted struct {name: 5}, its length a VarUInt
          ' e5 82 84 85 2107' + // name::version::7
          ' 6a 80 0fd0 85 8e 8e 83 ae c3 2e' + // 2000-05-14T14:03:46.046 at offset +0
          ' 6a c0 0fd0 85 8e 8e 83 ae c3 2e' + // the same at the unknown offset
          ' 69 fc 0fd0 85 8e 8e 83 ae c3' + // at offset -60 with a fraction of no digits (0d-3)
          ' 63 80 0fd0', // the year 2000
      ),
    );
    expect(values).toEqual([
      long,
      { name: 5 },
      7,
      new LedgerTimestamp('2000-05-14T14:03:46.046Z'),
      new LedgerTimestamp('2000-05-14T14:03:46.046-00:00'),
      new LedgerTimestamp('2000-05-14T13:03:46.000-01:00'),
      new LedgerTimestamp('2000T'),
    ]);
  });
});

describe('parseIonBinaryValues: what it leaves to ion-js', () => {
  test.each([
    ['NOP padding (ion-js 5.2 reads a pad as a null value)', `${IVM} 00 2105 b3 01 00 00`, 'NOP padding'],
    ['a shared symbol table import', `${IVM} ee 91 81 83 de 8d 86 bb da 84 83 66 6f 6f 85 21 01 88 21 01`, 'imports other than $ion_symbol_table'],
    ['a negative zero int', `${IVM} 30`, 'a negative zero int'],
    ['a top-level $ion_1_0 symbol (ion-js resets its symbol table)', `${IVM} 7102 2105`, 'a top-level $ion_1_0 symbol'],
  ])('%s', (_name, hex, reason) => {
    const bytes = bytesOf(hex);
    expect(fallbackReason(bytes)).toContain(reason);
    const batch = readIonBatch(bytes, 'binary', 'test.ion', 0);
    expect(batch.fallback).toContain(reason);
    const expected = readWithIonJs(bytes);
    expect(ledgerValueDifference(batch.values, expected.values)).toBeUndefined();
    expect(batch.error?.message.replace(/^.*?: corrupt Ion binary in top-level value \d+: /, '')).toBe(expected.error);
  });

  test.each([
    ['the symbol id 0', `${IVM} 70`],
    ['an unknown symbol id', `${IVM} 7163`],
    ['a timestamp without fields', `${IVM} 60`],
    ['a length past the end', `${IVM} 85 61 62`],
    ['a reserved type descriptor', `${IVM} f0`],
    ['a bool of length 2', `${IVM} 12`],
    ['no version marker', '2105'],
  ])('invalid input: %s falls back, and the batch gets ion-js\'s values and error', (_name, hex) => {
    const bytes = bytesOf(hex);
    expect(fallbackReason(bytes)).toMatch(/^Ion binary with /);
    const batch = readIonBatch(bytes, 'binary', 'test.ion', 3);
    const expected = readWithIonJs(bytes);
    expect(ledgerValueDifference(batch.values, expected.values)).toBeUndefined();
    expect(batch.error?.message).toBe(expected.error === undefined ? undefined : `test.ion: corrupt Ion binary in top-level value ${4 + expected.values.length}: ${expected.error}`);
  });

  test('an invalid UTF-8 string is left to ion-js', () => {
    expect(fallbackReason(bytesOf(`${IVM} 82 c3 28`))).toContain('not valid UTF-8');
  });
});

describe('parseIonBinaryValues against ion-js on random values written by ion-js', () => {
  test('60 rounds of 40 random nested values, no fallback', () => {
    let values = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const bytes = randomIon(seed, 40, 'binary');
      const expected = readWithIonJs(bytes);
      expect(expected.error).toBeUndefined();
      const difference = ledgerValueDifference(parseIonBinaryValues(bytes), expected.values);
      if (difference !== undefined) {
        throw new Error(`seed ${seed}: ${difference}`);
      }
      values += expected.values.length;
    }
    expect(values).toBe(60 * 40);
  });

  test('corrupted bytes: the fast parser either agrees with ion-js or falls back, never guesses', () => {
    const random = new Random(11);
    let agreed = 0;
    let fellBack = 0;
    for (let seed = 300; seed < 600; seed++) {
      const bytes = Buffer.from(randomIon(seed, 3, 'binary'));
      const at = random.int(4, bytes.length - 1);
      const replaced = Buffer.from([random.int(0, 255)]);
      const corrupted = random.chance(0.3) ? bytes.subarray(0, at) : Buffer.concat([bytes.subarray(0, at), replaced, bytes.subarray(at + 1)]);
      let actual: LedgerValue[];
      try {
        actual = parseIonBinaryValues(corrupted);
      } catch (error) {
        expect(error).toBeInstanceOf(IonFallbackRequired);
        fellBack++;
        continue;
      }
      const expected = readWithIonJs(corrupted);
      if (expected.error !== undefined) {
        throw new Error(`seed ${seed}: accepted bytes that ion-js rejects (${expected.error})`);
      }
      const difference = ledgerValueDifference(actual, expected.values);
      if (difference !== undefined) {
        throw new Error(`seed ${seed}, byte ${at}: ${difference}`);
      }
      agreed++;
    }
    expect(agreed).toBeGreaterThan(20);
    expect(fellBack).toBeGreaterThan(20);
  });
});
