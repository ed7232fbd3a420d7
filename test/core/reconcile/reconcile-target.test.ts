import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { loadExport } from '../../../lambda-src/core/load/export-loader';
import { ReconcileSummary, TableComparison } from '../../../lambda-src/core/reconcile/reconcile-summary';
import { reconcileScratchSchema, reconcileTarget } from '../../../lambda-src/core/reconcile/reconcile-target';
import { readStreamInput } from '../../../lambda-src/core/stream/stream-files';
import { LedgerMapping } from '../../../src';
import { expectedRows, readGroundTruth } from '../../support/ground-truth-rows';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

let workDir: string;
let ledger: GeneratedLedger;
let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-reconcile-test-'));
  ledger = await generateDmvLedger({ seed: 7, syntheticDocuments: 120, outDir: workDir, formats: ['ION_BINARY', 'JSON'], exportCount: 2 });
  db = await createTestDatabase();
  await loadExport(await ExportReader.open(exportDir('ION_BINARY')), { mapping: dmvMapping(), connectionString: db.url, mode: 'replace' });
  client = await db.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

function exportDir(format: string): string {
  return ledger.exportSets.find((s) => s.format === format)!.bucketDir;
}

async function reconcile(format = 'ION_BINARY', withEvents = false): Promise<ReconcileSummary> {
  return reconcileTarget({
    mapping: dmvMapping(),
    connectionString: db.url,
    exportReader: await ExportReader.open(exportDir(format)),
    ...(withEvents ? { streamItems: await readStreamInput(ledger.stream.recordsPath) } : {}),
    sampleSize: 5,
  });
}

function comparison(summary: ReconcileSummary, table: string): TableComparison {
  const found = summary.tables.flatMap((t) => t.comparisons).find((c) => c.table === table);
  if (!found) {
    throw new Error(`no comparison of ${table} in ${summary.tables.flatMap((t) => t.comparisons).map((c) => c.table).join(', ')}`);
  }
  return found;
}

async function oneDocument(table: string, where = 'true'): Promise<string> {
  return (await client.query(`select doc_id from dmv.${table} where ${where} order by doc_id limit 1`)).rows[0].doc_id;
}

