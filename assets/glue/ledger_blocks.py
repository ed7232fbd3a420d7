"""Journal blocks read from any export format, turned into revisions joined to their tables, and the table states
that DROP TABLE / UNDROP TABLE statements decide (lambda-src/core/export/block-from-struct.ts, table-statements.ts,
table-states.ts). Ion exports hold hashes as blobs and times as timestamps; JSON exports hold base64 text and
timestamp text: both are accepted. Errors name the object, the block sequence number, the document and version."""

import base64
import binascii
import re

from ledger_rows import Revision
from ledger_values import LedgerTimestamp

_IDENTIFIER = r'(?:"((?:[^"]|"")+)"|`((?:[^`]|``)+)`|([A-Za-z_][A-Za-z0-9_]*))'
_DROP = re.compile(r'\s*DROP\s+TABLE\s+' + _IDENTIFIER + r'\s*;?\s*', re.IGNORECASE)
_UNDROP = re.compile(r'\s*UNDROP\s+TABLE\s+' + _IDENTIFIER + r'\s*;?\s*', re.IGNORECASE)


def parse_table_statement(statement):
    """('drop', table_name, quoted) for DROP TABLE, ('undrop', table_id) for UNDROP TABLE, None for the rest."""
    m = _DROP.fullmatch(statement)
    if m:
        if m.group(1) is not None:
            return ('drop', m.group(1).replace('""', '"'), True)
        if m.group(2) is not None:
            return ('drop', m.group(2).replace('``', '`'), True)
        return ('drop', m.group(3), False)
    m = _UNDROP.fullmatch(statement)
    if m:
        if m.group(1) is not None:
            return ('undrop', m.group(1).replace('""', '"'))
        if m.group(2) is not None:
            return ('undrop', m.group(2).replace('``', '`'))
        return ('undrop', m.group(3))
    return None


class Block:
    """What the transform needs of a block: address, tables of its documents, DROP/UNDROP statements, revisions."""

    __slots__ = ('strand_id', 'sequence_no', 'tables', 'table_statements', 'revisions')

    def __init__(self, strand_id, sequence_no, tables, table_statements, revisions):
        self.strand_id = strand_id
        self.sequence_no = sequence_no
        self.tables = tables  # [(table_id, table_name)], distinct, in document order
        self.table_statements = table_statements  # statement texts that are DROP TABLE or UNDROP TABLE
        self.revisions = revisions


def _string(value, where):
    if not isinstance(value, str):
        raise ValueError('%s is missing or not a string' % where)
    return value


def _integer(value, where):
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError('%s is missing or not an integer' % where)
    return value


def _timestamp(value, where):
    if isinstance(value, LedgerTimestamp):
        return value
    if isinstance(value, str):
        return LedgerTimestamp(value)
    raise ValueError('%s is missing or not a timestamp' % where)


def _hash(value, where):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str) and len(value) % 4 == 0:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            pass
    raise ValueError('%s is missing or not a blob (or base64 text)' % where)


def _struct(value, where):
    if not isinstance(value, dict):
        raise ValueError('%s is missing or not a struct' % where)
    return value


def _address(value, where):
    value = _struct(value, where)
    return _string(value.get('strandId'), where + '.strandId'), _integer(value.get('sequenceNo'), where + '.sequenceNo')


