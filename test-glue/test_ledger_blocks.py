"""Blocks of every export format -> revisions, table states, the export plan and the job's driver-side logic."""

import base64
import json

import pytest
from amazon.ion import simpleion

from ledger_blocks import TableStateTracker, block_from_value, parse_table_statement
from ledger_etl import parse_arguments, replay_table_states, table_counts_lines
from ledger_export_plan import (PlannedObject, discover_exports, parse_data_object_key, plan_exports,
                                resolve_stored_key)
from ledger_layout import LedgerMappingConfig, TableRouter
from ledger_transform import ExportTransformer, sniff_format
from ledger_values import LedgerTimestamp, parse_json_value

H = base64.b64encode(bytes(32)).decode()
BLOCK_ION = ('{blockAddress:{strandId:"S1",sequenceNo:7},transactionId:"tx7",blockTimestamp:2020-08-13T19:33:39.275Z,'
             'blockHash:{{%s}},entriesHash:{{%s}},previousBlockHash:{{%s}},entriesHashList:[],'
             'transactionInfo:{statements:[{statement:"INSERT INTO Person ?"},{statement:"drop table Temp"}],'
             'documents:{d1:{tableName:"Person",tableId:"T1",statements:[0]},d2:{tableName:"Person",tableId:"T1"}}},'
             'revisions:[{hash:{{%s}}},'
             '{blockAddress:{strandId:"S1",sequenceNo:7},hash:{{%s}},data:{Name:"Ann",Born:1963-08-19T},'
             'metadata:{id:"d1",version:0,txTime:2020-08-13T19:33:39.232+00:00,txId:"tx7"}},'
             '{hash:{{%s}},dataHash:{{%s}},metadata:{id:"d2",version:3,txTime:2020-08-13T19:33:39.232Z,txId:"tx7"}}]}'
             % ((H,) * 7))


def json_block(seq, documents=None, revisions=None, statements=()):
    info = {'statements': [{'statement': s} for s in statements]}
    if documents:
        info['documents'] = {doc: {'tableName': name, 'tableId': tid} for doc, (tid, name) in documents.items()}
    return {'blockAddress': {'strandId': 'S1', 'sequenceNo': seq}, 'transactionInfo': info,
            'revisions': revisions or []}


@pytest.mark.parametrize('encode', [lambda t: simpleion.dumps(simpleion.loads(t), binary=True),
                                    lambda t: t.encode('utf-8')], ids=['ion-binary', 'ion-text'])
def test_ion_blocks_become_revisions_joined_to_their_tables(encode):
    transformer = ExportTransformer({'schema': 'dmv'})
    records = list(transformer.object_records(encode(BLOCK_ION), 'k/S1.7-7.ion', None, 7, 7))
    block, insert, redacted = records
    assert block[0] == 'B' and block[12] == ['T1\tPerson'] and block[13] == ['drop table Temp']
    assert insert[3:9] == ('Person', 'document', 'T1', 'd1', 0, False)
    assert insert[9].startswith('"d1","0","{""Name"":""Ann"",""Born"":""1963-08-19T""}","{""ql_v"":0,""ql_id"":""d1""')
    assert '""ql_txtime"":""2020-08-13T19:33:39.232Z""' in insert[9] and insert[9].endswith('"I","tx7"')
    assert redacted[9].startswith('"d2","3",,') and '""ql_redacted"":true' in redacted[9]
    assert redacted[10] is not None, 'a redacted revision stays live'


def test_json_blocks_read_hashes_from_base64_and_times_from_text():
    line = ('{"blockAddress":{"strandId":"S1","sequenceNo":3},"transactionInfo":{"documents":{"d9":{"tableName":"T",'
            '"tableId":"X"}}},"revisions":[{"hash":"%s","metadata":{"id":"d9","version":2,"txTime":"2020-08-13T19:33:39.232Z",'
            '"txId":"t"}}]}' % H)
    block = block_from_value(parse_json_value(line), 'k.json')
    (r,) = block.revisions
    assert (r.hash, r.data, r.data_hash, r.tx_time) == (bytes(32), None, None, LedgerTimestamp('2020-08-13T19:33:39.232Z'))