describe('reconcileTarget after loadExport', () => {
  test('agrees, with the row counts the generator\'s ground truth gives', async () => {
    const summary = await reconcile();
    expect(summary.tables.filter((t) => !t.agrees).map((t) => t.comparisons)).toEqual([]);
    expect(summary.rejects).toMatchObject({ agrees: true, missing: 0, extra: 0 });
    expect(summary.agrees).toBe(true);
    expect(summary.documentDifferences).toBe(0);
    // The expected counts come from the generator's own record of the ledger, not from the reconciler.
    const truth = expectedRows(readGroundTruth(ledger.groundTruthPath), dmvMapping(), ['export']);
    for (const [name, table] of truth) {
      expect(comparison(summary, `dmv.${name}`)).toMatchObject({ expectedRows: table.liveRows.length, targetRows: table.liveRows.length });
      expect(comparison(summary, `dmv.${table.layout.audit!.name}`)).toMatchObject({ expectedRows: table.auditRows.length, targetRows: table.auditRows.length });
    }
    expect(summary.droppedTableIds.length).toBeGreaterThan(0);
    const scratch = await client.query('select 1 from information_schema.schemata where schema_name = $1', [reconcileScratchSchema('dmv')]);
    expect(scratch.rowCount).toBe(0);
  });

  test('the JSON export of the same ledger reconciles too (read losslessly, it gives the same rows)', async () => {
    const summary = await reconcile('JSON');
    expect(summary.tables.filter((t) => !t.agrees)).toEqual([]);
    expect(summary.agrees).toBe(true);
    expect(summary.exportRevisions).toBe(ledger.counts.exportRevisions);
  });

  test('with the stream records, exactly the documents the stream changed are reported (the target has only the export)', async () => {
    const summary = await reconcile('ION_BINARY', true);
    expect(summary.streamRevisions).toBe(ledger.counts.streamRevisions);
    expect(summary.agrees).toBe(false);
    const truth = readGroundTruth(ledger.groundTruthPath);
    const before = expectedRows(truth, dmvMapping(), ['export']);
    const after = expectedRows(truth, dmvMapping(), ['export', 'stream']);
    let changedTables = 0;
    for (const [name, table] of after) {
      const byDocument = (rows: Array<Array<string | null>>) => new Map(rows.map((r) => [r[0]!, JSON.stringify(r)]));
      const old = byDocument(before.get(name)!.liveRows);
      const now = byDocument(table.liveRows);
      const live = comparison(summary, `dmv.${name}`);
      expect(live.expectedRows).toBe(table.liveRows.length);
      expect(live.missingDocuments).toBe([...now.keys()].filter((id) => !old.has(id)).length);
      expect(live.extraDocuments).toBe([...old.keys()].filter((id) => !now.has(id)).length);
      expect(live.differentDocuments).toBe([...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)).length);
      const audit = comparison(summary, `dmv.${table.layout.audit!.name}`);
      expect(audit.expectedRows - audit.targetRows!).toBe(table.auditRows.length - before.get(name)!.auditRows.length);
      changedTables += live.agrees ? 0 : 1;
    }
    expect(changedTables).toBeGreaterThan(0);
    // The sample's person P626-168-229-765 gets version 1 in the stream (FirstName = 'Melvin').
    const melvin = (await client.query('select doc_id from dmv.person where gov_id = $1', ['P626-168-229-765'])).rows[0].doc_id;
    const person = await reconcileTarget({
      mapping: dmvMapping(), connectionString: db.url, streamItems: await readStreamInput(ledger.stream.recordsPath), sampleSize: 1000,
    });
    expect(comparison(person, 'dmv.person').samples).toContainEqual({
      kind: 'different', documentId: melvin, details: expect.arrayContaining([expect.stringMatching(/^first_name: expected "Melvin", actual "/)]),
    });
  });
});

describe('reconcileTarget on a tampered target', () => {
  let deleted: string;
  let edited: string;
  let planted: string;

  beforeAll(async () => {
    deleted = await oneDocument('person');
    edited = await oneDocument('vehicle', 'year is not null');
    planted = 'PlantedDocument00000001';
    await client.query('delete from dmv.person where doc_id = $1', [deleted]);
    await client.query('update dmv.vehicle set year = year + 1 where doc_id = $1', [edited]);
    await client.query('create temp table planted as select * from dmv.drivers_license_audit_log order by doc_id limit 1');
    await client.query('update planted set doc_id = $1', [planted]);
    await client.query('insert into dmv.drivers_license_audit_log select * from planted');
  });

  test('reports the deleted row, the edited value and the planted row, by document id, and nothing else', async () => {
    const summary = await reconcile();
    expect(summary.agrees).toBe(false);
    expect(summary.documentDifferences).toBe(3);

    expect(comparison(summary, 'dmv.person')).toMatchObject({
      agrees: false,
      missingDocuments: 1,
      extraDocuments: 0,
      differentDocuments: 0,
      samples: [{ kind: 'missing', documentId: deleted }],
    });
    expect(comparison(summary, 'dmv.person').targetRows).toBe(comparison(summary, 'dmv.person').expectedRows - 1);
    expect(comparison(summary, 'dmv.person_audit_log').agrees).toBe(true);

    const vehicle = comparison(summary, 'dmv.vehicle');
    expect(vehicle).toMatchObject({ agrees: false, missingDocuments: 0, extraDocuments: 0, differentDocuments: 1 });
    const year = (await client.query('select year from dmv.vehicle where doc_id = $1', [edited])).rows[0].year;
    expect(vehicle.samples).toEqual([{ kind: 'different', documentId: edited, details: [`year: expected "${year - 1}", actual "${year}"`] }]);

    expect(comparison(summary, 'dmv.drivers_license_audit_log')).toMatchObject({
      agrees: false, extraDocuments: 1, samples: [{ kind: 'extra', documentId: planted }],
    });
    expect(comparison(summary, 'dmv.drivers_license').agrees).toBe(true);
  });
});

describe('reconcileTarget and value rejects', () => {
  // person.first_name as varchar(4): longer first names cannot be converted and become rejects.
  const narrowMapping = () => {
    const json = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'dmv', 'mapping.json'), 'utf8'));
    json.tables.find((t: { targetTable: string }) => t.targetTable === 'person').columns
      .find((c: { name: string }) => c.name === 'first_name').type = 'varchar(4)';
    return LedgerMapping.fromJson(JSON.stringify(json));
  };
  let rejectsDb: TestDatabase;

  beforeAll(async () => {
    rejectsDb = await createTestDatabase();
    await loadExport(await ExportReader.open(exportDir('ION_BINARY')), { mapping: narrowMapping(), connectionString: rejectsDb.url, mode: 'replace' });
  });

  afterAll(async () => rejectsDb?.drop());

  const reconcileRejects = async () => reconcileTarget({
    mapping: narrowMapping(), connectionString: rejectsDb.url, exportReader: await ExportReader.open(exportDir('ION_BINARY')), sampleSize: 5,
  });

  test('agree after the load, and a reject removed from the target is reported by its document, version and column', async () => {
    const before = await reconcileRejects();
    expect(before.agrees).toBe(true);
    const rejectsClient = new Client({ connectionString: rejectsDb.url });
    await rejectsClient.connect();
    const stored = (await rejectsClient.query('select count(*)::int as n from dmv.qldb_migration_rejects')).rows[0].n;
    expect(before.rejects).toMatchObject({ expected: stored, target: stored, missing: 0, extra: 0 });
    expect(stored).toBeGreaterThan(0);
    const removed = (await rejectsClient.query(
      'delete from dmv.qldb_migration_rejects where reject_key = (select min(reject_key) from dmv.qldb_migration_rejects) ' +
      'returning doc_id, version, column_name',
    )).rows[0];
    await rejectsClient.end();

    const after = await reconcileRejects();
    expect(after.agrees).toBe(false);
    expect(after.documentDifferences).toBe(0);
    expect(after.rejects).toMatchObject({ agrees: false, missing: 1, extra: 0, expected: stored, target: stored - 1 });
    expect(after.rejects.samples).toEqual([expect.objectContaining({
      kind: 'missing', documentId: removed.doc_id, version: removed.version, column: 'first_name',
    })]);
    expect(removed.column_name).toBe('first_name');
  });
});
