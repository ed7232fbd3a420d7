"""Exact in-memory ledger values, as the TypeScript engine holds them (lambda-src/core/model/ledger-value.ts).

A value is None, bool, int (any size), float, str, LedgerDecimal (exact decimal text), LedgerTimestamp (Ion text),
bytes (blob or clob), list, or dict (field order kept). The texts are the ones ion-js produces, so every column
computed from them is byte for byte the TypeScript engine's.
"""

import codecs
import json
import math
import sys
from decimal import Decimal

# Integers of any length stay exact (Python limits int <-> str conversions to 4300 digits by default).
if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)

# The characters JavaScript's String.prototype.trim() removes (Python's str.strip() removes a different set).
JS_WHITESPACE = '\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a' \
    '\u2028\u2029\u202f\u205f\u3000\ufeff'


def _replace_with_replacement_character(error):
    return (b'\xef\xbf\xbd' * (error.end - error.start), error.end)


codecs.register_error('ledger_js_replace', _replace_with_replacement_character)


def js_utf8(text):
    """UTF-8 bytes of a str as Node.js writes them: a lone surrogate becomes U+FFFD."""
    return text.encode('utf-8', 'ledger_js_replace')


class LedgerDecimal:
    """An exact decimal number as plain decimal text (`-0.00`, `90.25`, `1500`): never a binary float."""

    __slots__ = ('text',)

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, LedgerDecimal) and other.text == self.text

    def __hash__(self):
        return hash(('decimal', self.text))

    def __repr__(self):
        return 'LedgerDecimal(%r)' % self.text


class LedgerTimestamp:
    """An Ion timestamp in the Ion text form ion-js prints (`1963-08-19T`, `2020-07-03T20:36:43.123456+01:00`)."""

    __slots__ = ('text',)

    def __init__(self, text):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, LedgerTimestamp) and other.text == self.text

    def __hash__(self):
        return hash(('timestamp', self.text))

    def __repr__(self):
        return 'LedgerTimestamp(%r)' % self.text


def decimal_text(decimal):
    """Plain decimal text of a Decimal, keeping its scale and the sign of zero (decimalText in ion-to-ledger-value.ts)."""
    sign, digit_tuple, exponent = decimal.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError('%s is not a finite decimal' % decimal)
    digits = ''.join(map(str, digit_tuple)).lstrip('0') or '0'
    prefix = '-' if sign else ''
    if exponent >= 0:
        return prefix + ('0' if digits == '0' else digits + '0' * exponent)
    scale = -exponent
    padded = digits.rjust(scale + 1, '0')
    return '%s%s.%s' % (prefix, padded[:len(padded) - scale], padded[len(padded) - scale:])


def js_number_text(number):
    """`String(number)` of JavaScript for a float (shortest round-trip digits, ECMAScript Number::toString layout)."""
    if math.isnan(number):
        return 'NaN'
    if math.isinf(number):
        return 'Infinity' if number > 0 else '-Infinity'
    if number == 0:
        return '0'
    sign = '-' if number < 0 else ''
    mantissa, _, exponent_text = repr(abs(number)).partition('e')
    whole, _, fraction = mantissa.partition('.')
    digits = whole + fraction
    point = len(whole) + (int(exponent_text) if exponent_text else 0)
    stripped = digits.lstrip('0')
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip('0')
    k, n = len(digits), point
    if k <= n <= 21:
        return sign + digits + '0' * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + '.' + digits[n:]
    if -6 < n <= 0:
        return sign + '0.' + '0' * (-n) + digits
    e = n - 1
    exponent = ('+' if e >= 0 else '-') + str(abs(e))
    return sign + (digits if k == 1 else digits[0] + '.' + digits[1:]) + 'e' + exponent


# --- Ion (amazon.ion simpleion values) ---------------------------------------------------------------------------

_PRECISION_YEAR, _PRECISION_MONTH, _PRECISION_DAY, _PRECISION_MINUTE = 0, 1, 2, 3


