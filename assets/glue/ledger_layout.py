"""The mapping JSON file (src/mapping/mapping-json.ts) read into table layouts, and the routing of ledger tables to
them: the column names and order of src/generators/table-layout.ts (the DMS table definition's CSV column order) and
the rules of lambda-src/core/load/table-router.ts.

The mapping is validated by the library before it is deployed; this module reads a valid mapping and fails with the
JSON path of anything it cannot read.
"""

import re

from ledger_columns import ColumnType

AUDIT_TABLE_SUFFIX = '_audit_log'
REJECTS_TABLE = 'qldb_migration_rejects'
REJECTS_COLUMNS = ('reject_key', 'source', 'ledger_table', 'table_id', 'target_table', 'doc_id', 'version',
                   'column_name', 'reason', 'original_value', 'raw_record')
METADATA_FIELDS = ('version', 'txTime', 'txId')
_RESERVED = frozenset((
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation '
    'column concurrently constraint create cross current_catalog current_date current_role current_schema current_time '
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze '
    'from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit '
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references '
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true '
    'union unique user using variadic verbose when where window with').split())
_SIMPLE_TYPES = {
    'text': 'text', 'smallint': 'smallint', 'integer': 'integer', 'int': 'integer', 'bigint': 'bigint',
    'decimal': 'decimal', 'numeric': 'decimal', 'boolean': 'boolean', 'date': 'date', 'timestamptz': 'timestamptz',
    'timestamp with time zone': 'timestamptz', 'jsonb': 'jsonb', 'text[]': 'text[]',
}
_VARCHAR = re.compile(r'(?:varchar|character varying) ?\( ?([0-9]+) ?\)')
_DECIMAL = re.compile(r'(?:decimal|numeric) ?\( ?([0-9]+) ?(?:, ?([0-9]+) ?)?\)')
_PATH_FIELD = re.compile('[A-Za-z_][A-Za-z0-9_]*')
_PATH_QUOTED = re.compile(r"\['((?:[^'\\]|\\.)*)'\]")
_PATH_INDEX = re.compile(r'\[([0-9]+)\]')


def parse_column_type(sql, where):
    text = re.sub(r'\s+', ' ', sql.strip().lower())
    if text in _SIMPLE_TYPES:
        return ColumnType(_SIMPLE_TYPES[text])
    m = _VARCHAR.fullmatch(text)
    if m:
        return ColumnType('varchar', length=int(m.group(1)))
    m = _DECIMAL.fullmatch(text)
    if m:
        return ColumnType('decimal', precision=int(m.group(1)), scale=int(m.group(2) or 0))
    raise ValueError('%s: unknown column type "%s"' % (where, sql))


def parse_document_path(path, where):
    """Segments of a document path (source-path.ts): ('field', name), ('index', n), ('wildcard', None)."""
    segments = []
    rest = path
    expect_field = True
    while rest:
        if rest.startswith('['):
            if rest.startswith('[*]'):
                segments.append(('wildcard', None))
                rest = rest[3:]
            elif _PATH_INDEX.match(rest):
                m = _PATH_INDEX.match(rest)
                segments.append(('index', int(m.group(1))))
                rest = rest[m.end():]
            elif _PATH_QUOTED.match(rest):
                m = _PATH_QUOTED.match(rest)
                segments.append(('field', re.sub(r'\\(.)', r'\1', m.group(1))))
                rest = rest[m.end():]
            else:
                raise ValueError('%s: document path "%s" cannot be parsed at "%s"' % (where, path, rest))
            expect_field = False
            continue
        if not expect_field:
            if not rest.startswith('.') or rest[1:2] == '[':
                raise ValueError('%s: document path "%s" cannot be parsed at "%s"' % (where, path, rest))
            rest = rest[1:]
        m = _PATH_FIELD.match(rest)
        if not m:
            raise ValueError('%s: document path "%s" cannot be parsed at "%s"' % (where, path, rest))
        segments.append(('field', m.group(0)))
        rest = rest[m.end():]
        expect_field = False
    if not segments:
        raise ValueError('%s: the document path is empty' % where)
    return segments


class Column:
    """One column of a revision row: a system column (`doc_id`, `version`, `ql_audit`, `operation`,
    `transaction_id`, `data`) or a mapped one with its source and type."""

    __slots__ = ('name', 'system', 'source_kind', 'source_arg', 'type', 'separator')

    def __init__(self, name, system=None, source_kind=None, source_arg=None, column_type=None, separator=','):
        self.name = name
        self.system = system
        self.source_kind = source_kind  # 'documentId', 'metadata' (arg: field) or 'path' (arg: segments)
        self.source_arg = source_arg
        self.type = column_type
        self.separator = separator


class TableLayout:
    """The tables one ledger table lands in: live table name, audit table name (None without audit tables), and the
    revision row's columns (the audit table's columns; the live row is their prefix without the last two)."""

    __slots__ = ('ledger_table', 'live_table', 'audit_table', 'columns', 'document_table')

    def __init__(self, ledger_table, live_table, audit_table, columns, document_table):
        self.ledger_table = ledger_table
        self.live_table = live_table
        self.audit_table = audit_table
        self.columns = columns
        self.document_table = document_table

    @property
    def live_column_count(self):
        return len(self.columns) - 2


