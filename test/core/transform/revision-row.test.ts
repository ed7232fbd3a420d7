import { makeReader } from 'ion-js';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { readLedgerValue } from '../../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';
import { LedgerRevision } from '../../../lambda-src/core/model/revision';
import { RevisionRowBuilder, StrictModeError } from '../../../lambda-src/core/transform/revision-row';
import { mappedTableLayout, documentTableLayout } from '../../../src/generators/table-layout';

const mapping = dmvMapping();
const hash = Uint8Array.from({ length: 32 }, (_, i) => i);

function revision(data: string | undefined, overrides: Partial<LedgerRevision> = {}): LedgerRevision {
  let value;
  if (data !== undefined) {
    const reader = makeReader(data);
    reader.next();
    value = readLedgerValue(reader);
  }
  return {
    tableId: 'Bvl7xcCHK9jJ2qM2H8a2Lj',
    tableName: 'VehicleRegistration',
    blockAddress: { strandId: 'JdxjkR9bSYB5jMHWcI464T', sequenceNo: 17 },
    hash,
    documentId: 'KVNvfOHWVD04wqQeFBLRqX',
    version: 0,
    txId: 'L7S9ToEOBOS8vsCM3oJyvY',
    txTime: new LedgerTimestamp('2020-07-03T20:36:43.123Z'),
    data: value,
    ...overrides,
  };
}

const registration = `{VIN: "1C4RJFAG0FC625797", LicensePlateNumber: "TH393F", State: "WA", City: "Olympia",
  PendingPenaltyTicketAmount: 30.45, ValidFromDate: 2013-09-02T, ValidToDate: 2024-03-19T,
  Owners: {PrimaryOwner: {PersonId: "p4"}, SecondaryOwners: [{PersonId: "p0"}, {PersonId: "p1"}]}}`;