def test_block_errors_name_the_object_block_document_and_version():
    value = json_block(5, revisions=[{'hash': H, 'metadata': {'id': 'dX', 'version': 1, 'txId': 't', 'txTime': 'x'}}])
    with pytest.raises(ValueError, match=r'obj.json, block 5: revisions\[0\]: document dX version 1: the document is not '
                                         r'in transactionInfo.documents'):
        block_from_value(value, 'obj.json')
    with pytest.raises(ValueError, match=r'obj.json, block 5: revisions\[0\].hash is missing or not a blob'):
        block_from_value(json_block(5, revisions=[{'hash': 'not base64!'}]), 'obj.json')


def test_an_object_holding_fewer_blocks_than_its_key_names_is_truncated():
    data = ('\n'.join(json.dumps(b) for b in [json_block(0), json_block(1)]) + '\n').encode()
    transformer = ExportTransformer({})
    with pytest.raises(ValueError, match=r'S1.0-2.json: the object holds blocks up to 1, but its key names blocks 0-2'):
        list(transformer.object_records(data, 'S1.0-2.json', 'JSON', 0, 2))
    with pytest.raises(ValueError, match=r'S1.2-3.json: found block S1/0 where block 2 was expected'):
        list(transformer.object_records(data, 'S1.2-3.json', 'JSON', 2, 3))
    assert [r[2] for r in transformer.object_records(data, 'S1.0-1.json', None, 0, 1)] == [0, 1]
    transformer.last_block = 0
    assert [r[2] for r in transformer.object_records(data, 'S1.0-1.json', None, 0, 1)] == [0]


def test_formats_are_sniffed_from_the_first_bytes():
    assert sniff_format(b'\xe0\x01\x00\xea\x00', 'o') == 'ION_BINARY'
    assert sniff_format(b' {"blockAddress":1}', 'o') == 'JSON'
    assert sniff_format(b'$ion_1_0 {a:1}', 'o') == 'ION_TEXT'
    with pytest.raises(ValueError, match='o: unknown format'):
        sniff_format(b'\x01\x02', 'o')


@pytest.mark.parametrize('statement, parsed', [
    ('DROP TABLE Person', ('drop', 'Person', False)), (' drop table "My ""T""" ;', ('drop', 'My "T"', True)),
    ('UNDROP TABLE "5PLf9SXwndd63lPaSIa0O6"', ('undrop', '5PLf9SXwndd63lPaSIa0O6')),
    ('DROP INDEX ON Person (GovId)', None), ('SELECT * FROM Person', None),
])
def test_table_statements(statement, parsed):
    assert parse_table_statement(statement) == parsed


def test_dropped_tables_follow_drop_undrop_and_name_reuse():
    tracker = TableStateTracker()
    tracker.observe(1, [('A1', 'Permit'), ('B1', 'Hold')], [])
    tracker.observe(2, [], ['DROP TABLE Permit', 'DROP TABLE Hold'])
    tracker.observe(3, [('A2', 'Permit')], [])
    tracker.observe(4, [], ['UNDROP TABLE "B1"', 'DROP TABLE permit', 'DROP TABLE Ghost'])
    assert tracker.dropped_table_ids() == ['A1', 'A2']
    assert len(tracker.unresolved) == 1 and 'no active table named Ghost' in tracker.unresolved[0]
    replayed = replay_table_states({('A1', 'Permit'): 1, ('B1', 'Hold'): 1, ('A2', 'Permit'): 3},
                                   [(2, ['DROP TABLE Permit', 'DROP TABLE Hold']), (4, ['UNDROP TABLE "B1"'])])
    assert replayed.dropped_table_ids() == ['A1']


def test_data_object_keys_and_stored_key_resolution():
    assert parse_data_object_key('p/2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.1-4.ion') == ('JdxjkR9bSYB5jMHWcI464T', 1, 4)
    with pytest.raises(ValueError, match='does not end in'):
        parse_data_object_key('p/notes.txt')
    stored = {'2020/08/S1.0-9.json', 'x/y.json'}
    assert resolve_stored_key('dmv-ledger/2020/08/S1.0-9.json', stored, 'dmv-ledger/') == '2020/08/S1.0-9.json'
    assert resolve_stored_key('a/b/2020/08/S1.0-9.json', stored) == '2020/08/S1.0-9.json'
    assert resolve_stored_key('a/S1.0-9.json', stored) is None


