"""Column conversions: the canonical PostgreSQL texts and every reject reason of column-conversion.ts."""

import pytest

from ledger_columns import MISSING, ColumnType, convert_selection, convert_value, value_at_path
from ledger_layout import parse_column_type, parse_document_path
from ledger_values import LedgerDecimal, LedgerTimestamp

INTEGER = ColumnType('integer')
SMALLINT = ColumnType('smallint')
BIGINT = ColumnType('bigint')
DECIMAL = ColumnType('decimal')
DECIMAL_8_2 = parse_column_type('decimal(8,2)', 'test')
DATE = ColumnType('date')
TIMESTAMPTZ = ColumnType('timestamptz')
BOOLEAN = ColumnType('boolean')
TEXT = ColumnType('text')
VARCHAR_5 = parse_column_type('varchar(5)', 'test')
JSONB = ColumnType('jsonb')
TEXT_ARRAY = ColumnType('text[]')


@pytest.mark.parametrize('value, column_type, expected', [
    (42, INTEGER, '42'), (' 17 ', INTEGER, '17'), (LedgerDecimal('12.000'), INTEGER, '12'), ('1e3', INTEGER, '1000'),
    (2.0, INTEGER, '2'), (-32768, SMALLINT, '-32768'), (9007199255667276, BIGINT, '9007199255667276'),
    (LedgerDecimal('-0.00'), INTEGER, '0'),
    (LedgerDecimal('90.250'), DECIMAL, '90.250'), (LedgerDecimal('90.250'), DECIMAL_8_2, '90.25'),
    ('1.5E2', DECIMAL, '150'), (123456789012345678901234567890, DECIMAL, '123456789012345678901234567890'),
    (LedgerDecimal('-0.00'), DECIMAL_8_2, '-0.00'), (0.5, DECIMAL, '0.5'), ('-.5', DECIMAL, '-0.5'),
    (LedgerTimestamp('1963-08-19T'), DATE, '1963-08-19'), ('2011-03-17', DATE, '2011-03-17'),
    (LedgerTimestamp('2020-02-29T23:59:59-08:00'), DATE, '2020-02-29'), ('2000-02-29', DATE, '2000-02-29'),
    ('0050-01-01', DATE, '0050-01-01'),
    (LedgerTimestamp('2022-11-10T20:28:47.398547-00:00'), TIMESTAMPTZ, '2022-11-10T20:28:47.398547+00:00'),
    (LedgerTimestamp('2020-08-13T19:33:39.232000000Z'), TIMESTAMPTZ, '2020-08-13T19:33:39.232000+00:00'),
    (LedgerTimestamp('2018-05-05T22:14:28.173-08:00'), TIMESTAMPTZ, '2018-05-05T22:14:28.173-08:00'),
    (LedgerTimestamp('2020-08-13T19:33+05:30'), TIMESTAMPTZ, '2020-08-13T19:33:00+05:30'),
    (LedgerTimestamp('2020-08-13T'), TIMESTAMPTZ, '2020-08-13T00:00:00+00:00'),
    (True, BOOLEAN, 'true'), ('false', BOOLEAN, 'false'),
    (b'\x00\x01', TEXT, 'AAE='), (LedgerDecimal('1.50'), TEXT, '1.50'), (1e21, TEXT, '1e+21'), (True, TEXT, 'true'),
    ('\U0001F600' * 5, VARCHAR_5, '\U0001F600' * 5),
    ({'b': LedgerDecimal('1.0'), 'a': [1, None]}, JSONB, '{"b":1.0,"a":[1,null]}'),
    (['a"b', 'c\\d', None, 7], TEXT_ARRAY, '{"a\\"b","c\\\\d",NULL,"7"}'),
    (None, INTEGER, None),
])
def test_values_convert_to_canonical_text(value, column_type, expected):
    assert convert_value(value, column_type) == (True, expected)


