"""Revisions -> audit rows, live rows and rejects (revision-row.ts, ql-audit.ts, reject-record.ts, csv-row.ts)."""

import base64
import hashlib
import json

import pytest

from ledger_layout import LedgerMappingConfig, TableRouter, snake_case_name
from ledger_rows import Revision, RevisionRowBuilder, StrictModeError, csv_row, operation_of
from ledger_values import LedgerDecimal, LedgerTimestamp

MAPPING = {
    'schema': 'dmv',
    'tables': [{
        'ledgerTable': 'VehicleRegistration', 'targetTable': 'vehicle_registration',
        'columns': [
            {'name': 'vin', 'source': 'VIN', 'type': 'varchar(17)'},
            {'name': 'penalty', 'source': 'PendingPenaltyTicketAmount', 'type': 'decimal(8,2)'},
            {'name': 'valid_to', 'source': 'ValidToDate', 'type': 'date'},
            {'name': 'owners', 'source': 'Owners.SecondaryOwners[*].PersonId', 'type': 'varchar(200)', 'separator': ';'},
            {'name': 'registration_id', 'source': '$documentId', 'type': 'varchar(25)'},
            {'name': 'committed_at', 'source': '$metadata.txTime', 'type': 'timestamptz'},
        ],
    }],
}
HASH = bytes(range(32))
DATA_HASH = bytes(range(32, 64))


def revision(version=0, data=None, data_hash=None):
    return Revision('tbl1', 'VehicleRegistration', 'strandA', 14, HASH, 'doc1', version, 'tx1',
                    LedgerTimestamp('2020-08-13T19:34:39.247Z'), data=data, data_hash=data_hash)


def builder(strict=False):
    kind, layout = TableRouter(LedgerMappingConfig(MAPPING)).route('VehicleRegistration')
    assert kind == 'mapped'
    return RevisionRowBuilder(layout, 'export', strict)


DOCUMENT = {'VIN': '1N4AL11D75C109151', 'PendingPenaltyTicketAmount': LedgerDecimal('90.250'),
            'ValidToDate': LedgerTimestamp('2020-05-11T'), 'Owners': {'SecondaryOwners': [{'PersonId': 'p1'}, {'PersonId': 'p2'}]}}


def test_an_insert_becomes_an_audit_row_in_dms_column_order():
    values, rejects = builder().build(revision(0, DOCUMENT))
    assert rejects == []
    audit = json.loads(values[8])
    assert values[:8] == ['doc1', '0', '1N4AL11D75C109151', '90.25', '2020-05-11', 'p1;p2', 'doc1',
                          '2020-08-13T19:34:39.247+00:00']
    assert values[9:] == ['I', 'tx1']
    # the order jsonb stores keys in: by length, then by bytes
    assert list(audit) == ['ql_v', 'ql_id', 'ql_txid', 'ql_strand', 'ql_txtime', 'ql_tableid', 'ql_blockseq',
                           'ql_deletion', 'ql_redacted', 'ql_rev_hash', 'ql_data_hash', 'ql_tablename']
    assert list(audit) == sorted(audit, key=lambda k: (len(k), k.encode()))
    assert audit['ql_rev_hash'] == base64.b64encode(HASH).decode() and audit['ql_data_hash'] is None
    assert values[8].startswith('{"ql_v":0,"ql_id":"doc1","ql_txid":"tx1","ql_strand":')


