"""The whole per-block transform of the Glue job, with no Spark in it: data objects (JSON Lines, Ion text, Ion binary)
-> blocks -> revisions -> CSV lines of audit rows, live rows and rejects, plus what the driver needs to decide which
tables are dropped and to check that every block was read. Spark only distributes these records and groups them."""

import io
import re

from ledger_blocks import block_from_value
from ledger_layout import LedgerMappingConfig, TableRouter
from ledger_rows import RevisionRowBuilder, csv_row, operation_of
from ledger_values import from_ion, js_utf8, parse_json_value

# The fields of every record, in order (the Spark schema of ledger_etl.py follows them).
RECORD_FIELDS = (
    'kind',          # 'R' a revision, 'B' a block
    'object_first',  # B: first block of the data object the block came from
    'seq',           # the block's sequence number
    'ledger_table',  # R: the ledger table name
    'route',         # R: 'mapped', 'document' or 'skipped:<reason>'
    'table_id',      # R
    'doc_id',        # R
    'version',       # R
    'deleted',       # R: the revision is a deletion
    'audit_line',    # R: the audit row's CSV line without its line feed (None for skipped tables)
    'live_line',     # R: the live row's CSV line without its line feed (None for deletions and skipped tables)
    'rejects',       # R: CSV lines of the rejects table, without line feeds
    'tables',        # B: 'tableId<TAB>tableName' of the block's documents
    'statements',    # B: the block's DROP TABLE / UNDROP TABLE statements
)


_SURROGATE = re.compile('[\ud800-\udfff]')


def line_of(values):
    """The CSV line of a row without its line feed, with any lone surrogate replaced by U+FFFD as Node.js does when
    it writes UTF-8 (a str holding one cannot even reach Spark)."""
    line = csv_row(values)[:-1]
    return js_utf8(line).decode('utf-8') if _SURROGATE.search(line) else line


def sniff_format(head, name):
    """ION_BINARY, JSON or ION_TEXT from an object's first bytes (export-format.ts)."""
    if head[:4] == b'\xe0\x01\x00\xea':
        return 'ION_BINARY'
    if any(b < 0x09 or 0x0d < b < 0x20 or b == 0x7f for b in head[:64]):
        raise ValueError('%s: unknown format: the object starts with bytes %s, which are neither Ion binary, Ion text '
                         'nor JSON Lines' % (name, head[:8].hex(' ')))
    text = head.lstrip(b' \t\r\n')
    if text[:1] == b'{' and text[1:].lstrip(b' \t\r\n')[:1] in (b'"', b'}'):
        return 'JSON'
    return 'ION_TEXT'


def json_lines(data):
    for line in data.decode('utf-8').split('\n'):
        if line.strip(' \t\r'):
            yield parse_json_value(line)


def ion_values(data):
    from amazon.ion import simpleion
    for value in simpleion.load(io.BytesIO(data), single_value=False, parse_eagerly=False):
        yield from_ion(value)


class ExportTransformer:
    """Built once per task from the mapping JSON text; turns blocks into records (RECORD_FIELDS)."""

    def __init__(self, mapping, last_block=None, strict=False):
        self.router = TableRouter(LedgerMappingConfig(mapping))
        self.last_block = last_block
        self.strict = strict
        self.builders = {}

    def _builder(self, layout):
        builder = self.builders.get(layout.ledger_table)
        if builder is None:
            builder = self.builders[layout.ledger_table] = RevisionRowBuilder(layout, 'export', self.strict)
        return builder

    def block_records(self, block, object_first):
        yield ('B', object_first, block.sequence_no, None, None, None, None, None, None, None, None, None,
               ['%s\t%s' % t for t in block.tables], block.table_statements)
        for revision in block.revisions:
            route = self.router.route(revision.table_name)
            if route[0] == 'skipped':
                yield ('R', None, block.sequence_no, revision.table_name, 'skipped:' + route[1], revision.table_id,
                       revision.document_id, revision.version, False, None, None, [], None, None)
                continue
            layout = route[1]
            builder = self._builder(layout)
            values, rejects = builder.build(revision)
            deleted = operation_of(revision) == 'D'
            yield ('R', None, block.sequence_no, layout.ledger_table, route[0], revision.table_id,
                   revision.document_id, revision.version, deleted, line_of(values),
                   None if deleted else line_of(values[:layout.live_column_count]),
                   [line_of(r) for r in rejects], None, None)

    def json_line_records(self, line, object_key, object_first):
        """Records of one JSON Lines block (objects read line by line, in any order)."""
        block = block_from_value(parse_json_value(line), object_key)
        if self.last_block is not None and block.sequence_no > self.last_block:
            return
        yield from self.block_records(block, object_first)

    def object_records(self, data, object_key, declared_format, first, last):
        """Records of a whole data object, checking that its blocks are exactly the range its key names."""
        sniffed = sniff_format(data[:64], object_key)
        if declared_format is not None and (declared_format == 'ION_BINARY') != (sniffed == 'ION_BINARY'):
            raise ValueError("%s: the export's format is %s, but the object's content is %s"
                             % (object_key, declared_format, 'Ion binary' if sniffed == 'ION_BINARY' else 'text'))
        object_format = declared_format or sniffed
        values = json_lines(data) if object_format == 'JSON' else ion_values(data)
        expected = first
        for value in values:
            block = block_from_value(value, object_key)
            if block.sequence_no != expected:
                raise ValueError('%s: found block %s/%d where block %d was expected (the key names blocks %d-%d)'
                                 % (object_key, block.strand_id, block.sequence_no, expected, first, last))
            if block.sequence_no > last:
                raise ValueError('%s: holds block %d, beyond the blocks %d-%d its key names'
                                 % (object_key, block.sequence_no, first, last))
            expected += 1
            if self.last_block is not None and block.sequence_no > self.last_block:
                return
            yield from self.block_records(block, first)
        if expected != last + 1:
            raise ValueError('%s: the object holds blocks up to %d, but its key names blocks %d-%d (the object is '
                             'truncated)' % (object_key, expected - 1, first, last))
