import { makeBinaryWriter, makeReader } from 'ion-js';
import { clientFor, ClientKind } from './sql-clients';
import { ChangeApplier } from '../../../lambda-src/core/replication/change-applier';
import { readReplicationStates } from '../../../lambda-src/core/replication/replication-state';
import { decodeKinesisEvent, decodeStreamItem } from '../../../lambda-src/core/stream/kinesis-event';
import { StreamItem } from '../../../lambda-src/core/stream/stream-item';
import { ledgerJson } from '../../../lambda-src/core/transform/ledger-json';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { loadRealEvent } from '../../fixtures/stream/real-event';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

function realItems(): StreamItem[] {
  return decodeKinesisEvent(loadRealEvent() as never);
}

function realRevision() {
  const item = realItems().find((i) => i.kind === 'record' && i.record.recordType === 'REVISION_DETAILS');
  if (item?.kind !== 'record' || item.record.recordType !== 'REVISION_DETAILS') throw new Error('the real event has no REVISION_DETAILS');
  return item.record;
}

/** The real REVISION_DETAILS record with one value of its document changed (its stated hash no longer matches). */
function tamperedRevisionItem(): StreamItem {
  const reader = makeReader(realRevision().ion);
  const writer = makeBinaryWriter();
  reader.next();
  copyChanging(reader, writer, ['payload', 'revision', 'data', 'PenaltyPoints']);
  writer.close();
  return decodeStreamItem(writer.getBytes(), { source: 'tampered', subSequenceNumber: 0 });
}

/** Copies the current value, replacing the int at `path` by 3. */
function copyChanging(reader: ReturnType<typeof makeReader>, writer: ReturnType<typeof makeBinaryWriter>, path: string[]): void {
  const [head, ...rest] = path;
  writer.stepIn(reader.type()!);
  reader.stepIn();
  for (let type = reader.next(); type !== null; type = reader.next()) {
    if (reader.fieldName() === head && rest.length === 0) {
      writer.writeFieldName(head);
      writer.writeInt(3);
    } else if (reader.fieldName() === head) {
      writer.writeFieldName(head);
      copyChanging(reader, writer, rest);
    } else {
      writer.writeValue(reader);
    }
  }
  reader.stepOut();
  writer.stepOut();
}

const BICYCLE_MAPPING = LedgerMapping.fromJson(JSON.stringify({
  formatVersion: 1,
  schema: 'licences',
  tables: [{
    ledgerTable: 'BicycleLicence',
    targetTable: 'bicycle_licence',
    columns: [
      { name: 'name', source: 'Name', type: 'varchar(100)' },
      { name: 'email', source: 'Email', type: 'text' },
      { name: 'penalty_points', source: 'PenaltyPoints', type: 'integer' },
      { name: 'events', source: 'Events', type: 'jsonb' },
      { name: 'last_tx_time', source: '$metadata.txTime', type: 'timestamptz' },
    ],
  }],
}));

