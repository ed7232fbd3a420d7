import { runCli } from './run-cli';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(180_000);

describe('qldb-migrate demo', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase(); });
  afterAll(async () => { await db.drop(); });

  test('generates the DMV ledger, loads its export, replays its stream and runs the reference queries', async () => {
    const { code, stdout } = await runCli(['demo', '--target', db.url, '--documents', '40', '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(summary.load.revisions).toBe(summary.ledger.counts.exportRevisions);
    expect(summary.load.tables.map((t: any) => t.ledgerTable)).toEqual(expect.arrayContaining(['Person', 'Vehicle', 'VehicleRegistration', 'DriversLicense']));
    const [people, owners, history] = summary.queries.map((q: any) => q.rows);
    expect(people.map((p: any) => p.first_name)).toEqual(['Raul', 'Brent', 'Alexis', 'Melvin', 'Salvatore']);
    expect(owners.find((o: any) => o.vin === '1C4RJFAG0FC625797')).toMatchObject({ pending_penalty_amt: '30.45', primary_owner: 'Salvatore Spencer' });
    expect(owners.find((o: any) => o.vin === '1C4RJFAG0FC625797').secondary_owners).toBe(people.find((p: any) => p.first_name === 'Raul').person_id);
    // The stream after the export starts with the sample's UPDATE Person SET FirstName = 'Melvin' WHERE GovId = 'P626-168-229-765'.
    expect(history).toEqual([
      expect.objectContaining({ version: 0, operation: 'I', first_name: 'MelVIN' }),
      expect.objectContaining({ version: 1, operation: 'U', first_name: 'Melvin' }),
    ]);
    expect(summary.replay).toMatchObject({
      revisionsApplied: summary.ledger.counts.streamRevisions, rejectsRecorded: 0, counts: { hashMismatches: 0 },
    });
    // The demo ends with the verification of the export against its hashes and digest, and the reconciliation.
    expect(summary.verify).toMatchObject({ verified: true, checksFailed: 0 });
    expect(summary.verify.blocksVerified).toBeGreaterThanOrEqual(summary.load.blocks);
    expect(summary.reconcile.agrees).toBe(true);
    const client = await db.connect();
    const { rows } = await client.query('select count(*)::int as n from dmv.person_audit_log where (ql_audit->>\'ql_blockseq\')::int <= $1', [summary.load.blocks - 1]);
    await client.end();
    expect(rows[0].n).toBe(summary.load.tables.find((t: any) => t.ledgerTable === 'Person').auditRows);
  });

  test('a --target that is not a PostgreSQL URL is refused without echoing a password', async () => {
    const { code, stderr } = await runCli(['demo', '--target', 'mysql://u:secret@h/db', '--documents', '5']);
    expect(code).toBe(1);
    expect(stderr).toContain('--target must be a postgres:// or postgresql:// URL');
    expect(stderr).not.toContain('secret');
  });

  test('--documents must be a number', async () => {
    const { code, stderr } = await runCli(['demo', '--documents', 'many']);
    expect(code).toBe(2);
    expect(stderr).toContain('--documents must be a whole number, got "many"');
  });
});