@pytest.mark.parametrize('version, data, data_hash, operation, deletion, redacted', [
    (0, DOCUMENT, None, 'I', False, False),
    (3, DOCUMENT, None, 'U', False, False),
    (4, None, None, 'D', True, False),
    (2, None, DATA_HASH, 'U', False, True),
    (0, None, DATA_HASH, 'I', False, True),
])
def test_every_operation_kind(version, data, data_hash, operation, deletion, redacted):
    r = revision(version, data, data_hash)
    values, _ = builder().build(r)
    audit = json.loads(values[8])
    assert operation_of(r) == operation and values[9] == operation
    assert (audit['ql_deletion'], audit['ql_redacted']) == (deletion, redacted)
    if data is None:
        assert values[2:6] == [None, None, None, None], 'deleted and redacted revisions have no data columns'
        assert values[6] == 'doc1' and values[7] == '2020-08-13T19:34:39.247+00:00', 'id and metadata stay'
    assert audit['ql_data_hash'] == (base64.b64encode(DATA_HASH).decode() if redacted else None)


def test_a_value_that_does_not_fit_is_a_reject_and_the_column_is_null():
    document = dict(DOCUMENT, PendingPenaltyTicketAmount=LedgerDecimal('90.255'), VIN='X' * 18)
    values, rejects = builder().build(revision(1, document))
    assert values[2] is None and values[3] is None
    key = hashlib.sha256(b'export|tbl1|doc1|1|penalty').hexdigest()
    assert rejects[1] == [key, 'export', 'VehicleRegistration', 'tbl1', 'vehicle_registration', 'doc1', '1',
                          'penalty', '90.255 has more than 2 digits after the point (it would be rounded)', '90.255', None]
    assert rejects[0][7:10] == ['vin', '18 characters do not fit varchar(17)', '"' + 'X' * 18 + '"']


def test_strict_mode_fails_naming_document_version_block_and_column():
    document = dict(DOCUMENT, ValidToDate='2020-02-30')
    with pytest.raises(StrictModeError, match=r'VehicleRegistration document doc1 version 1 \(block 14\), column '
                                              r'vehicle_registration.valid_to: "2020-02-30" is not a real calendar date'):
        builder(strict=True).build(revision(1, document))


def test_csv_rows_quote_every_value_and_leave_null_empty():
    assert csv_row(['a', None, '', 'say "hi"', 'line\nbreak', 'x,y']) == \
        '"a",,"","say ""hi""","line\nbreak","x,y"\n'


def test_unmapped_tables_become_document_tables_or_are_skipped():
    router = TableRouter(LedgerMappingConfig(MAPPING))
    kind, layout = router.route('DriversLicense')
    assert (kind, layout.live_table, layout.audit_table) == ('document', 'drivers_license', 'drivers_license_audit_log')
    assert [c.name for c in layout.columns] == ['doc_id', 'version', 'data', 'ql_audit', 'operation', 'transaction_id']
    values, _ = RevisionRowBuilder(layout).build(Revision('t2', 'DriversLicense', 's', 1, HASH, 'd', 0, 'x',
                                                          '2020-01-01T00:00Z', data={'b': 1, 'a': LedgerDecimal('1.0')}))
    assert values[2] == '{"b":1,"a":1.0}'
    skipping = TableRouter(LedgerMappingConfig(dict(MAPPING, unmappedTables='skip', skipTables=['Person'])))
    assert skipping.route('DriversLicense') == ('skipped', 'unmappedTables')
    assert skipping.route('Person') == ('skipped', 'skipTables')


def test_an_unmapped_table_whose_name_is_taken_fails():
    mapping = dict(MAPPING, documentTables=[{'ledgerTable': 'Other', 'targetTable': 'person'}])
    with pytest.raises(ValueError, match='ledger table "Person" is not in the mapping and would be migrated as JSONB '
                                         'documents into "person", which another table already uses'):
        TableRouter(LedgerMappingConfig(mapping)).route('Person')


@pytest.mark.parametrize('name, expected', [
    ('VehicleRegistration', 'vehicle_registration'), ('HTTPServer', 'http_server'), ('Order', 'order_'),
    ('2Fast', 't_2_fast'), ('my-table name', 'my_table_name'), ('_Hidden_', 'hidden'),
])
def test_document_table_names_are_snake_case(name, expected):
    assert snake_case_name(name) == expected
