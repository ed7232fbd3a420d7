import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from './run-cli';
import { dmvMapping } from '../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../examples/dmv/generator/generate-dmv-ledger';
import { REAL_EVENT_PATH } from '../fixtures/stream/real-event';
import { expectedRows, readGroundTruth } from '../support/ground-truth-rows';
import { tableDifferences } from '../support/table-comparison';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(180_000);

const DMV_MAPPING_FILE = join(__dirname, '../../examples/dmv/mapping.json');
let workDir: string;
let ledger: GeneratedLedger;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-replay-cli-'));
  ledger = await generateDmvLedger({ seed: 41, syntheticDocuments: 80, outDir: join(workDir, 'ledger'), formats: ['ION_TEXT'] });
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

function lastJson(stdout: string): any {
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

async function expectRows(db: TestDatabase, parts: Array<'export' | 'stream'>): Promise<void> {
  const expected = expectedRows(readGroundTruth(ledger.groundTruthPath), dmvMapping(), parts);
  const client = await db.connect();
  try {
    for (const [name, table] of [...expected].filter(([, t]) => t.auditRows.length > 0)) {
      expect({ name, ...(await tableDifferences(client, table.layout.live, table.liveRows)) }).toEqual({ name, missing: [], extra: [] });
      expect({ name, ...(await tableDifferences(client, table.layout.audit!, table.auditRows)) }).toEqual({ name, missing: [], extra: [] });
    }
  } finally {
    await client.end();
  }
}

test('replays the real Kinesis event into an empty database without a mapping', async () => {
  const db = await freshDatabase();
  const { code, stdout } = await runCli(['replay', '--events', REAL_EVENT_PATH, '--target', db.url, '--json']);
  expect(code).toBe(0);
  expect(lastJson(stdout)).toMatchObject({
    command: 'replay',
    schema: 'qldb',
    revisionsApplied: 1,
    rejectsRecorded: 0,
    counts: { items: 2, revisionDetails: 1, blockSummaries: 1, hashMismatches: 0 },
    lastBlock: { sequenceNo: 545 },
    replicationStates: [{ lastBlockSeq: 545, revisionsApplied: 1 }],
  });
  const client = await db.connect();
  try {
    expect((await client.query('select doc_id, data->>\'Name\' as name from qldb.bicycle_licence')).rows)
      .toEqual([{ doc_id: 'LSkFrekxpQeDFzPFUNidAt', name: 'Test User' }]);
  } finally {
    await client.end();
  }
});

test('stream records and the same records as Kinesis events give the stream\'s ground truth, once', async () => {
  const db = await freshDatabase();
  const first = await runCli(['replay', '--events', ledger.stream.recordsPath, '--mapping', DMV_MAPPING_FILE, '--target', db.url, '--batch-size', '7']);
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/Replayed \d+ stream records in \d+ transactions/);
  expect(first.stdout).toMatch(/rejected: hash mismatch\s+0/);
  await expectRows(db, ['stream']);
  const again = await runCli(['replay', '--events', join(ledger.outDir, 'stream', 'kinesis-events'), '--mapping', DMV_MAPPING_FILE, '--target', db.url, '--json']);
  expect(again.code).toBe(0);
  expect(lastJson(again.stdout)).toMatchObject({ revisionsApplied: 0, counts: { revisionDetails: ledger.counts.streamRevisions } });
  await expectRows(db, ['stream']);
});

test('after a full load, replaying from the export\'s last block gives the whole ledger', async () => {
  const db = await freshDatabase();
  const exportDir = ledger.exportSets[0].bucketDir;
  expect((await runCli(['load', '--export', exportDir, '--mapping', DMV_MAPPING_FILE, '--target', db.url])).code).toBe(0);
  const lastExportBlock = ledger.exportSets[0].exports.at(-1)!.lastBlockSeq;
  const replay = await runCli(['replay', '--events', ledger.stream.recordsPath, '--mapping', DMV_MAPPING_FILE, '--target', db.url,
    '--after-block', String(lastExportBlock), '--json']);
  expect(replay.code).toBe(0);
  expect(lastJson(replay.stdout)).toMatchObject({ revisionsApplied: ledger.counts.streamRevisions, counts: { skippedAfterBlock: 0 } });
  await expectRows(db, ['export', 'stream']);
});

test('usage errors name the option', async () => {
  const missing = await runCli(['replay']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/--events FILE\|DIR is required/);
  const bad = await runCli(['replay', '--events', REAL_EVENT_PATH, '--after-block', 'x']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--after-block must be a whole number/);
});
