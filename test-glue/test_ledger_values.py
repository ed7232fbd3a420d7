"""Ion and JSON values read exactly, with the texts ion-js and the TypeScript JSON reader produce."""

from decimal import Decimal

import pytest
from amazon.ion import simpleion

from ledger_json import json_string, ledger_json
from ledger_values import (LedgerDecimal, LedgerTimestamp, decimal_text, from_ion, js_number_text, js_utf8,
                           parse_json_value)


@pytest.mark.parametrize('text, expected', [
    ('1.50', '1.50'), ('-0.00', '-0.00'), ('90.25', '90.25'), ('1.5e3', '1500'), ('25E-3', '0.025'), ('0e5', '0'),
    ('-0e5', '-0'), ('1.0e1', '10'), ('1.50e-1', '0.150'), ('123e-10', '0.0000000123'), ('0.00', '0.00'),
])
def test_decimal_text_keeps_scale_and_sign_of_zero(text, expected):
    assert decimal_text(Decimal(text)) == expected


@pytest.mark.parametrize('number, expected', [
    (1e21, '1e+21'), (1.5e-7, '1.5e-7'), (123.456, '123.456'), (-0.0, '0'), (float(2 ** 53 + 2), '9007199254740994'),
    (0.000001, '0.000001'), (1e-7, '1e-7'), (2.0, '2'), (-1.25, '-1.25'), (1e20, '100000000000000000000'),
    (123456789.123, '123456789.123'), (float('nan'), 'NaN'), (float('-inf'), '-Infinity'), (5e-324, '5e-324'),
])
def test_js_number_text_is_javascripts_string_of_a_number(number, expected):
    assert js_number_text(number) == expected


@pytest.mark.parametrize('ion, expected', [
    ('2022-11-10T20:28:47.398547123-00:00', '2022-11-10T20:28:47.398547123-00:00'),
    ('2020-08-13T19:33:39.232+00:00', '2020-08-13T19:33:39.232Z'),
    ('2020-08-13T19:33:39.232Z', '2020-08-13T19:33:39.232Z'),
    ('2018-05-05T22:14:28.173-08:00', '2018-05-05T22:14:28.173-08:00'),
    ('2020-08-13T19:33:00.000+05:30', '2020-08-13T19:33:00.000+05:30'),
    ('2020-08-13T19:33:07+01:00', '2020-08-13T19:33:07+01:00'),
    ('2020-08-13T19:33-08:00', '2020-08-13T19:33-08:00'),
    ('2020-08-13T', '2020-08-13T'), ('2020-08-13', '2020-08-13T'), ('2020-08T', '2020-08T'), ('2020T', '2020T'),
    ('0001-01-01T00:00:00.5Z', '0001-01-01T00:00:00.5Z'),
])
def test_ion_timestamps_print_as_ion_js_prints_them(ion, expected):
    assert from_ion(simpleion.loads(ion)) == LedgerTimestamp(expected)


def test_ion_values_of_every_type():
    value = from_ion(simpleion.loads(
        '{i: 123456789012345678901234567890, n: -7, f: 2.5e0, d: 239.868378589000, z: -0.00, b: {{AAEC}}, '
        'c: {{"hi"}}, s: "text", y: sym, l: [1, null.int, (a b)], t: true, nul: null.string, e: {}}'))
    assert value == {
        'i': 123456789012345678901234567890, 'n': -7, 'f': 2.5, 'd': LedgerDecimal('239.868378589000'),
        'z': LedgerDecimal('-0.00'), 'b': b'\x00\x01\x02', 'c': b'hi', 's': 'text', 'y': 'sym', 'l': [1, None, ['a', 'b']],
        't': True, 'nul': None, 'e': {}}
    assert type(value['t']) is bool and type(value['i']) is int


def test_a_repeated_ion_field_keeps_its_first_position_and_last_value():
    value = from_ion(simpleion.loads('{a: 1, b: 2, a: 3}'))
    assert list(value.items()) == [('a', 3), ('b', 2)]


def test_json_lines_are_read_losslessly():
    value = parse_json_value('{"a":1.50,"b":-0.00,"c":1.5e3,"d":123456789012345678901234567890,"e":-0,"f":25E-3,'
                             '"g":"\\ud83d\\ude00\\n","a2":[true,false,null]}')
    assert value == {'a': LedgerDecimal('1.50'), 'b': LedgerDecimal('-0.00'), 'c': LedgerDecimal('1500'),
                     'd': 123456789012345678901234567890, 'e': 0, 'f': LedgerDecimal('0.025'), 'g': '\U0001F600\n',
                     'a2': [True, False, None]}


def test_json_without_numbers_beyond_json_is_refused():
    with pytest.raises(ValueError):
        parse_json_value('{"a":NaN}')


def test_integers_of_thousands_of_digits_stay_exact():
    digits = '9' * 5000
    assert ledger_json(parse_json_value('[%s]' % digits)) == '[%s]' % digits


def test_ledger_json_writes_exact_canonical_json():
    value = {'n': 9007199254740993, 'd': LedgerDecimal('-0.00'), 't': LedgerTimestamp('2020-08-13T'), 'b': b'\xff\x00',
             'f': 0.1, 'inf': float('inf'), 's': 'quote " back \\ tab \t nul \x00 \u2028 é', 'l': [None, True, {}]}
    assert ledger_json(value) == (
        '{"n":9007199254740993,"d":-0.00,"t":"2020-08-13T","b":"/wA=","f":0.1,"inf":"Infinity",'
        '"s":"quote \\" back \\\\ tab \\t nul \\u0000 \u2028 é","l":[null,true,{}]}')


def test_ledger_json_orders_keys_as_javascript_objects_do():
    # JavaScript enumerates array-index keys first, ascending, then the other keys as inserted.
    assert ledger_json({'b': 1, '2': 2, '01': 3, '1': 4, 'a': 5, '4294967295': 6}) == \
        '{"1":4,"2":2,"b":1,"01":3,"a":5,"4294967295":6}'


def test_lone_surrogates_are_escaped_in_json_and_replaced_in_utf8():
    assert json_string('a\ud800b') == '"a\\ud800b"'
    assert js_utf8('a\udc00') == b'a\xef\xbf\xbd'