@pytest.mark.parametrize('value, column_type, reason', [
    ('abc', INTEGER, 'a string is not a number'),
    (True, INTEGER, 'a boolean is not a number'),
    ({'a': 1}, INTEGER, 'a struct is not a number'),
    (LedgerDecimal('1.5'), INTEGER, '1.5 is not a whole number'),
    (2 ** 40, INTEGER, '1099511627776 is out of the integer range -2147483648 to 2147483647'),
    (40000, SMALLINT, '40000 is out of the smallint range -32768 to 32767'),
    (LedgerDecimal('1.234'), DECIMAL_8_2, '1.234 has more than 2 digits after the point (it would be rounded)'),
    (LedgerDecimal('1234567.1'), DECIMAL_8_2, '1234567.1 has more than 6 digits before the point for decimal(8,2)'),
    (b'x', DECIMAL, 'a blob is not a number'),
    (17, DATE, 'a integer is not a date'),
    ('2020-02-30', DATE, '"2020-02-30" is not a real calendar date'),
    ('2100-02-29', DATE, '"2100-02-29" is not a real calendar date'),
    ('2020-08', DATE, '"2020-08" is not a date with day precision'),
    (LedgerTimestamp('2020-08-13T19:33:39.2321234567Z'), TIMESTAMPTZ,
     '"2020-08-13T19:33:39.2321234567Z" has sub-microsecond digits; timestamptz keeps microseconds'),
    ('2020-08-13T19:33:39', TIMESTAMPTZ, '"2020-08-13T19:33:39" is not a timestamp with a time and an offset'),
    ('0000-01-01', DATE, '"0000-01-01" is not a real calendar date'),
    ('2020-08-13T24:00:00Z', TIMESTAMPTZ, '"2020-08-13T24:00:00Z" is not a real time of day'),
    ('2020-08-13T19:33:60Z', TIMESTAMPTZ, '"2020-08-13T19:33:60Z" is not a real time of day'),
    (LedgerTimestamp('2020-08-13T19:33:39+16:00'), TIMESTAMPTZ,
     "\"2020-08-13T19:33:39+16:00\" has the offset +16:00; PostgreSQL's timestamptz accepts offsets up to \u00b115:59"),
    (LedgerDecimal('1e-16384'), DECIMAL,
     "1 digits with 16384 after the point are beyond PostgreSQL's numeric (131072 digits before the point, 16383 after)"),
    (1.5, TIMESTAMPTZ, 'a number is not a timestamp'),
    ('yes', BOOLEAN, 'a string is not a boolean'),
    ('a\x00b', TEXT, 'the text contains a NUL character, which PostgreSQL text cannot hold'),
    ('abcdef', VARCHAR_5, '6 characters do not fit varchar(5)'),
    ([1], TEXT, 'a list cannot be stored in text (map it to jsonb)'),
    ('a', TEXT_ARRAY, 'a string is not a list; text[] needs a list'),
    ([{'a': 1}], TEXT_ARRAY, 'a list element is a struct; text[] holds scalars only'),
    (['a\x00'], TEXT_ARRAY, 'a list element contains a NUL character'),
])
def test_values_that_do_not_fit_are_rejected_with_their_reason(value, column_type, reason):
    assert convert_value(value, column_type) == (False, reason)


DOCUMENT = {
    'Owners': {'PrimaryOwner': {'PersonId': 'P1'},
               'SecondaryOwners': [{'PersonId': 'P2'}, {'Name': 'no id'}, {'PersonId': None}, {'PersonId': 'P3'}]},
    'Tags': ['x', 'y'], 'field with spaces': 5,
}


def test_paths_select_values_lists_or_nothing():
    assert value_at_path(DOCUMENT, parse_document_path('Owners.PrimaryOwner.PersonId', 't')) == ('value', 'P1')
    assert value_at_path(DOCUMENT, parse_document_path('Tags[1]', 't')) == ('value', 'y')
    assert value_at_path(DOCUMENT, parse_document_path("['field with spaces']", 't')) == ('value', 5)
    assert value_at_path(DOCUMENT, parse_document_path('Owners.Missing', 't')) is MISSING
    assert value_at_path(DOCUMENT, parse_document_path('Owners.SecondaryOwners[*].PersonId', 't')) == \
        ('list', ['P2', None, 'P3'])
    assert value_at_path(DOCUMENT, parse_document_path('Nothing[*].PersonId', 't')) is MISSING


def test_arrays_are_joined_with_the_separator_or_stored_as_arrays_and_json():
    selection = value_at_path(DOCUMENT, parse_document_path('Owners.SecondaryOwners[*].PersonId', 't'))
    assert convert_selection(selection, parse_column_type('varchar(200)', 't'), ',') == (True, 'P2,P3')
    assert convert_selection(selection, TEXT, ' | ') == (True, 'P2 | P3')
    assert convert_selection(selection, TEXT_ARRAY, ',') == (True, '{"P2",NULL,"P3"}')
    assert convert_selection(selection, JSONB, ',') == (True, '["P2",null,"P3"]')
    assert convert_selection(('list', [{'a': 1}]), TEXT, ',') == \
        (False, 'a list element is a struct; only scalars can be joined')
    assert convert_selection(('list', ['abc', 'def']), VARCHAR_5, '') == (False, '6 characters do not fit varchar(5)')
    assert convert_selection(MISSING, INTEGER, ',') == (True, None)


@pytest.mark.parametrize('sql, expected', [
    ('varchar(25)', 'varchar(25)'), ('NUMERIC ( 8 , 2 )', 'decimal(8,2)'), ('decimal(5)', 'decimal(5,0)'),
    ('int', 'integer'), ('timestamp with time zone', 'timestamptz'), ('text[]', 'text[]'), ('decimal', 'decimal'),
])
def test_column_types_parse_as_the_mapping_writes_them(sql, expected):
    assert parse_column_type(sql, 'test').to_sql() == expected


def test_an_unknown_column_type_names_its_place():
    with pytest.raises(ValueError, match=r'\$.tables\[0\].columns\[1\].type: unknown column type "money"'):
        parse_column_type('money', '$.tables[0].columns[1].type')
