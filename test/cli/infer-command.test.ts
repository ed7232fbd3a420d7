import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from './run-cli';
import { generateDmvLedger, GeneratedLedger } from '../../examples/dmv/generator/generate-dmv-ledger';
import { ExportReader } from '../../lambda-src/core/export/export-reader';
import { loadExport } from '../../lambda-src/core/load/export-loader';
import { LedgerMapping } from '../../src';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(180_000);

describe('qldb-migrate infer', () => {
  let dir: string;
  let ledger: GeneratedLedger;
  let db: TestDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qldb-infer-'));
    ledger = await generateDmvLedger({ seed: 5, syntheticDocuments: 120, outDir: join(dir, 'ledger'), formats: ['ION_TEXT', 'JSON'] });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes a valid mapping under which the same export loads without a single reject', async () => {
    const out = join(dir, 'inferred.json');
    const { code, stdout } = await runCli(['infer', '--export', ledger.exportSets[0].bucketDir, '--out', out, '--schema', 'inferred', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout.trim().split('\n').pop()!);
    const mapping = LedgerMapping.fromFile(out);
    expect(mapping.schema).toBe('inferred');
    const registration = mapping.tableFor('VehicleRegistration')!;
    expect(registration.columns.map((c) => [c.name, c.source.toString(), c.type.toSql()])).toEqual(expect.arrayContaining([
      ['owners_primary_owner_person_id', 'Owners.PrimaryOwner.PersonId', 'varchar(50)'],
      ['owners_secondary_owners_person_id', 'Owners.SecondaryOwners[*].PersonId', 'text[]'],
      ['pending_penalty_ticket_amount', 'PendingPenaltyTicketAmount', 'decimal'],
      ['valid_from_date', 'ValidFromDate', 'date'],
    ]));
    // The Year field drifts from int to string in the sample: reported, and stored as text.
    expect(report.notes.find((n: any) => n.ledgerTable === 'Vehicle' && n.path === 'Year')).toMatchObject({ conflict: true, type: 'text' });
    expect(report.conflicts).toBeGreaterThanOrEqual(1);
    for (const set of ledger.exportSets) {
      const summary = await loadExport(await ExportReader.open(set.bucketDir), { mapping, connectionString: db.url, mode: 'replace' });
      expect({ format: set.format, rejects: summary.rejects }).toEqual({ format: set.format, rejects: 0 });
    }
  });

  test('refuses to overwrite a file without --force', async () => {
    const out = join(dir, 'exists.json');
    writeFileSync(out, '{}');
    const { code, stderr } = await runCli(['infer', '--export', ledger.exportSets[0].bucketDir, '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toContain('exists; pass --force to overwrite it');
    expect(readFileSync(out, 'utf8')).toBe('{}');
  });
});
