import { cpSync, mkdtempSync, promises, readdirSync, readFileSync, rmSync, truncateSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { loadExport, LoadMode, LoadSummary } from '../../../lambda-src/core/load/export-loader';
import { StrictModeError } from '../../../lambda-src/core/transform/revision-row';
import { LedgerMapping } from '../../../src';
import { expectedRows, readGroundTruth } from '../../support/ground-truth-rows';
import { tableDifferences } from '../../support/table-comparison';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(300_000);

let workDir: string;
let ledger: GeneratedLedger;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-load-test-'));
  ledger = await generateDmvLedger({ seed: 11, syntheticDocuments: 150, outDir: join(workDir, 'ledger'), exportCount: 2 });
});

afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  rmSync(workDir, { recursive: true, force: true });
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

function exportDir(format: string): string {
  return ledger.exportSets.find((s) => s.format === format)!.bucketDir;
}

/** The DMV mapping with first_name as varchar(3): most Person revisions then hold a value that does not fit. */
function narrowFirstNameMapping(): LedgerMapping {
  return LedgerMapping.fromJson(readFileSync(join(__dirname, '../../../examples/dmv/mapping.json'), 'utf8')
    .replace('"type": "varchar(100)"', '"type": "varchar(3)"'));
}

/** A copy of an export (under `name` in the work directory) whose data object `key` is cut in half. */
function withTruncatedObject(exportRoot: string, name: string, key: string): string {
  const broken = join(workDir, name);
  cpSync(exportRoot, broken, { recursive: true });
  truncateSync(join(broken, key), Math.floor(statSync(join(broken, key)).size / 2));
  return broken;
}

async function load(db: TestDatabase, location: string, mode: LoadMode, mapping: LedgerMapping = dmvMapping(), workers = 0) {
  return loadExport(await ExportReader.open(location), { mapping, connectionString: db.url, mode, workers });
}

/** Every table of a schema as sorted text rows, for comparing two databases. */
async function dumpSchema(db: TestDatabase, schema: string): Promise<Record<string, string[]>> {
  const client = await db.connect();
  try {
    const tables = (await client.query('select table_name from information_schema.tables where table_schema = $1 order by 1', [schema])).rows;
    const dump: Record<string, string[]> = {};
    for (const { table_name: t } of tables) {
      dump[t] = (await client.query(`select t::text as r from "${schema}"."${t}" t order by 1`)).rows.map((r) => r.r);
    }
    return dump;
  } finally {
    await client.end();
  }
}

async function expectGroundTruth(db: TestDatabase, parts: Array<'export' | 'stream'>, mapping = dmvMapping(), of = ledger): Promise<void> {
  const expected = expectedRows(readGroundTruth(of.groundTruthPath), mapping, parts);
  const client = await db.connect();
  try {
    for (const [name, table] of expected) {
      const live = await tableDifferences(client, table.layout.live, table.liveRows);
      expect({ table: name, ...live }).toEqual({ table: name, missing: [], extra: [] });
      if (table.layout.audit) {
        const audit = await tableDifferences(client, table.layout.audit, table.auditRows);
        expect({ table: table.layout.audit.name, ...audit }).toEqual({ table: table.layout.audit.name, missing: [], extra: [] });
      }
    }
  } finally {
    await client.end();
  }
}

