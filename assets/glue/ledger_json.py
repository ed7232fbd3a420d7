"""Exact JSON text of ledger values and the `ql_audit` document, byte for byte as the TypeScript engine writes them
(lambda-src/core/transform/ledger-json.ts and ql-audit.ts, which use JavaScript's JSON.stringify rules)."""

import base64
import math
import re
from json.encoder import encode_basestring

from ledger_values import LedgerDecimal, LedgerTimestamp, js_number_text

_LONE_SURROGATE = re.compile('[\ud800-\udfff]')
_MAX_ARRAY_INDEX = 4294967294


def _escape_surrogates(text):
    # JSON.stringify writes a lone surrogate as a \u escape; a Python str can only hold lone ones (pairs are joined).
    return _LONE_SURROGATE.sub(lambda m: '\\u%04x' % ord(m.group(0)), text)


def json_string(text):
    """JSON.stringify of a string."""
    quoted = encode_basestring(text)
    return _escape_surrogates(quoted) if _LONE_SURROGATE.search(quoted) else quoted


def _is_array_index(key):
    return key.isdigit() and key.isascii() and (key == '0' or key[0] != '0') and int(key) <= _MAX_ARRAY_INDEX


def js_key_order(keys):
    """The order in which a JavaScript object enumerates its keys: array-index keys ascending, then the others as
    inserted."""
    keys = list(keys)
    indexes = [k for k in keys if k[:1].isdigit() and _is_array_index(k)]
    if not indexes:
        return keys
    index_set = set(indexes)
    return sorted(indexes, key=int) + [k for k in keys if k not in index_set]


def _append(value, parts):
    if value is None:
        parts.append('null')
    elif value is True:
        parts.append('true')
    elif value is False:
        parts.append('false')
    elif isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, int):
        parts.append(str(value))
    elif isinstance(value, float):
        text = js_number_text(value)
        parts.append(text if math.isfinite(value) else encode_basestring(text))
    elif isinstance(value, LedgerDecimal):
        parts.append(value.text)
    elif isinstance(value, LedgerTimestamp):
        parts.append(encode_basestring(value.text))
    elif isinstance(value, (bytes, bytearray)):
        parts.append('"' + base64.b64encode(value).decode('ascii') + '"')
    elif isinstance(value, list):
        parts.append('[')
        for i, item in enumerate(value):
            if i:
                parts.append(',')
            _append(item, parts)
        parts.append(']')
    elif isinstance(value, dict):
        parts.append('{')
        for i, key in enumerate(js_key_order(value.keys())):
            if i:
                parts.append(',')
            parts.append(encode_basestring(key))
            parts.append(':')
            _append(value[key], parts)
        parts.append('}')
    else:
        raise ValueError('cannot convert %r to JSON' % (value,))


def ledger_json(value):
    """Exact JSON of a ledger value: decimals as numbers with their digits, timestamps as their Ion text, blobs in
    base64, field order kept (as JavaScript orders keys), no whitespace."""
    parts = []
    _append(value, parts)
    text = ''.join(parts)
    return _escape_surrogates(text) if _LONE_SURROGATE.search(text) else text


def _b64(data):
    return 'null' if data is None else '"' + base64.b64encode(data).decode('ascii') + '"'


def ql_audit_json(revision):
    """The `ql_audit` JSON of a revision, keys in the order of qlAuditJson (the order jsonb stores them in)."""
    deleted = revision.data is None and revision.data_hash is None
    redacted = revision.data is None and revision.data_hash is not None
    text = ''.join((
        '{"ql_v":', str(revision.version),
        ',"ql_id":', encode_basestring(revision.document_id),
        ',"ql_txid":', encode_basestring(revision.tx_id),
        ',"ql_strand":', encode_basestring(revision.strand_id),
        ',"ql_txtime":', encode_basestring(revision.tx_time.text),
        ',"ql_tableid":', encode_basestring(revision.table_id),
        ',"ql_blockseq":', str(revision.sequence_no),
        ',"ql_deletion":', 'true' if deleted else 'false',
        ',"ql_redacted":', 'true' if redacted else 'false',
        ',"ql_rev_hash":', _b64(revision.hash),
        ',"ql_data_hash":', _b64(revision.data_hash),
        ',"ql_tablename":', encode_basestring(revision.table_name),
        '}',
    ))
    return _escape_surrogates(text) if _LONE_SURROGATE.search(text) else text