def _fraction_digits(timestamp):
    fractional = getattr(timestamp, 'fractional_seconds', None)
    if fractional is not None:
        _, digit_tuple, exponent = Decimal(fractional).as_tuple()
        if not isinstance(exponent, int) or exponent >= 0:
            return ''
        return ''.join(map(str, digit_tuple)).rjust(-exponent, '0')
    precision = getattr(timestamp, 'fractional_precision', None) or 0
    return ('%06d' % timestamp.microsecond)[:precision]


def ion_timestamp_text(timestamp):
    """The text ion-js `Timestamp.toString()` gives for an amazon.ion Timestamp: its precision, fraction digits and
    offset as written (`Z` for +00:00, `-00:00` for an unknown offset, a day-precision date ends in `T`)."""
    precision = getattr(timestamp, 'precision', None)
    level = precision.value if precision is not None else 4
    year = '%04d' % timestamp.year
    if level == _PRECISION_YEAR:
        return year + 'T'
    if level == _PRECISION_MONTH:
        return '%s-%02dT' % (year, timestamp.month)
    if level == _PRECISION_DAY:
        return '%s-%02d-%02dT' % (year, timestamp.month, timestamp.day)
    text = '%s-%02d-%02dT%02d:%02d' % (year, timestamp.month, timestamp.day, timestamp.hour, timestamp.minute)
    if level > _PRECISION_MINUTE:
        text += ':%02d' % timestamp.second
        fraction = _fraction_digits(timestamp)
        if fraction:
            text += '.' + fraction
    offset = timestamp.utcoffset()
    if offset is None:
        return text + '-00:00'
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return text + 'Z'
    return text + '%s%02d:%02d' % ('-' if minutes < 0 else '+', abs(minutes) // 60, abs(minutes) % 60)


def from_ion(value):
    """A ledger value from an amazon.ion simpleion value (readLedgerValue in ion-to-ledger-value.ts)."""
    from amazon.ion.core import IonType  # imported here: the JSON path never needs amazon.ion
    from amazon.ion.simple_types import IonPyNull
    if value is None or isinstance(value, IonPyNull):
        return None
    ion_type = getattr(value, 'ion_type', None)
    if ion_type is None:
        return _from_plain(value)
    if ion_type is IonType.BOOL:
        return bool(value)
    if ion_type is IonType.INT:
        return int(value)
    if ion_type is IonType.FLOAT:
        return float(value)
    if ion_type is IonType.DECIMAL:
        return LedgerDecimal(decimal_text(value))
    if ion_type is IonType.TIMESTAMP:
        return LedgerTimestamp(ion_timestamp_text(value))
    if ion_type is IonType.STRING:
        return str(value)
    if ion_type is IonType.SYMBOL:
        return value.text
    if ion_type in (IonType.BLOB, IonType.CLOB):
        return bytes(value)
    if ion_type in (IonType.LIST, IonType.SEXP):
        return [from_ion(item) for item in value]
    if ion_type is IonType.STRUCT:
        struct = {}
        for field, item in value.items():  # a repeated field keeps its first position and its last value
            struct[field.text if hasattr(field, 'text') else field] = from_ion(item)
        return struct
    raise ValueError('unsupported Ion type %s' % ion_type)


def _from_plain(value):
    if isinstance(value, Decimal):
        return LedgerDecimal(decimal_text(value))
    if isinstance(value, dict):
        return {k: from_ion(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [from_ion(v) for v in value]
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return value


# --- JSON Lines (lossless) -----------------------------------------------------------------------------------------

def _json_number(text):
    if 'e' in text or 'E' in text:
        return LedgerDecimal(decimal_text(Decimal(text)))
    return LedgerDecimal(text)


def _reject_constant(name):
    raise ValueError('invalid JSON: %s is not a JSON value' % name)


_DECODER = json.JSONDecoder(parse_float=_json_number, parse_constant=_reject_constant, strict=False)


def parse_json_value(text):
    """One JSON value read losslessly (json-value-parser.ts): numbers with `.`, `e` or `E` become LedgerDecimal with
    their exact text (exponents written out), integers stay exact, field order is kept, a repeated field keeps its
    last value."""
    return _DECODER.decode(text)
