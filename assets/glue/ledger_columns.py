"""Canonical PostgreSQL text of a ledger value for a column type, or the reason it cannot be converted: the rules and
reject reasons of lambda-src/core/transform/column-conversion.ts and value-at-path.ts, byte for byte.

A conversion is a pair `(True, text_or_None)` or `(False, reason)`.
"""

import base64
import math
import re

from ledger_json import ledger_json
from ledger_values import JS_WHITESPACE, LedgerDecimal, LedgerTimestamp, js_number_text

INTEGER_RANGES = {
    'smallint': (-32768, 32767),
    'integer': (-2147483648, 2147483647),
    'bigint': (-9223372036854775808, 9223372036854775807),
}
# [0-9], not \d (Python's \d matches every Unicode digit); fullmatch, not $ (Python's $ also matches before a final \n);
# [^\n\r\u2028\u2029] is JavaScript's `.`.
_NUMBER_TEXT = re.compile(r'([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?')
_DATE_TEXT = re.compile('([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T[^\n\r\u2028\u2029]*)?')
_TIMESTAMP_TEXT = re.compile(
    r'([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(Z|[+-][0-9]{2}:[0-9]{2})')
_DAY_TEXT = re.compile('([0-9]{4}-[0-9]{2}-[0-9]{2})T?')
_NONZERO = re.compile('[1-9]')
_ARRAY_ESCAPE = re.compile(r'[\\"]')

MISSING = ('missing',)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# What an unconstrained numeric holds (PostgreSQL refuses the text of anything larger or finer).
_NUMERIC_MAX_INTEGER_DIGITS = 131072
_NUMERIC_MAX_SCALE = 16383
# The largest offset PostgreSQL's timestamptz input accepts, in hours (Ion allows up to 23:59).
_MAX_OFFSET_HOURS = 15


def ok(text):
    return (True, text)


def fail(reason):
    return (False, reason)


class ColumnType:
    """A mapped column's type: kind (`varchar`, `text`, `smallint`, `integer`, `bigint`, `decimal`, `boolean`, `date`,
    `timestamptz`, `jsonb`, `text[]`), and length, precision and scale where they apply."""

    __slots__ = ('kind', 'length', 'precision', 'scale')

    def __init__(self, kind, length=None, precision=None, scale=None):
        self.kind = kind
        self.length = length
        self.precision = precision
        self.scale = scale

    def to_sql(self):
        if self.kind == 'varchar':
            return 'varchar(%d)' % self.length
        if self.kind == 'decimal':
            return 'decimal' if self.precision is None else 'decimal(%d,%d)' % (self.precision, self.scale or 0)
        return self.kind


def describe_value(value):
    if isinstance(value, LedgerDecimal):
        return 'decimal'
    if isinstance(value, LedgerTimestamp):
        return 'timestamp'
    if isinstance(value, (bytes, bytearray)):
        return 'blob'
    if isinstance(value, list):
        return 'list'
    if isinstance(value, dict):
        return 'struct'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'integer'
    if isinstance(value, float):
        return 'integer' if math.isfinite(value) and value.is_integer() else 'number'
    return 'string'


def scalar_text(value):
    """Text of a scalar for text columns; None for containers."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return js_number_text(value)
    if isinstance(value, (LedgerDecimal, LedgerTimestamp)):
        return value.text
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode('ascii')
    return None


def number_parts(value):
    """(sign, digits, scale) of a numeric value, or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return None
        text = js_number_text(value)
    elif isinstance(value, LedgerDecimal):
        text = value.text
    elif isinstance(value, str):
        text = value.strip(JS_WHITESPACE)
    else:
        return None
    m = _NUMBER_TEXT.fullmatch(text)
    if not m or (m.group(2) == '' and (m.group(3) or '') == ''):
        return None
    fraction = m.group(3) or ''
    exponent = 0 if m.group(4) is None else int(m.group(4))
    digits = (m.group(2) + fraction).lstrip('0') or '0'
    scale = len(fraction) - exponent
    if scale < 0:
        digits += '0' * (-scale)
        scale = 0
    return ('-' if m.group(1) == '-' else '', digits, scale)


