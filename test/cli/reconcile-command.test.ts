import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { runCli } from './run-cli';
import { generateDmvLedger, GeneratedLedger } from '../../examples/dmv/generator/generate-dmv-ledger';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(300_000);

const mappingFile = join(__dirname, '..', '..', 'examples', 'dmv', 'mapping.json');
let workDir: string;
let ledger: GeneratedLedger;
let db: TestDatabase;
let exportDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-reconcile-cli-'));
  ledger = await generateDmvLedger({ seed: 9, syntheticDocuments: 100, outDir: workDir, formats: ['ION_TEXT'] });
  exportDir = ledger.exportSets[0].bucketDir;
  db = await createTestDatabase();
  const load = await runCli(['load', '--export', exportDir, '--mapping', mappingFile, '--target', db.url]);
  expect(load.code).toBe(0);
});

afterAll(async () => {
  await db?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

const reconcile = (...extra: string[]) => runCli(['reconcile', '--export', exportDir, '--mapping', mappingFile, '--target', db.url, ...extra]);

describe('qldb-migrate reconcile', () => {
  test('after qldb-migrate load, the target agrees (exit 0), table by table', async () => {
    const { code, stdout } = await reconcile();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^RECONCILED: the \d+ tables of schema dmv hold exactly the \d+ expected rows and 0 rejects\.$/m);
    expect(stdout).toMatch(/Person\s+dmv\.person\s+(\d+)\s+\1\s+0\s+0\s+0\s+yes/);
    expect(stdout).toMatch(/Left out as dropped tables: table ids \w+/);
    expect(stdout).toContain('Rejects (export) in dmv.qldb_migration_rejects: 0 expected, 0 in the target, 0 missing, 0 extra: they agree.');

    const json = await reconcile('--json');
    const summary = JSON.parse(json.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ command: 'reconcile', agrees: true, documentDifferences: 0, exportRevisions: ledger.counts.exportRevisions });
  });

  test('a deleted row, an edited value and a planted row are named by document id (exit 1)', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    let deleted: string;
    let edited: string;
    try {
      deleted = (await client.query('delete from dmv.vehicle_registration where doc_id = (select min(doc_id) from dmv.vehicle_registration) returning doc_id'))
        .rows[0].doc_id;
      edited = (await client.query("update dmv.person set last_name = 'Tampered' where doc_id = (select max(doc_id) from dmv.person) returning doc_id"))
        .rows[0].doc_id;
      await client.query('create temp table planted as select * from dmv.vehicle where doc_id = (select min(doc_id) from dmv.vehicle)');
      await client.query("update planted set doc_id = 'PlantedVehicle000000001', vin = 'PLANTEDVIN0000001'");
      await client.query('insert into dmv.vehicle select * from planted');
    } finally {
      await client.end();
    }

    const { code, stdout } = await reconcile('--samples', '3');
    expect(code).toBe(1);
    expect(stdout).toContain(`dmv.vehicle_registration: missing document ${deleted}`);
    expect(stdout).toMatch(new RegExp(`dmv\\.person: different document ${edited}\\n +last_name: expected "[^"]+", actual "Tampered"`));
    expect(stdout).toContain('dmv.vehicle: extra document PlantedVehicle000000001');
    expect(stdout).toMatch(/^NOT RECONCILED: 3 documents missing, extra or different; dmv\.vehicle has (\d+) rows, not \d+; dmv\.vehicle_registration has \d+ rows, not \d+\.$/m);

    const json = await reconcile('--json');
    expect(json.code).toBe(1);
    const summary = JSON.parse(json.stdout.trim().split('\n').pop()!);
    expect(summary.agrees).toBe(false);
    expect(summary.documentDifferences).toBe(3);
  });

  test('usage errors exit 2', async () => {
    expect((await runCli(['reconcile', '--target', db.url])).code).toBe(2);
    const samples = await runCli(['reconcile', '--export', exportDir, '--samples', 'many']);
    expect(samples.code).toBe(2);
    expect(samples.stderr).toContain('--samples must be a non-negative integer, got "many"');
  });
});