describe('RevisionRowBuilder', () => {
  const builder = new RevisionRowBuilder(mappedTableLayout(mapping, mapping.tableFor('VehicleRegistration')!), { source: 'export' });

  test('an insert becomes an audit row in the table column order', () => {
    const row = builder.build(revision(registration));
    expect(row.rejects).toEqual([]);
    expect(row.values.slice(0, 11)).toEqual([
      'KVNvfOHWVD04wqQeFBLRqX', '0', '1C4RJFAG0FC625797', 'TH393F', 'WA', 'Olympia', '30.45', '2013-09-02', '2024-03-19', 'p4', 'p0,p1',
    ]);
    expect(JSON.parse(row.values[11]!)).toEqual({
      ql_id: 'KVNvfOHWVD04wqQeFBLRqX',
      ql_v: 0,
      ql_txid: 'L7S9ToEOBOS8vsCM3oJyvY',
      ql_txtime: '2020-07-03T20:36:43.123Z',
      ql_blockseq: 17,
      ql_strand: 'JdxjkR9bSYB5jMHWcI464T',
      ql_rev_hash: Buffer.from(hash).toString('base64'),
      ql_tableid: 'Bvl7xcCHK9jJ2qM2H8a2Lj',
      ql_tablename: 'VehicleRegistration',
      ql_deletion: false,
      ql_redacted: false,
      ql_data_hash: null,
    });
    expect(row.values.slice(12)).toEqual(['I', 'L7S9ToEOBOS8vsCM3oJyvY']);
    expect(builder.liveColumnCount).toBe(12);
    // Canonical text: what JSON.stringify writes (the Glue job writes the same bytes), with the keys in the order jsonb
    // stores them (by length, then by bytes)
    expect(row.values[11]).toBe(JSON.stringify(JSON.parse(row.values[11]!)));
    const keys = Object.keys(JSON.parse(row.values[11]!));
    expect(keys).toEqual([...keys].sort((a, b) => a.length - b.length || Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  test('a later version is an update', () => {
    expect(builder.build(revision(registration, { version: 3 })).values.slice(12)).toEqual(['U', 'L7S9ToEOBOS8vsCM3oJyvY']);
  });

  test('a deletion has no data columns and is marked in ql_audit', () => {
    const row = builder.build(revision(undefined, { version: 2 }));
    expect(row.values.slice(2, 11)).toEqual(Array(9).fill(null));
    expect(row.values[12]).toBe('D');
    expect(JSON.parse(row.values[11]!)).toMatchObject({ ql_deletion: true, ql_redacted: false, ql_data_hash: null });
  });

  test('a redacted revision keeps its operation, has no data columns and carries the data hash', () => {
    const dataHash = Uint8Array.from({ length: 32 }, () => 7);
    const row = builder.build(revision(undefined, { version: 1, dataHash }));
    expect(row.values[12]).toBe('U');
    expect(row.values.slice(2, 11)).toEqual(Array(9).fill(null));
    expect(JSON.parse(row.values[11]!)).toMatchObject({ ql_deletion: false, ql_redacted: true, ql_data_hash: Buffer.from(dataHash).toString('base64') });
  });

  test('a value that does not fit is NULL in its column and a reject names the table, document, version and column', () => {
    const row = builder.build(revision(registration.replace('30.45', '"thirty"').replace('"WA"', '"Washington State"'), { version: 4 }));
    expect(row.values[4]).toBeNull();
    expect(row.values[6]).toBeNull();
    expect(row.values[5]).toBe('Olympia');
    expect(row.rejects.map((r) => [r.column, r.reason, r.originalValue])).toEqual([
      ['state', '16 characters do not fit varchar(10)', '"Washington State"'],
      ['pending_penalty_amt', 'a string is not a number', '"thirty"'],
    ]);
    expect(row.rejects[0]).toMatchObject({
      source: 'export',
      ledgerTable: 'VehicleRegistration',
      tableId: 'Bvl7xcCHK9jJ2qM2H8a2Lj',
      targetTable: 'vehicle_registration',
      docId: 'KVNvfOHWVD04wqQeFBLRqX',
      version: 4,
      rawRecord: null,
    });
    expect(row.rejects[0].rejectKey).toMatch(/^[0-9a-f]{64}$/);
    expect(builder.build(revision(registration.replace('"WA"', '"Washington State"'), { version: 4 })).rejects[0].rejectKey).toBe(row.rejects[0].rejectKey);
  });

  test('strict mode fails on the first reject with its location', () => {
    const strict = new RevisionRowBuilder(mappedTableLayout(mapping, mapping.tableFor('VehicleRegistration')!), { source: 'export', strict: true });
    expect(() => strict.build(revision(registration.replace('"WA"', '"Washington State"')))).toThrow(StrictModeError);
    expect(() => strict.build(revision(registration.replace('"WA"', '"Washington State"')))).toThrow(
      'VehicleRegistration document KVNvfOHWVD04wqQeFBLRqX version 0 (block 17), column vehicle_registration.state: 16 characters do not fit varchar(10); value "Washington State"',
    );
  });

  test('ql_audit stays valid JSON whatever the names hold', () => {
    const odd = builder.build(revision(registration, { tableName: 'Odd "Name"\\', txTime: new LedgerTimestamp('2020-07-03T20:36:43Z') }));
    expect(JSON.parse(odd.values[11]!)).toMatchObject({ ql_tablename: 'Odd "Name"\\', ql_txtime: '2020-07-03T20:36:43Z' });
  });

  test('the document id and metadata can fill columns', () => {
    const person = new RevisionRowBuilder(mappedTableLayout(mapping, mapping.tableFor('Person')!), { source: 'stream' });
    const row = person.build(revision('{FirstName: "MelVIN", DOB: 1976-05-22T}', { tableName: 'Person' }));
    expect(row.values.slice(0, 5)).toEqual(['KVNvfOHWVD04wqQeFBLRqX', '0', 'KVNvfOHWVD04wqQeFBLRqX', 'MelVIN', null]);
    expect(row.values[5]).toBe('1976-05-22');
  });

  test('a document table row holds the exact document as JSON', () => {
    const docs = new RevisionRowBuilder(documentTableLayout(mapping, 'Inspection'), { source: 'export' });
    const row = docs.build(revision('{Passed: true, Score: 99.50, Odometer: 12345678901234567890}', { tableName: 'Inspection' }));
    expect(row.values.slice(0, 3)).toEqual(['KVNvfOHWVD04wqQeFBLRqX', '0', '{"Passed":true,"Score":99.50,"Odometer":12345678901234567890}']);
    expect(row.values.slice(4)).toEqual(['I', 'L7S9ToEOBOS8vsCM3oJyvY']);
  });
});