def plain_number(sign, digits, scale):
    if scale == 0:
        return sign + digits
    padded = digits.rjust(scale + 1, '0')
    return '%s%s.%s' % (sign, padded[:-scale], padded[-scale:])


def _to_integer(value, kind):
    parts = number_parts(value)
    if parts is None:
        return fail('a %s is not a number' % describe_value(value))
    sign, digits, scale = parts
    fraction = digits[len(digits) - scale:]
    if scale > 0 and _NONZERO.search(fraction):
        return fail('%s is not a whole number' % plain_number(*parts))
    whole = int(sign + (digits[:len(digits) - scale] or '0'))
    low, high = INTEGER_RANGES[kind]
    if whole < low or whole > high:
        return fail('%d is out of the %s range %d to %d' % (whole, kind, low, high))
    return ok(str(whole))


def _to_decimal(value, column_type):
    parts = number_parts(value)
    if parts is None:
        return fail('a %s is not a number' % describe_value(value))
    if column_type.precision is None:
        sign, digits, value_scale = parts
        if value_scale > _NUMERIC_MAX_SCALE or len(digits) - value_scale > _NUMERIC_MAX_INTEGER_DIGITS:
            return fail("%d digits with %d after the point are beyond PostgreSQL's numeric (%d digits before the point, "
                        '%d after)' % (len(digits), value_scale, _NUMERIC_MAX_INTEGER_DIGITS, _NUMERIC_MAX_SCALE))
        return ok(plain_number(*parts))
    scale = column_type.scale or 0
    sign, digits, value_scale = parts
    while value_scale > scale and digits.endswith('0'):
        digits = digits[:-1]
        value_scale -= 1
    if value_scale > scale:
        return fail('%s has more than %d digits after the point (it would be rounded)' % (plain_number(*parts), scale))
    integer_digits = len(digits[:max(0, len(digits) - value_scale)].lstrip('0'))
    if integer_digits > column_type.precision - scale:
        return fail('%s has more than %d digits before the point for %s'
                    % (plain_number(*parts), column_type.precision - scale, column_type.to_sql()))
    return ok(plain_number(sign, digits, value_scale))


def _is_real_date(year, month, day):
    if year < 1 or year > 9999 or month < 1 or month > 12 or day < 1:
        return False
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _DAYS_IN_MONTH[month - 1] + (1 if leap else 0)


def _time_text(value):
    if isinstance(value, LedgerTimestamp):
        return value.text.strip(JS_WHITESPACE)
    if isinstance(value, str):
        return value.strip(JS_WHITESPACE)
    return None


