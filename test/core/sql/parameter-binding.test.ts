import { toDataApiParameter, typeHintOf } from '../../../lambda-src/core/sql/data-api-parameters';
import { castType, placeholder } from '../../../lambda-src/core/sql/parameter-types';
import { ColumnType } from '../../../src/mapping/column-type';

describe('parameter types', () => {
  test.each([
    ['varchar(25)', 'varchar'], ['decimal(8,2)', 'numeric'], ['decimal', 'numeric'], ['char(1)', 'bpchar'], ['text[]', 'text[]'],
    ['timestamptz', 'timestamptz'], ['jsonb', 'jsonb'], ['integer', 'integer'], ['date', 'date'],
  ])('a %s value is cast to %s (no length or precision, which an explicit cast would enforce by truncating)', (sqlType, cast) => {
    expect(castType(sqlType)).toBe(cast);
    expect(placeholder('p1', sqlType)).toBe(`:p1::${cast}`);
  });

  test('every column type a mapping can declare has a Data API binding', () => {
    const kinds = ['varchar(10)', 'text', 'smallint', 'integer', 'bigint', 'decimal(8,2)', 'boolean', 'date', 'timestamptz', 'jsonb', 'text[]'];
    expect(kinds.map((k) => ColumnType.parse(k).toSql())).toEqual(kinds.map((k) => k.replace('decimal(8,2)', 'decimal(8,2)')));
    expect(Object.fromEntries(kinds.map((k) => [k, typeHintOf(k) ?? null]))).toEqual({
      'varchar(10)': null,
      'text': null,
      'smallint': null,
      'integer': null,
      'bigint': null,
      'decimal(8,2)': 'DECIMAL',
      'boolean': null,
      'date': 'DATE',
      'timestamptz': null,
      'jsonb': 'JSON',
      'text[]': null,
    });
  });
});

describe('toDataApiParameter', () => {
  test('NULL, integers, booleans, hinted and plain strings', () => {
    expect(toDataApiParameter({ name: 'a', value: null, sqlType: 'jsonb' })).toEqual({ name: 'a', value: { isNull: true } });
    expect(toDataApiParameter({ name: 'a', value: '42', sqlType: 'integer' })).toEqual({ name: 'a', value: { longValue: 42 } });
    expect(toDataApiParameter({ name: 'a', value: 'true', sqlType: 'boolean' })).toEqual({ name: 'a', value: { booleanValue: true } });
    expect(toDataApiParameter({ name: 'a', value: '12.50', sqlType: 'decimal(8,2)' })).toEqual({ name: 'a', value: { stringValue: '12.50' }, typeHint: 'DECIMAL' });
    expect(toDataApiParameter({ name: 'a', value: '{"x":1}', sqlType: 'jsonb' })).toEqual({ name: 'a', value: { stringValue: '{"x":1}' }, typeHint: 'JSON' });
    expect(toDataApiParameter({ name: 'a', value: '2019-06-07T22:40:49.123+02:00', sqlType: 'timestamptz' }))
      .toEqual({ name: 'a', value: { stringValue: '2019-06-07T22:40:49.123+02:00' } });
  });

  test('an integer beyond 2^53 travels as text (a double would change it)', () => {
    expect(toDataApiParameter({ name: 'a', value: '9007199254740993', sqlType: 'bigint' })).toEqual({ name: 'a', value: { stringValue: '9007199254740993' } });
  });
});