def block_from_value(value, object_key):
    """A Block from a block value (ledger values, as read from JSON Lines or Ion); system entries are left out."""
    if not isinstance(value, dict):
        raise ValueError('%s: a top-level value is not a block struct' % object_key)
    strand_id, sequence_no = _address(value.get('blockAddress'), '%s: blockAddress' % object_key)
    where = '%s, block %d' % (object_key, sequence_no)
    documents = {}
    statements = []
    info = value.get('transactionInfo')
    if info is not None:
        info = _struct(info, where + ': transactionInfo')
        for i, item in enumerate(info.get('statements') or []):
            item = _struct(item, '%s: transactionInfo.statements[%d]' % (where, i))
            text = _string(item.get('statement'), '%s: transactionInfo.statements[%d].statement' % (where, i))
            if parse_table_statement(text) is not None:
                statements.append(text)
        for document_id, document in (info.get('documents') or {}).items():
            at = '%s: transactionInfo.documents.%s' % (where, document_id)
            document = _struct(document, at)
            documents[document_id] = (_string(document.get('tableId'), at + '.tableId'),
                                      _string(document.get('tableName'), at + '.tableName'))
    revisions = []
    elements = value.get('revisions')
    if elements is not None:
        if not isinstance(elements, list):
            raise ValueError('%s: revisions is not a list' % where)
        for index, element in enumerate(elements):
            at = '%s: revisions[%d]' % (where, index)
            element = _struct(element, at)
            revision_hash = _hash(element.get('hash'), at + '.hash')
            if element.get('metadata') is not None:
                revisions.append(_revision(element, revision_hash, strand_id, sequence_no, documents, at))
    tables = list(dict.fromkeys(documents.values()))
    return Block(strand_id, sequence_no, tables, statements, revisions)


def _revision(element, revision_hash, strand_id, sequence_no, documents, where):
    metadata = _struct(element.get('metadata'), where + ': metadata')
    document_id = _string(metadata.get('id'), where + ': metadata.id')
    version = _integer(metadata.get('version'), '%s: document %s: metadata.version' % (where, document_id))
    at = '%s: document %s version %d' % (where, document_id, version)
    table = documents.get(document_id)
    if table is None:
        raise ValueError('%s: the document is not in transactionInfo.documents, so its table is unknown' % at)
    address = element.get('blockAddress')
    if address is not None:
        own = _address(address, at + ': blockAddress')
        if own != (strand_id, sequence_no):
            raise ValueError("%s: the revision's blockAddress %s/%d is not its block's" % (at, own[0], own[1]))
    data_hash = element.get('dataHash')
    return Revision(
        table_id=table[0], table_name=table[1], strand_id=strand_id, sequence_no=sequence_no,
        revision_hash=revision_hash, document_id=document_id, version=version,
        tx_id=_string(metadata.get('txId'), at + ': metadata.txId'),
        tx_time=_timestamp(metadata.get('txTime'), at + ': metadata.txTime'),
        data=element.get('data'),
        data_hash=None if data_hash is None else _hash(data_hash, at + ': dataHash'),
    )


class TableStateTracker:
    """Follows tables through the blocks in journal order (table-states.ts): names and ids from the documents, drops
    and undrops from the statements. A DROP TABLE applies to the active table of that name (names can be reused)."""

    def __init__(self):
        self.states = {}  # table_id -> {'name', 'dropped', 'dropped_at', 'undropped_at'}
        self.unresolved = []

    def observe(self, sequence_no, tables, table_statements, object_key=''):
        for table_id, table_name in tables:
            state = self.states.get(table_id)
            if state is None:
                self.states[table_id] = {'name': table_name, 'dropped': False}
            elif state.get('name') is None:
                state['name'] = table_name
        for statement in table_statements:
            parsed = parse_table_statement(statement)
            if parsed is None:
                continue
            if parsed[0] == 'undrop':
                state = self.states.setdefault(parsed[1], {'name': None, 'dropped': False})
                state['dropped'] = False
                state.pop('dropped_at', None)
                state['undropped_at'] = sequence_no
                continue
            candidates = self._active_named(parsed[1], parsed[2])
            if len(candidates) == 1:
                candidates[0]['dropped'] = True
                candidates[0]['dropped_at'] = sequence_no
            else:
                reason = ('no active table named %s was seen before this block' % parsed[1] if not candidates else
                          'several active tables are named %s' % parsed[1])
                self.unresolved.append('%s, block %d: %s: %s' % (object_key, sequence_no, statement, reason))

    def dropped_table_ids(self):
        return sorted(table_id for table_id, state in self.states.items() if state['dropped'])

    def _active_named(self, name, exact):
        active = [s for s in self.states.values() if not s['dropped'] and s.get('name') is not None]
        matches = [s for s in active if s['name'] == name]
        if matches or exact:
            return matches
        return [s for s in active if s['name'].lower() == name.lower()]