def _to_date(value):
    text = _time_text(value)
    if text is None:
        return fail('a %s is not a date' % describe_value(value))
    m = _DATE_TEXT.fullmatch(text)
    if not m:
        return fail('"%s" is not a date with day precision' % text)
    if not _is_real_date(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return fail('"%s" is not a real calendar date' % text)
    return ok('%s-%s-%s' % (m.group(1), m.group(2), m.group(3)))


def _to_timestamp(value):
    text = _time_text(value)
    if text is None:
        return fail('a %s is not a timestamp' % describe_value(value))
    day = _DAY_TEXT.fullmatch(text)
    if day:
        date = _to_date(day.group(1))
        return ok(date[1] + 'T00:00:00+00:00') if date[0] else date
    m = _TIMESTAMP_TEXT.fullmatch(text)
    if not m:
        return fail('"%s" is not a timestamp with a time and an offset' % text)
    date = _to_date(m.group(1))
    if not date[0]:
        return date
    if int(m.group(2)) > 23 or int(m.group(3)) > 59 or int(m.group(4) or '0') > 59:
        return fail('"%s" is not a real time of day' % text)
    zone = m.group(6)
    if zone != 'Z' and (int(zone[1:3]) > _MAX_OFFSET_HOURS or int(zone[4:]) > 59):
        return fail('"%s" has the offset %s; PostgreSQL\'s timestamptz accepts offsets up to \u00b1%d:59'
                    % (text, zone, _MAX_OFFSET_HOURS))
    fraction = m.group(5) or ''
    if len(fraction) > 6:
        if _NONZERO.search(fraction[6:]):
            return fail('"%s" has sub-microsecond digits; timestamptz keeps microseconds' % text)
        fraction = fraction[:6]
    offset = '+00:00' if m.group(6) in ('Z', '-00:00') else m.group(6)
    return ok('%sT%s:%s:%s%s%s' % (m.group(1), m.group(2), m.group(3), m.group(4) or '00',
                                    '.' + fraction if fraction else '', offset))


def _check_text(text, column_type):
    if '\x00' in text:
        return fail('the text contains a NUL character, which PostgreSQL text cannot hold')
    if column_type.kind == 'varchar' and len(text) > column_type.length:
        return fail('%d characters do not fit %s' % (len(text), column_type.to_sql()))
    return ok(text)


def _to_text(value, column_type):
    text = scalar_text(value)
    if text is None:
        return fail('a %s cannot be stored in %s (map it to jsonb)' % (describe_value(value), column_type.to_sql()))
    return _check_text(text, column_type)


def _to_boolean(value):
    if isinstance(value, bool):
        return ok('true' if value else 'false')
    if value == 'true' or value == 'false':
        return ok(value)
    return fail('a %s is not a boolean' % describe_value(value))


def _array_literal(elements):
    return '{' + ','.join('NULL' if e is None else '"' + _ARRAY_ESCAPE.sub(r'\\\g<0>', e) + '"' for e in elements) + '}'


def _to_text_array(values):
    elements = []
    for v in values:
        if v is None:
            elements.append(None)
            continue
        text = scalar_text(v)
        if text is None:
            return fail('a list element is a %s; text[] holds scalars only' % describe_value(v))
        if '\x00' in text:
            return fail('a list element contains a NUL character')
        elements.append(text)
    return ok(_array_literal(elements))


def convert_value(value, column_type):
    """Converts one value (not a `[*]` list) to a column's text."""
    if value is None:
        return ok(None)
    kind = column_type.kind
    if kind in INTEGER_RANGES:
        return _to_integer(value, kind)
    if kind == 'decimal':
        return _to_decimal(value, column_type)
    if kind == 'boolean':
        return _to_boolean(value)
    if kind == 'date':
        return _to_date(value)
    if kind == 'timestamptz':
        return _to_timestamp(value)
    if kind == 'jsonb':
        return ok(ledger_json(value))
    if kind == 'text[]':
        if isinstance(value, list):
            return _to_text_array(value)
        return fail('a %s is not a list; text[] needs a list' % describe_value(value))
    return _to_text(value, column_type)


def convert_selection(selection, column_type, separator):
    """Converts what a path selected: MISSING, ('value', v) or ('list', values)."""
    if selection is MISSING:
        return ok(None)
    if selection[0] == 'value':
        return convert_value(selection[1], column_type)
    values = selection[1]
    if column_type.kind == 'text[]':
        return _to_text_array(values)
    if column_type.kind == 'jsonb':
        return ok(ledger_json(values))
    texts = []
    for v in values:
        if v is None:
            continue
        text = scalar_text(v)
        if text is None:
            return fail('a list element is a %s; only scalars can be joined' % describe_value(v))
        texts.append(text)
    return _check_text(separator.join(texts), column_type)


# --- document paths ----------------------------------------------------------------------------------------------

def _step(values, segment):
    kind, arg = segment
    found = []
    for value in values:
        if kind == 'wildcard':
            if isinstance(value, list):
                found.extend(value)
        elif kind == 'index':
            if isinstance(value, list) and arg < len(value):
                found.append(value[arg])
        elif isinstance(value, dict) and arg in value:
            found.append(value[arg])
    return found


def value_at_path(document, segments):
    """What a path (segments `('field', name)`, `('index', n)`, `('wildcard', None)`) selects in a document:
    MISSING, ('value', v), or ('list', values) for a path with `[*]`."""
    wildcard_at = next((i for i, s in enumerate(segments) if s[0] == 'wildcard'), -1)
    if wildcard_at < 0:
        found = [document]
        for segment in segments:
            found = _step(found, segment)
        return ('value', found[0]) if found else MISSING
    arrays = [document]
    for segment in segments[:wildcard_at]:
        arrays = _step(arrays, segment)
    if not arrays or not isinstance(arrays[0], list):
        return MISSING
    values = arrays
    for segment in segments[wildcard_at:]:
        values = _step(values, segment)
    return ('list', values)
