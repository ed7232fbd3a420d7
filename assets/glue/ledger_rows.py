"""A revision turned into its CSV row and its rejects, byte for byte as the TypeScript engine does it
(lambda-src/core/transform/revision-row.ts, reject-record.ts, csv-row.ts)."""

import hashlib

from ledger_columns import MISSING, convert_selection, convert_value, value_at_path
from ledger_json import ledger_json, ql_audit_json
from ledger_values import LedgerTimestamp, js_utf8


class Revision:
    """One document revision of a user table (revision.ts): `data` is None for deletions and redacted revisions,
    `data_hash` is set only on redacted ones; hashes are bytes."""

    __slots__ = ('table_id', 'table_name', 'strand_id', 'sequence_no', 'hash', 'document_id', 'version', 'tx_id',
                 'tx_time', 'data', 'data_hash')

    def __init__(self, table_id, table_name, strand_id, sequence_no, revision_hash, document_id, version, tx_id,
                 tx_time, data=None, data_hash=None):
        self.table_id = table_id
        self.table_name = table_name
        self.strand_id = strand_id
        self.sequence_no = sequence_no
        self.hash = revision_hash
        self.document_id = document_id
        self.version = version
        self.tx_id = tx_id
        self.tx_time = tx_time if isinstance(tx_time, LedgerTimestamp) else LedgerTimestamp(tx_time)
        self.data = data
        self.data_hash = data_hash


def operation_of(revision):
    """`I` for version 0, `U` for a later version, `D` for a deletion (neither data nor dataHash)."""
    if revision.data is None and revision.data_hash is None:
        return 'D'
    return 'I' if revision.version == 0 else 'U'


def csv_row(values):
    """One CSV line (RFC 4180): NULL is an empty unquoted field, every other value is quoted, quotes are doubled."""
    return ','.join('' if v is None else '"' + (v.replace('"', '""') if '"' in v else v) + '"' for v in values) + '\n'


def reject_key(parts):
    """sha256 hex of the parts joined by `|` (None as empty): a reject found again is stored once."""
    text = '|'.join('' if p is None else str(p) for p in parts)
    return hashlib.sha256(js_utf8(text)).hexdigest()


class StrictModeError(Exception):
    """Raised in strict mode on the first value that cannot be converted."""


def _metadata_value(revision, field):
    if field == 'version':
        return revision.version
    if field == 'txId':
        return revision.tx_id
    return revision.tx_time


def _cell(column):
    """A function revision -> (ok, text_or_reason, original) for one column."""
    system = column.system
    if system == 'doc_id':
        return lambda r: (True, r.document_id, MISSING)
    if system == 'version':
        return lambda r: (True, str(r.version), MISSING)
    if system == 'ql_audit':
        return lambda r: (True, ql_audit_json(r), MISSING)
    if system == 'operation':
        return lambda r: (True, operation_of(r), MISSING)
    if system == 'transaction_id':
        return lambda r: (True, r.tx_id, MISSING)
    if system == 'data':
        return lambda r: (True, None if r.data is None else ledger_json(r.data), MISSING)
    column_type = column.type
    if column.source_kind == 'documentId':
        return lambda r: convert_value(r.document_id, column_type) + (r.document_id,)
    if column.source_kind == 'metadata':
        field = column.source_arg

        def metadata_cell(r):
            value = _metadata_value(r, field)
            return convert_value(value, column_type) + (value,)
        return metadata_cell
    segments = column.source_arg
    separator = column.separator

    def path_cell(r):
        if r.data is None:
            return (True, None, MISSING)  # deleted or redacted: no data columns
        selection = value_at_path(r.data, segments)
        original = MISSING if selection is MISSING else selection[1]
        return convert_selection(selection, column_type, separator) + (original,)
    return path_cell


class RevisionRowBuilder:
    """Turns revisions of one ledger table into rows of its audit table (whose prefix is the live row)."""

    def __init__(self, layout, source='export', strict=False):
        self.layout = layout
        self.source = source
        self.strict = strict
        self.cells = [_cell(c) for c in layout.columns]
        self.names = [c.name for c in layout.columns]

    def build(self, revision):
        """(values, rejects): values in audit column order, canonical PostgreSQL text or None; rejects as lists of
        values in the rejects table's column order."""
        values = []
        rejects = []
        for i, cell in enumerate(self.cells):
            converted, text, original = cell(revision)
            if converted:
                values.append(text)
                continue
            values.append(None)
            column = self.names[i]
            original_json = None if original is MISSING else ledger_json(original)
            if self.strict:
                raise StrictModeError(
                    '%s document %s version %d (block %d), column %s.%s: %s; value %s'
                    % (revision.table_name, revision.document_id, revision.version, revision.sequence_no,
                       self.layout.live_table, column, text, 'undefined' if original_json is None else original_json))
            key = reject_key([self.source, revision.table_id, revision.document_id, revision.version, column])
            rejects.append([key, self.source, revision.table_name, revision.table_id, self.layout.live_table,
                            revision.document_id, str(revision.version), column, text, original_json, None])
        return values, rejects
