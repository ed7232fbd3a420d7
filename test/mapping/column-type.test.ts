import { ColumnKind, ColumnType } from '../../src';

describe('ColumnType', () => {
  test.each([
    ['varchar(25)', 'varchar(25)'],
    ['VARCHAR ( 25 )', 'varchar(25)'],
    ['character varying(7)', 'varchar(7)'],
    ['text', 'text'],
    ['smallint', 'smallint'],
    ['int', 'integer'],
    ['bigint', 'bigint'],
    ['decimal', 'decimal'],
    ['numeric(8, 2)', 'decimal(8,2)'],
    ['decimal(5)', 'decimal(5,0)'],
    ['boolean', 'boolean'],
    ['date', 'date'],
    ['timestamp with time zone', 'timestamptz'],
    ['jsonb', 'jsonb'],
    ['text[]', 'text[]'],
  ])('parses %s as %s', (text, sql) => {
    expect(ColumnType.parse(text).toSql()).toBe(sql);
  });

  test('a varchar without a length is refused with an example', () => {
    expect(() => ColumnType.parse('varchar')).toThrow('column type "varchar" needs a length, for example varchar(25)');
  });

  test('an unknown type lists what is allowed', () => {
    expect(() => ColumnType.parse('money')).toThrow(/unknown column type "money"; allowed: varchar\(n\), text/);
  });

  test('parameters are checked', () => {
    expect(ColumnType.varchar(0).problems()).toEqual(['varchar length must be a whole number from 1 to 10485760, got 0']);
    expect(ColumnType.decimal(4, 5).problems()).toEqual(['decimal scale must be a whole number from 0 to the precision (4), got 5']);
    expect(ColumnType.decimal(0).problems()[0]).toMatch(/decimal precision must be a whole number from 1 to 1000, got 0/);
    expect(ColumnType.decimal(8, 2).problems()).toEqual([]);
    expect(ColumnType.DECIMAL.kind).toBe(ColumnKind.DECIMAL);
  });
});