describe.each<ClientKind>(['pg', 'data-api'])('ChangeApplier over %s', (kind) => {
  test('the real Kinesis event applies: one live row and one audit row holding the values of its record', async () => {
    const db = await freshDatabase();
    const { client, close } = await clientFor(kind, db);
    try {
      const applier = new ChangeApplier(client, new LedgerMapping());
      const result = await applier.apply(realItems());
      expect(result.counts).toMatchObject({ blockSummaries: 1, revisionDetails: 1, revisionsPlanned: 1, hashMismatches: 0, undecodable: 0 });
      expect(result.revisionsApplied).toBe(1);

      const revision = realRevision().revision;
      const pg = await db.connect();
      try {
        const live = (await pg.query('select doc_id, version, data, ql_audit from qldb.bicycle_licence')).rows;
        expect(live).toEqual([{
          doc_id: revision.documentId,
          version: 0,
          data: JSON.parse(ledgerJson(revision.data!)),
          ql_audit: expect.objectContaining({
            ql_id: revision.documentId,
            ql_v: 0,
            ql_txid: revision.txId,
            ql_blockseq: 545,
            ql_tablename: 'BicycleLicence',
            ql_tableid: revision.tableId,
            ql_rev_hash: Buffer.from(revision.hash).toString('base64'),
            ql_deletion: false,
            ql_redacted: false,
          }),
        }]);
        const audit = (await pg.query('select doc_id, version, operation, transaction_id, data from qldb.bicycle_licence_audit_log')).rows;
        expect(audit).toEqual([{ doc_id: revision.documentId, version: 0, operation: 'I', transaction_id: revision.txId, data: live[0].data }]);
        const states = await readReplicationStates(client, 'qldb');
        expect(states).toEqual([expect.objectContaining({
          streamId: 'arn:aws:qldb:eu-west-1:082136225280:stream/qldb-simple-demo-dev/Fy4gT7n9rnrLQDEhY6otul',
          lastBlockStrand: 'JUJgrQeIeI64ZgvXIuqlZ1',
          lastBlockSeq: 545,
          revisionsApplied: 1,
        })]);
        expect(new Date(states[0].lastBlockTime!).toISOString()).toBe('2020-07-03T20:36:44.181Z');
      } finally {
        await pg.end();
      }
    } finally {
      await close();
    }
  });

  test('mapped columns get the converted values; a replay changes nothing and adds no revision', async () => {
    const db = await freshDatabase();
    const { client, close } = await clientFor(kind, db);
    try {
      const applier = new ChangeApplier(client, BICYCLE_MAPPING);
      await applier.apply(realItems());
      const replay = await applier.apply([...realItems(), ...realItems()]);
      expect(replay.revisionsApplied).toBe(0);
      expect(replay.counts.duplicates).toBe(1);
      const pg = await db.connect();
      try {
        const rows = (await pg.query('select name, email, penalty_points, events, last_tx_time::text from licences.bicycle_licence')).rows;
        expect(rows).toEqual([{
          name: 'Test User',
          email: 'testuser@gmail.com',
          penalty_points: 0,
          events: [{ eventName: 'LicenceHolderCreated', eventDate: '2020-07-03T20:36:43+0000' }],
          last_tx_time: '2020-07-03 20:36:44.163+00',
        }]);
        expect((await pg.query('select count(*)::int as n from licences.bicycle_licence_audit_log')).rows[0].n).toBe(1);
        expect((await pg.query('select revisions_applied::int as n from licences.qldb_replication_state')).rows[0].n).toBe(1);
      } finally {
        await pg.end();
      }
    } finally {
      await close();
    }
  });

  test('a revision whose hash does not match its data is rejected with its bytes, not applied; the batch goes on', async () => {
    const db = await freshDatabase();
    const { client, close } = await clientFor(kind, db);
    try {
      const applier = new ChangeApplier(client, BICYCLE_MAPPING);
      const garbage = decodeStreamItem(Uint8Array.of(0xe0, 0x01, 0x00, 0xea, 0x0f, 0x22), { source: 'garbage', subSequenceNumber: 0 });
      const result = await applier.apply([tamperedRevisionItem(), garbage]);
      expect(result.counts).toMatchObject({ hashMismatches: 1, undecodable: 1, revisionsPlanned: 0 });
      expect(result.rejectsRecorded).toBe(2);
      const pg = await db.connect();
      try {
        expect((await pg.query('select count(*)::int as n from licences.bicycle_licence_audit_log')).rows[0].n).toBe(0);
        const rejects = (await pg.query('select doc_id, version, reason, raw_record from licences.qldb_migration_rejects order by doc_id nulls last')).rows;
        expect(rejects).toHaveLength(2);
        expect(rejects[0]).toMatchObject({ doc_id: realRevision().revision.documentId, version: 0 });
        expect(rejects[0].reason).toMatch(/not applied: revision-hash check failed at .*block 545.*document LSkFrekxpQeDFzPFUNidAt version 0/);
        expect(rejects[1].raw_record).toBe(Buffer.from([0xe0, 0x01, 0x00, 0xea, 0x0f, 0x22]).toString('base64'));
        // The genuine record still applies afterwards.
        expect((await applier.apply(realItems())).revisionsApplied).toBe(1);
      } finally {
        await pg.end();
      }
    } finally {
      await close();
    }
  });

  test('revisions at or below the last full-load block are skipped', async () => {
    const db = await freshDatabase();
    const { client, close } = await clientFor(kind, db);
    try {
      const skipped = await new ChangeApplier(client, BICYCLE_MAPPING, { afterBlock: 545 }).apply(realItems());
      expect(skipped.counts.skippedAfterBlock).toBe(1);
      expect(skipped.revisionsApplied).toBe(0);
      const applied = await new ChangeApplier(client, BICYCLE_MAPPING, { afterBlock: 544 }).apply(realItems());
      expect(applied.revisionsApplied).toBe(1);
    } finally {
      await close();
    }
  });
});