describe('loadExport', () => {
  test.each(['ION_TEXT', 'ION_BINARY', 'JSON'])('a %s export loads exactly the ground-truth rows', async (format) => {
    const db = await freshDatabase();
    const summary = await load(db, exportDir(format), 'replace');
    expect(summary.revisions).toBe(ledger.counts.exportRevisions);
    const parking = summary.tables.find((t) => t.ledgerTable === 'ParkingPermit')!;
    expect(parking.droppedRevisionsSkipped).toBeGreaterThan(0);
    await expectGroundTruth(db, ['export']);
  });

  test('JSON and Ion exports give identical tables, and replace twice gives the same tables', async () => {
    const ion = await freshDatabase();
    const json = await freshDatabase();
    await load(ion, exportDir('ION_BINARY'), 'replace');
    await load(json, exportDir('JSON'), 'replace');
    const ionTables = await dumpSchema(ion, 'dmv');
    expect(await dumpSchema(json, 'dmv')).toEqual(ionTables);
    await load(ion, exportDir('ION_BINARY'), 'replace');
    expect(await dumpSchema(ion, 'dmv')).toEqual(ionTables);
  });

  test('merge over an overlapping export, and a stale older export, converge to the same tables', async () => {
    // A copy holding only the first of the two exports: older revisions that overlap the full export.
    const firstOnly = join(workDir, 'first-only');
    cpSync(exportDir('ION_TEXT'), firstOnly, { recursive: true });
    const second = ledger.exportSets.find((s) => s.format === 'ION_TEXT')!.exports[1];
    rmSync(join(firstOnly, second.startedManifestKey));
    rmSync(join(firstOnly, second.completedManifestKey));

    const reference = await freshDatabase();
    await load(reference, exportDir('ION_TEXT'), 'replace');
    const expected = await dumpSchema(reference, 'dmv');

    const merged = await freshDatabase();
    await load(merged, firstOnly, 'replace');
    await load(merged, exportDir('ION_TEXT'), 'merge');
    expect(await dumpSchema(merged, 'dmv')).toEqual(expected);
    await load(merged, exportDir('ION_TEXT'), 'merge');
    expect(await dumpSchema(merged, 'dmv')).toEqual(expected);
    // The older export again: documents deleted or updated later must not come back or go back.
    await load(merged, firstOnly, 'merge');
    expect(await dumpSchema(merged, 'dmv')).toEqual(expected);
  });

  test('without a mapping every table lands as JSONB documents', async () => {
    const db = await freshDatabase();
    const mapping = new LedgerMapping({ schema: 'ledger' });
    const summary = await load(db, exportDir('JSON'), 'replace', mapping);
    expect(summary.tables.filter((t) => t.kind === 'document').map((t) => t.liveTable).sort()).toEqual([
      'ledger.drivers_license', 'ledger.inspection', 'ledger.parking_permit', 'ledger.person', 'ledger.temporary_hold',
      'ledger.vehicle', 'ledger.vehicle_registration',
    ]);
    await expectGroundTruth(db, ['export'], mapping);
  });

  test('a truncated data object fails naming the object and leaves the target unchanged', async () => {
    const db = await freshDatabase();
    await load(db, exportDir('ION_TEXT'), 'replace');
    const before = await dumpSchema(db, 'dmv');
    const key = ledger.exportSets.find((s) => s.format === 'ION_TEXT')!.exports[1].dataKeys[0];
    const broken = withTruncatedObject(exportDir('ION_TEXT'), 'truncated', key);
    await expect(load(db, broken, 'replace')).rejects.toThrow(key.split('/').pop()!);
    await expect(load(db, broken, 'merge')).rejects.toThrow(key.split('/').pop()!);
    expect(await dumpSchema(db, 'dmv')).toEqual(before);
  });

  test('a value PostgreSQL refuses never half-loads: strict mode fails naming the document', async () => {
    const db = await freshDatabase();
    const strictMapping = narrowFirstNameMapping();
    await expect(loadExport(await ExportReader.open(exportDir('ION_TEXT')), {
      mapping: strictMapping, connectionString: db.url, mode: 'replace', strict: true,
    })).rejects.toThrow(/Person document \S+ version \d+ \(block \d+\), column person.first_name: \d+ characters do not fit varchar\(3\)/);
    const client = await db.connect();
    const schemas = (await client.query('select nspname from pg_namespace where nspname in (\'dmv\') or nspname like \'qldb_load_%\'')).rows;
    await client.end();
    expect(schemas).toEqual([]);
  });

  test('without strict mode the same values become rejects and NULLs', async () => {
    const db = await freshDatabase();
    const mapping = narrowFirstNameMapping();
    const summary = await load(db, exportDir('ION_TEXT'), 'replace', mapping);
    const person = summary.tables.find((t) => t.ledgerTable === 'Person')!;
    expect(person.rejects).toBeGreaterThan(0);
    const client = await db.connect();
    const { rows } = await client.query('select count(*)::int as n, count(distinct column_name)::int as c from dmv.qldb_migration_rejects');
    const nulls = await client.query('select count(*)::int as n from dmv.person_audit_log where first_name is null and operation <> \'D\' and not (ql_audit->>\'ql_redacted\')::boolean');
    await client.end();
    expect(rows[0]).toEqual({ n: person.rejects, c: 1 });
    expect(nulls.rows[0].n).toBe(person.rejects);
  });

  test('an unreachable target fails with a clear error', async () => {
    await expect(loadExport(await ExportReader.open(exportDir('JSON')), {
      mapping: dmvMapping(), connectionString: 'postgres://nobody:x@127.0.0.1:1/none', mode: 'replace',
    })).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('loadExport with worker threads', () => {
  const withoutTimes = (summary: LoadSummary) => ({ ...summary, phases: undefined });
  /** The same kind of ledger in many small data objects, so that each worker reads several. */
  let small: GeneratedLedger;
  const smallDir = (format: string) => small.exportSets.find((s) => s.format === format)!.bucketDir;

  beforeAll(async () => {
    small = await generateDmvLedger({ seed: 12, syntheticDocuments: 150, outDir: join(workDir, 'small-objects'), exportCount: 2, maxObjectBytes: 48 * 1024 });
  });

  test.each(['ION_TEXT', 'ION_BINARY', 'JSON'])('a %s export read by three workers loads what one thread loads', async (format) => {
    const objects = (await ExportReader.open(smallDir(format))).plan.objects.length;
    expect(objects).toBeGreaterThan(6);
    const inThread = await freshDatabase();
    const inWorkers = await freshDatabase();
    const expected = await load(inThread, smallDir(format), 'replace');
    const summary = await load(inWorkers, smallDir(format), 'replace', dmvMapping(), 3);
    expect(withoutTimes(summary)).toEqual(withoutTimes(expected));
    expect(summary.objects).toBe(objects);
    expect(summary.tables.find((t) => t.ledgerTable === 'ParkingPermit')!.droppedRevisionsSkipped).toBeGreaterThan(0);
    await expectGroundTruth(inWorkers, ['export'], dmvMapping(), small);
    expect(await dumpSchema(inWorkers, 'dmv')).toEqual(await dumpSchema(inThread, 'dmv'));
  });

  test('unmapped tables and merge mode work the same in workers', async () => {
    const db = await freshDatabase();
    const mapping = new LedgerMapping({ schema: 'ledger' });
    await load(db, smallDir('JSON'), 'replace', mapping, 2);
    await expectGroundTruth(db, ['export'], mapping, small);
    const before = await dumpSchema(db, 'ledger');
    await load(db, smallDir('ION_TEXT'), 'merge', mapping, 2);
    expect(await dumpSchema(db, 'ledger')).toEqual(before);
  });

  test('a truncated data object fails naming the object and leaves the target unchanged', async () => {
    const db = await freshDatabase();
    await load(db, smallDir('JSON'), 'replace');
    const before = await dumpSchema(db, 'dmv');
    const keys = small.exportSets.find((s) => s.format === 'JSON')!.exports.flatMap((e) => e.dataKeys);
    const key = keys[Math.floor(keys.length / 2)];
    const broken = withTruncatedObject(smallDir('JSON'), 'truncated-json', key);
    await expect(load(db, broken, 'replace', dmvMapping(), 2)).rejects.toThrow(
      new RegExp(`${key.split('/').pop()!.replace(/\./g, '\\.')}.*(truncated|invalid JSON)`));
    expect(await dumpSchema(db, 'dmv')).toEqual(before);
  });

  test('an unreachable target fails with a clear error and ends the worker threads started before connecting', async () => {
    const threads = () => readdirSync('/proc/self/task').length;
    await promises.stat(workDir); // the thread pool's threads are started on first use: before counting
    const before = threads();
    await expect(loadExport(await ExportReader.open(smallDir('JSON')), {
      mapping: dmvMapping(), connectionString: 'postgres://nobody:x@127.0.0.1:1/none', mode: 'replace', workers: 2,
    })).rejects.toThrow(/ECONNREFUSED/);
    expect(threads()).toBe(before);
  });

  test('strict mode fails in a worker with the same error as in one thread', async () => {
    const db = await freshDatabase();
    const strictMapping = narrowFirstNameMapping();
    const failure = loadExport(await ExportReader.open(smallDir('JSON')), {
      mapping: strictMapping, connectionString: db.url, mode: 'replace', strict: true, workers: 2,
    });
    await expect(failure).rejects.toThrow(StrictModeError);
    await expect(failure).rejects.toThrow(/Person document \S+ version \d+ \(block \d+\), column person.first_name: \d+ characters do not fit varchar\(3\)/);
  });
});