def _head():
    return [Column('doc_id', system='doc_id'), Column('version', system='version')]


def _tail():
    return [Column('ql_audit', system='ql_audit'), Column('operation', system='operation'),
            Column('transaction_id', system='transaction_id')]


def _mapped_column(column, where):
    name = column['name']
    source = column['source']
    column_type = parse_column_type(column['type'], where + '.type')
    separator = column.get('separator', ',')
    if source == '$documentId':
        return Column(name, source_kind='documentId', column_type=column_type, separator=separator)
    if source.startswith('$'):
        field = source[len('$metadata.'):] if source.startswith('$metadata.') else None
        if field not in METADATA_FIELDS:
            raise ValueError('%s.source: unknown source "%s"' % (where, source))
        return Column(name, source_kind='metadata', source_arg=field, column_type=column_type, separator=separator)
    return Column(name, source_kind='path', source_arg=parse_document_path(source, where + '.source'),
                  column_type=column_type, separator=separator)


def snake_case_name(ledger_name):
    """`VehicleRegistration` -> `vehicle_registration` (snakeCaseName in src/mapping/identifier.ts)."""
    snake = re.sub('([a-z0-9])([A-Z])', r'\1_\2', ledger_name)
    snake = re.sub('([A-Z]+)([A-Z][a-z])', r'\1_\2', snake)
    snake = re.sub('[^A-Za-z0-9_]+', '_', snake).lower()
    snake = re.sub('^_+|_+$', '', snake)
    name = snake if re.match('[a-z_]', snake) else 't_' + snake
    return name + '_' if name in _RESERVED else name[:63]


class LedgerMappingConfig:
    """The settings of a mapping JSON object that the transform needs."""

    def __init__(self, mapping):
        if not isinstance(mapping, dict):
            raise ValueError('the mapping is not a JSON object')
        self.schema = mapping.get('schema', 'qldb')
        self.audit_tables = mapping.get('auditTables', True)
        self.unmapped_tables = mapping.get('unmappedTables', 'jsonb')
        self.dropped_tables = mapping.get('droppedTables', 'skip')
        self.skip_tables = list(mapping.get('skipTables', []))
        self.document_tables = [(d['ledgerTable'], d.get('targetTable')) for d in mapping.get('documentTables', [])]
        self.tables = mapping.get('tables', [])
        if self.unmapped_tables not in ('jsonb', 'skip'):
            raise ValueError('$.unmappedTables: expected "jsonb" or "skip", got %r' % (self.unmapped_tables,))
        if self.dropped_tables not in ('skip', 'migrate'):
            raise ValueError('$.droppedTables: expected "skip" or "migrate", got %r' % (self.dropped_tables,))

    def mapped_layout(self, index):
        table = self.tables[index]
        where = '$.tables[%d]' % index
        body = [_mapped_column(c, '%s.columns[%d]' % (where, i)) for i, c in enumerate(table.get('columns', []))]
        audit = table.get('auditTable') or table['targetTable'] + AUDIT_TABLE_SUFFIX
        return TableLayout(table['ledgerTable'], table['targetTable'], audit if self.audit_tables else None,
                           _head() + body + _tail(), False)

    def document_layout(self, ledger_table):
        declared = next((t for l, t in self.document_tables if l == ledger_table and t), None)
        name = declared or snake_case_name(ledger_table)
        return TableLayout(ledger_table, name, name + AUDIT_TABLE_SUFFIX if self.audit_tables else None,
                           _head() + [Column('data', system='data')] + _tail(), True)


class TableRouter:
    """Per ledger table name: ('mapped' | 'document', layout) or ('skipped', reason) (table-router.ts)."""

    def __init__(self, config):
        self.config = config
        self.routes = {}
        for i, table in enumerate(config.tables):
            self.routes[table['ledgerTable']] = ('mapped', config.mapped_layout(i))
        for ledger_table, _ in config.document_tables:
            self.routes[ledger_table] = ('document', config.document_layout(ledger_table))
        for ledger_table in config.skip_tables:
            self.routes[ledger_table] = ('skipped', 'skipTables')

    def declared_routes(self):
        return [(kind, layout) for kind, layout in self.routes.values() if kind != 'skipped']

    def route(self, ledger_table):
        route = self.routes.get(ledger_table)
        if route is None:
            if self.config.unmapped_tables == 'skip':
                route = ('skipped', 'unmappedTables')
            else:
                layout = self.config.document_layout(ledger_table)
                name = layout.live_table
                for kind, other in self.routes.values():
                    if kind != 'skipped' and name in (other.live_table, other.audit_table):
                        raise ValueError(
                            'ledger table "%s" is not in the mapping and would be migrated as JSONB documents into "%s", '
                            'which another table already uses: map it, declare it in documentTables with another '
                            'targetTable, or skip it' % (ledger_table, name))
                route = ('document', layout)
            self.routes[ledger_table] = route
        return route
