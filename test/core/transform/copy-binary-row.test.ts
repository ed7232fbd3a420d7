import { CopyWriter } from '../../../lambda-src/core/load/copy-writer';
import { CopyBinaryField, copyBinaryColumns } from '../../../lambda-src/core/transform/copy-binary-field';
import { writeNumeric } from '../../../lambda-src/core/transform/copy-binary-numeric';
import { CopyBinaryRowBuffer } from '../../../lambda-src/core/transform/copy-binary-row';
import { writeDate, writeTimestamptz } from '../../../lambda-src/core/transform/copy-binary-time';
import { textArrayElements, textArrayLiteral } from '../../../lambda-src/core/transform/text-array-literal';
import { PhysicalColumn, REJECTS_COLUMNS } from '../../../src/generators/table-layout';
import { ColumnType } from '../../../src/mapping/column-type';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

/*
 * The binary COPY must store exactly what PostgreSQL makes of the same canonical text: for each type, values COPYed
 * in binary are compared, as PostgreSQL prints them, with the text cast to the type in the same session.
 */
const VALUES: Array<[string, ColumnType, string[]]> = [
  ['smallint', ColumnType.SMALLINT, ['0', '-32768', '32767', '-1', '255', '256']],
  ['integer', ColumnType.INTEGER, ['0', '-2147483648', '2147483647', '65536', '-65537']],
  ['bigint', ColumnType.BIGINT, ['0', '-1', '4294967295', '4294967296', '-4294967296', '-4294967297', '123456789012345',
    '-12345678901234', '9007199254740993', '-9007199254740993', '9223372036854775807', '-9223372036854775808']],
  ['numeric', ColumnType.DECIMAL, ['0', '-0.00', '0.0001', '0.00010000', '1.50', '-0.5', '10000', '99999999', '12345.6789',
    '-123456789.000000001', '1' + '0'.repeat(40), '9'.repeat(1000) + '.' + '9'.repeat(1000), `0.${'0'.repeat(16382)}1`,
    '00042.10', '1000000000000.00000000000001']],
  ['numeric(8,2)', ColumnType.decimal(8, 2), ['442.3', '-0.5', '123456.78', '0', '7']],
  ['boolean', ColumnType.BOOLEAN, ['true', 'false']],
  ['date', ColumnType.DATE, ['0001-01-01', '1600-02-29', '1900-03-01', '1969-12-31', '1970-01-01', '1999-12-31', '2000-01-01',
    '2000-02-29', '2020-07-03', '9999-12-31']],
  ['timestamptz', ColumnType.TIMESTAMPTZ, ['2000-01-01T00:00:00+00:00', '1999-12-31T23:59:59.999999+00:00',
    '2018-03-28T14:03:55.027283+13:45', '2020-07-03T20:36:43.1+01:00', '1970-01-01T00:00:00.5-00:30',
    '0001-01-01T00:00:00+15:59', '9999-12-31T23:59:59.999999-15:59', '1714-01-01T00:00:00+00:00', '2285-06-04T12:00:00.000001+00:00',
    '2286-01-01T00:00:00+00:00', '1600-02-29T23:59:59.000007-08:00']],
  ['text', ColumnType.TEXT, ['', 'a', 'Zoë 東京 \u{1F600}', 'two\nlines\ttab', '\x1f"quoted",\\', 'é'.repeat(70_000)]],
  ['varchar(5)', ColumnType.varchar(5), ['', 'abcde', '東京東京東']],
  ['jsonb', ColumnType.JSONB, ['{"a":1.50,"b":[1,2,{"c":null}]}', '"x"', 'null', '[]', '123456789012345678901234567890.5']],
  ['text[]', ColumnType.TEXT_ARRAY, ['{}', '{"a",NULL,"b\\"c"}', '{"x\\\\y"}', '{""}', '{NULL}', '{"Zoë","東京"}']],
];

describe('CopyBinaryRowBuffer against PostgreSQL', () => {
  test.each(VALUES)('%s values are stored as their text would be', async (sqlType, type, texts) => {
    const table = `binary_${sqlType.replace(/\W+/g, '_')}`;
    const columns: PhysicalColumn[] = [
      { name: 'id', sqlType: 'integer', notNull: true },
      { name: 'v', sqlType: type.toSql(), notNull: false, type },
    ];
    const writer = await CopyWriter.open(db.url, table, columns, `create table ${table} (id integer, v ${type.toSql()})`);
    for (let i = 0; i < texts.length; i++) {
      await writer.writeRow([String(i), texts[i]]);
    }
    await writer.writeRow([String(texts.length), null]);
    expect(await writer.finish()).toBe(texts.length + 1);
    const client = await db.connect();
    try {
      const stored = (await client.query(`select v::text as v from ${table} order by id`)).rows.map((r) => r.v);
      const parsed: Array<string | null> = [];
      for (const text of texts) {
        parsed.push((await client.query(`select $1::${type.toSql()}::text as v`, [text])).rows[0].v);
      }
      expect(stored).toEqual([...parsed, null]);
    } finally {
      await client.end();
    }
  });

  test('the rejects table\'s columns and the generated columns without a mapping type have binary fields', () => {
    expect(copyBinaryColumns(REJECTS_COLUMNS).map((c) => c.field)).toEqual([
      CopyBinaryField.TEXT, CopyBinaryField.TEXT, CopyBinaryField.TEXT, CopyBinaryField.TEXT, CopyBinaryField.TEXT,
      CopyBinaryField.TEXT, CopyBinaryField.INT4, CopyBinaryField.TEXT, CopyBinaryField.TEXT, CopyBinaryField.TEXT,
      CopyBinaryField.TEXT,
    ]);
    expect(copyBinaryColumns([{ name: 'operation', sqlType: 'char(1)', notNull: true }])[0].field).toBe(CopyBinaryField.TEXT);
    expect(() => copyBinaryColumns([{ name: 'shape', sqlType: 'point', notNull: false }]))
      .toThrow('column shape has the type point, which the load cannot COPY in binary format');
  });
});

