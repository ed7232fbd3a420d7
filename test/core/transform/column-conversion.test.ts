import { makeReader } from 'ion-js';
import { readLedgerValue } from '../../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerValue } from '../../../lambda-src/core/model/ledger-value';
import { ConversionFailure, convertSelection, convertValue } from '../../../lambda-src/core/transform/column-conversion';
import { valueAtPath } from '../../../lambda-src/core/transform/value-at-path';
import { ColumnType, Source } from '../../../src';

/** Real Ion values, read by the same reader the export and stream paths use. */
function ion(text: string): LedgerValue {
  const reader = makeReader(text);
  reader.next();
  return readLedgerValue(reader);
}

describe('column conversion of real Ion values', () => {
  test.each<[string, ColumnType, string | null]>([
    ['1963-08-19T', ColumnType.DATE, '1963-08-19'],
    ['2020-07-03T20:36:43+01:00', ColumnType.DATE, '2020-07-03'],
    ['2020-07-03T20:36:43.123456789+01:00', ColumnType.TIMESTAMPTZ, null],
    ['2020-07-03T20:36:43.123456000+01:00', ColumnType.TIMESTAMPTZ, '2020-07-03T20:36:43.123456+01:00'],
    ['2020-07-03T20:36Z', ColumnType.TIMESTAMPTZ, '2020-07-03T20:36:00+00:00'],
    ['2020-07-03T20:36:43.5-00:00', ColumnType.TIMESTAMPTZ, '2020-07-03T20:36:43.5+00:00'],
    ['1963-08-19T', ColumnType.TIMESTAMPTZ, '1963-08-19T00:00:00+00:00'],
    ['90.25', ColumnType.DECIMAL, '90.25'],
    ['-0.00', ColumnType.DECIMAL, '-0.00'],
    ['1.5d3', ColumnType.DECIMAL, '1500'],
    ['123456789012345678901234567890.000000000001', ColumnType.DECIMAL, '123456789012345678901234567890.000000000001'],
    ['442.30', ColumnType.decimal(8, 2), '442.30'],
    ['442.300', ColumnType.decimal(8, 2), '442.30'],
    ['9007199254740993', ColumnType.BIGINT, '9007199254740993'],
    ['9007199254740993', ColumnType.DECIMAL, '9007199254740993'],
    ['9007199254740993', ColumnType.JSONB, '9007199254740993'],
    ['2011', ColumnType.INTEGER, '2011'],
    ['"2011"', ColumnType.INTEGER, '2011'],
    ['5.00', ColumnType.SMALLINT, '5'],
    ['true', ColumnType.BOOLEAN, 'true'],
    ['"Seattle"', ColumnType.varchar(7), 'Seattle'],
    ['Seattle', ColumnType.TEXT, 'Seattle'],
    ['2011', ColumnType.TEXT, '2011'],
    ['{a: 1.50, b: [2020-01-01T, "x"], c: {{aGk=}}, d: null.int}', ColumnType.JSONB, '{"a":1.50,"b":["2020-01-01T","x"],"c":"aGk=","d":null}'],
    ['["a", null, "b\\"c"]', ColumnType.TEXT_ARRAY, '{"a",NULL,"b\\"c"}'],
    ['null.timestamp', ColumnType.DATE, null],
    ['"2020-07-03Tx"', ColumnType.DATE, '2020-07-03'],
    ['"2020-07-03T\\nx"', ColumnType.DATE, null],
    ['"2020-7-03"', ColumnType.DATE, null],
    ['-32768', ColumnType.SMALLINT, '-32768'],
    ['32768', ColumnType.SMALLINT, null],
    ['-0', ColumnType.INTEGER, '0'],
    ['9007199254740991', ColumnType.BIGINT, '9007199254740991'],
    ['2020-07-03T20:36:43-15:59', ColumnType.TIMESTAMPTZ, '2020-07-03T20:36:43-15:59'],
    ['0001-01-01T', ColumnType.DATE, '0001-01-01'],
    ['1d-16383', ColumnType.DECIMAL, `0.${'0'.repeat(16382)}1`],
  ])('%s as %s', (text, type, expected) => {
    const result = convertValue(ion(text), type);
    if (expected === null && !text.startsWith('null')) {
      expect(result).toBeInstanceOf(ConversionFailure);
    } else {
      expect(result).toEqual(expected);
    }
  });

  test.each<[string, ColumnType, string]>([
    ['2020-07-03T20:36:43.123456789+01:00', ColumnType.TIMESTAMPTZ, 'has sub-microsecond digits; timestamptz keeps microseconds'],
    ['2007T', ColumnType.DATE, '"2007T" is not a date with day precision'],
    ['"2021-02-30"', ColumnType.DATE, '"2021-02-30" is not a real calendar date'],
    ['442.305', ColumnType.decimal(8, 2), '442.305 has more than 2 digits after the point (it would be rounded)'],
    ['1234567.5', ColumnType.decimal(8, 2), '1234567.5 has more than 6 digits before the point for decimal(8,2)'],
    ['2147483648', ColumnType.INTEGER, '2147483648 is out of the integer range -2147483648 to 2147483647'],
    ['5.5', ColumnType.INTEGER, '5.5 is not a whole number'],
    ['"Honda"', ColumnType.INTEGER, 'a string is not a number'],
    ['"Seattle!"', ColumnType.varchar(7), '8 characters do not fit varchar(7)'],
    ['{a: 1}', ColumnType.TEXT, 'a struct cannot be stored in text (map it to jsonb)'],
    ['"yes"', ColumnType.BOOLEAN, 'a string is not a boolean'],
    ['"a\\0b"', ColumnType.TEXT, 'the text contains a NUL character'],
    ['"x"', ColumnType.TEXT_ARRAY, 'a string is not a list; text[] needs a list'],
    ['"0000-01-01"', ColumnType.DATE, '"0000-01-01" is not a real calendar date'],
    ['"2020-07-03T24:00:00Z"', ColumnType.TIMESTAMPTZ, 'is not a real time of day'],
    ['"2020-07-03T20:60:00Z"', ColumnType.TIMESTAMPTZ, 'is not a real time of day'],
    ['"2020-07-03T20:36:60Z"', ColumnType.TIMESTAMPTZ, 'is not a real time of day'],
    ['2020-07-03T20:36:43+16:00', ColumnType.TIMESTAMPTZ, "has the offset +16:00; PostgreSQL's timestamptz accepts offsets up to ±15:59"],
    ['"2020-07-03T20:36:43-15:60"', ColumnType.TIMESTAMPTZ, 'has the offset -15:60'],
    ['1d-16384', ColumnType.DECIMAL, "1 digits with 16384 after the point are beyond PostgreSQL's numeric"],
    ['1d131072', ColumnType.DECIMAL, "131073 digits with 0 after the point are beyond PostgreSQL's numeric"],
  ])('%s as %s is refused: %s', (text, type, reason) => {
    const result = convertValue(ion(text), type);
    expect(result).toBeInstanceOf(ConversionFailure);
    expect((result as ConversionFailure).reason).toContain(reason);
  });

  test.each([['2020-02-29', true], ['2000-02-29', true], ['2021-02-29', false], ['1900-02-29', false], ['2021-04-31', false], ['2021-13-01', false]])(
    'calendar check of %s', (date, real) => {
      expect(convertValue(date, ColumnType.DATE) instanceof ConversionFailure).toBe(!real);
    });

  test('varchar counts characters, not UTF-16 units', () => {
    expect(convertValue('😀😀😀', ColumnType.varchar(3))).toEqual('😀😀😀');
    expect(convertValue('😀😀😀😀', ColumnType.varchar(3))).toBeInstanceOf(ConversionFailure);
  });

  test('NaN in jsonb is kept as a string, never dropped', () => {
    expect(convertValue(ion('nan'), ColumnType.JSONB)).toEqual('"NaN"');
  });
});