def test_exports_are_planned_from_their_manifests_and_checked_for_gaps():
    files = {
        'E1.started.manifest': b'{"exportId":"E1","ledgerName":"L","prefix":"p/","outputFormat":"JSON"}',
        'E1.S1.completed.manifest': b'{"keys":["p/S1.5-9.json","p/S1.0-4.json"]}',
        'S1.0-4.json': b'', 'S1.5-9.json': b'',
    }
    exports = discover_exports('s3://b/p', set(files), files.__getitem__)
    objects = plan_exports(exports)
    assert [(o.location, o.format, o.first, o.last) for o in objects] == [
        ('s3://b/p/S1.0-4.json', 'JSON', 0, 4), ('s3://b/p/S1.5-9.json', 'JSON', 5, 9)]
    assert [o.first for o in plan_exports(exports, last_block=3)] == [0]
    gap = dict(files, **{'E1.S1.completed.manifest': b'{"keys":["p/S1.0-4.json","p/S1.6-9.json"]}', 'S1.6-9.json': b''})
    with pytest.raises(ValueError, match=r'p/S1.0-4.json \(blocks 0-4\) is followed by p/S1.6-9.json \(blocks 6-9\), a gap: '
                                         r'blocks 5-5 are in no export'):
        plan_exports(discover_exports('s3://b/p', set(gap), gap.__getitem__))
    running = {'E2.started.manifest': b'{}', 'E1.S1.completed.manifest': files['E1.S1.completed.manifest']}
    with pytest.raises(ValueError, match='E2 .* has a started manifest but no completed manifest'):
        discover_exports('d', set(running), running.__getitem__)
    with pytest.raises(ValueError, match=r'1 data object\(s\) named in the completed manifests are missing: p/S1.5-9.json'):
        plan_exports(discover_exports('d', set(files) - {'S1.5-9.json'}, files.__getitem__))
    assert isinstance(objects[0], PlannedObject)


def test_job_arguments():
    args = parse_arguments(['--JOB_ID', 'j', '--mapping_uri', 's3://b/m.json', '--export_uris', 's3://b/e1/, s3://b/e2/',
                            '--output_uri=s3://b/out', '--last_block', '125', '--job-bookmark-option', 'job-bookmark-disable'])
    assert (args['mapping_uri'], args['export_uris'], args['output_uri'], args['last_block'], args['strict']) == \
        ('s3://b/m.json', ['s3://b/e1/', 's3://b/e2/'], 's3://b/out', 125, False)
    with pytest.raises(ValueError, match='missing job argument.*--output_uri'):
        parse_arguments(['--mapping_uri', 'm', '--export_uris', 'e'])
    with pytest.raises(ValueError, match='--last_block must be a block sequence number, got "x"'):
        parse_arguments(['--mapping_uri', 'm', '--export_uris', 'e', '--output_uri', 'o', '--last_block', 'x'])


def test_table_counts_summarise_revisions_live_audit_rejects_and_dropped_tables():
    config = LedgerMappingConfig({'schema': 's', 'tables': [{'ledgerTable': 'P', 'targetTable': 'p', 'columns': []}],
                                  'skipTables': ['Skip']})
    router = TableRouter(config)
    routes = router.declared_routes() + [router.route('Doc')]
    counts = {('P', 'mapped', 'T1'): (10, 2), ('Doc', 'document', 'D1'): (4, 0), ('Doc', 'document', 'D0'): (3, 1),
              ('Skip', 'skipped:skipTables', 'K1'): (5, 0)}
    lines = table_counts_lines(routes, counts, {'P': 6, 'Doc': 1}, {'D0'}, True, 's')
    assert lines == [
        '"ledger_table","kind","live_table","audit_table","table_ids","revisions","live_rows","audit_rows","rejects",'
        '"dropped_revisions_skipped","skipped_because"\n',
        '"Doc","document","s.doc","s.doc_audit_log","D0 D1","7","1","4","0","3",\n',
        '"P","mapped","s.p","s.p_audit_log","T1","10","6","10","2","0",\n',
        '"Skip","skipped",,,"K1","5",,,"0","0","skipTables"\n',
    ]