describe('CopyBinaryRowBuffer', () => {
  const columns = copyBinaryColumns([
    { name: 'id', sqlType: 'integer', notNull: true },
    { name: 'day', sqlType: 'date', notNull: false, type: ColumnType.DATE },
  ]);

  test('a row with a value that is not its column type\'s canonical text is refused whole, naming the column', () => {
    const buffer = new CopyBinaryRowBuffer(columns, 64);
    buffer.append(['1', '2020-07-03']);
    const before = buffer.length;
    expect(() => buffer.append(['2', '2020-7-3'])).toThrow('column day: "2020-7-3" is not the canonical date text the binary COPY encodes');
    expect(() => buffer.append(['x', null])).toThrow('column id: "x" is not the canonical integer text the binary COPY encodes');
    expect(() => buffer.append(['1'])).toThrow('a row of 1 values for the 2 columns id, day');
    expect(buffer.length).toBe(before);
    expect(buffer.rowCount).toBe(1);
    // field count 2; id: length 4, 1; day: length 4, 7489 days after 2000-01-01
    expect([...buffer.take()]).toEqual([0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0x1d, 0x41]);
  });

  test('fills chunks and grows past its initial capacity', () => {
    const buffer = new CopyBinaryRowBuffer(copyBinaryColumns([{ name: 't', sqlType: 'text', notNull: false }]), 16);
    buffer.append(['é'.repeat(10_000)]);
    expect(buffer.full).toBe(true);
    expect(buffer.take().length).toBe(2 + 4 + 20_000);
    expect(buffer.length).toBe(0);
  });
});

describe('binary values', () => {
  test.each([
    ['2020-07-03T20:36+01:00'], ['2020-07-03'], ['2020-07-03 20:36:43+01:00'], ['2020-07-03T20:36:43Z'],
    ['2020-07-03T24:00:00+00:00'], ['2020-07-03T20:36:43+16:00'], ['2020-07-03T20:36:43.+01:00'],
    ['2020-07-03T20:36:43.1234567+01:00'], ['2020-02-30T00:00:00+00:00'], ['2020-07-03T20:36:43*01:00'],
  ])('%s is not a canonical timestamptz', (text) => {
    expect(() => writeTimestamptz(Buffer.alloc(8), 0, text)).toThrow(`"${text}" is not the canonical timestamptz text`);
  });

  test.each([['0000-01-01'], ['2021-02-29'], ['2021-1-01'], ['2021-01-01T']])('%s is not a canonical date', (text) => {
    expect(() => writeDate(Buffer.alloc(4), 0, text)).toThrow(`"${text}" is not the canonical date text`);
  });

  test.each([[''], ['-'], ['1.'], ['.5'], ['1e5'], ['+1'], ['1,5'], [`0.${'0'.repeat(16383)}1`]])('%j is not a canonical numeric', (text) => {
    expect(() => writeNumeric(Buffer.alloc(10_000), 0, text)).toThrow('is not the canonical numeric text');
  });

  test('numeric digits are grouped by four around the point', () => {
    const buffer = Buffer.alloc(32);
    const length = writeNumeric(buffer, 0, '-12345.678');
    // 3 digits, weight 1, negative, scale 3: 1 2345 . 6780
    expect([...buffer.subarray(0, length)]).toEqual([0, 3, 0, 1, 0x40, 0, 0, 3, 0, 1, 0x09, 0x29, 0x1a, 0x7c]);
  });

  test('text[] literals read back into their elements, and malformed ones are refused', () => {
    for (const elements of [[], [null], [''], ['a', null, 'b"c', 'x\\y', '{,}']]) {
      expect(textArrayElements(textArrayLiteral(elements))).toEqual(elements);
    }
    for (const literal of ['', '{', '{a}', '{"a",}', '{"a"', '{"a"x}', '{"a\\"}']) {
      expect(() => textArrayElements(literal)).toThrow('is not a text[] literal as the column conversion writes it');
    }
  });
});