describe('array paths', () => {
  const registration = ion('{Owners: {PrimaryOwner: {PersonId: "p1"}, SecondaryOwners: [{PersonId: "p2"}, {}, {PersonId: "p3"}, {PersonId: null}]}}');
  const owners = valueAtPath(registration, Source.path('Owners.SecondaryOwners[*].PersonId').pathSegments());

  test('select every element, leaving out elements without the field', () => {
    expect(owners).toEqual({ kind: 'list', values: ['p2', 'p3', null] });
  });

  test('joined with a separator, stored as text[] or as JSON', () => {
    expect(convertSelection(owners, ColumnType.varchar(200), ',')).toEqual('p2,p3');
    expect(convertSelection(owners, ColumnType.TEXT_ARRAY, ',')).toEqual('{"p2","p3",NULL}');
    expect(convertSelection(owners, ColumnType.JSONB, ',')).toEqual('["p2","p3",null]');
  });

  test('an empty array gives an empty text; a missing array gives NULL', () => {
    const empty = valueAtPath(ion('{Owners: {SecondaryOwners: []}}'), Source.path('Owners.SecondaryOwners[*].PersonId').pathSegments());
    expect(convertSelection(empty, ColumnType.varchar(200), ',')).toEqual('');
    const missing = valueAtPath(ion('{Owners: {}}'), Source.path('Owners.SecondaryOwners[*].PersonId').pathSegments());
    expect(convertSelection(missing, ColumnType.varchar(200), ',')).toEqual(null);
  });

  test('indexes and nested paths', () => {
    expect(valueAtPath(registration, Source.path('Owners.PrimaryOwner.PersonId').pathSegments())).toEqual({ kind: 'value', value: 'p1' });
    expect(valueAtPath(ion('{T: [1, 2]}'), Source.path('T[1]').pathSegments())).toEqual({ kind: 'value', value: 2 });
    expect(valueAtPath(ion('{T: [1, 2]}'), Source.path('T[5]').pathSegments())).toEqual({ kind: 'missing' });
  });
});
