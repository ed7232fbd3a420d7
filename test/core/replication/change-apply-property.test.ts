import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { exportTailStreamItems } from './export-stream-records';
import { clientFor, ClientKind } from './sql-clients';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { SeededRandom } from '../../../examples/dmv/generator/seeded-random';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { loadExport } from '../../../lambda-src/core/load/export-loader';
import { ChangeApplier } from '../../../lambda-src/core/replication/change-applier';
import { readStreamInput } from '../../../lambda-src/core/stream/stream-files';
import { StreamItem } from '../../../lambda-src/core/stream/stream-item';
import { DataApiCall, DataApiFault } from '../../support/data-api-server';
import { expectedRows, readGroundTruth } from '../../support/ground-truth-rows';
import { tableDifferences } from '../../support/table-comparison';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

/*
 * Property: whatever the delivery - records shuffled across batches, duplicated, batches replayed, calls failing
 * and connections killed midway (before or after the database did the work), whole batches failing and delivered
 * again later, a stream that starts before the end of the export - the tables after the full load and the change
 * apply equal the ground truth of the generator: no revision lost, none resurrected.
 */

jest.setTimeout(180_000);

const SCENARIOS = 12;
let workDir: string;
let ledger: GeneratedLedger;
let template: TestDatabase;
let streamRecordItems: StreamItem[];
let kinesisEventItems: StreamItem[];
let lastExportBlock: number;
const databases: TestDatabase[] = [];

/** A copy of the database the full load produced (CREATE DATABASE ... TEMPLATE). */
async function copyOfLoadedTarget(): Promise<TestDatabase> {
  const db = await createTestDatabase(template);
  databases.push(db);
  return db;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-cdc-property-'));
  ledger = await generateDmvLedger({ seed: 23, syntheticDocuments: 160, outDir: join(workDir, 'ledger'), formats: ['ION_BINARY'] });
  streamRecordItems = await readStreamInput(ledger.stream.recordsPath);
  kinesisEventItems = await readStreamInput(join(ledger.outDir, 'stream', 'kinesis-events'));
  lastExportBlock = ledger.exportSets[0].exports.at(-1)!.lastBlockSeq;
  template = await createTestDatabase();
  databases.push(template);
  await loadExport(await ExportReader.open(ledger.exportSets[0].bucketDir), { mapping: dmvMapping(), connectionString: template.url, mode: 'replace' });
});

afterAll(async () => {
  for (const db of databases.reverse()) await db.drop();
  rmSync(workDir, { recursive: true, force: true });
});

function shuffle<T>(random: SeededRandom, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

interface Scenario {
  readonly kind: ClientKind;
  readonly batches: StreamItem[][];
  readonly afterBlock?: number;
  readonly overlapBlocks: number;
  readonly faultRate: number;
  /** Batches (by position) during which every call fails, so that the whole batch fails and is delivered again. */
  readonly outages: Set<number>;
}

function scenario(seed: number): Scenario {
  const random = new SeededRandom(seed);
  const kind: ClientKind = seed % 5 === 4 ? 'pg' : 'data-api';
  const overlapBlocks = random.int(0, 6);
  const base = random.int(0, 1) === 0 ? streamRecordItems : kinesisEventItems;
  const items = [...base, ...exportTailStreamItems(ledger, lastExportBlock - overlapBlocks + 1)];
  const duplicates = items.filter(() => random.int(0, 4) === 0);
  const all = shuffle(random, [...items, ...duplicates]);
  const batches: StreamItem[][] = [];
  for (let i = 0; i < all.length;) {
    const size = random.int(1, 40);
    batches.push(all.slice(i, i + size));
    i += size;
  }
  const replays = random.int(0, 3);
  for (let r = 0; r < replays; r++) batches.push(batches[random.int(0, batches.length - 1)]);
  const outages = new Set<number>();
  if (kind === 'data-api' && random.int(0, 1) === 1) outages.add(random.int(0, batches.length - 1));
  return {
    kind,
    batches,
    overlapBlocks,
    afterBlock: random.int(0, 1) === 0 ? undefined : lastExportBlock,
    faultRate: kind === 'data-api' ? [0, 0.03, 0.08][random.int(0, 2)] : 0,
    outages,
  };
}

const FAULTS: DataApiFault[] = ['kill-before', 'kill-after', 'unavailable', 'throttle'];

async function expectGroundTruth(db: TestDatabase, label: string): Promise<void> {
  const expected = expectedRows(readGroundTruth(ledger.groundTruthPath), dmvMapping(), ['export', 'stream']);
  const client = await db.connect();
  try {
    for (const [name, table] of expected) {
      const live = await tableDifferences(client, table.layout.live, table.liveRows);
      expect({ label, table: name, ...live }).toEqual({ label, table: name, missing: [], extra: [] });
      const audit = await tableDifferences(client, table.layout.audit!, table.auditRows);
      expect({ label, table: table.layout.audit!.name, ...audit }).toEqual({ label, table: table.layout.audit!.name, missing: [], extra: [] });
    }
    const rejects = (await client.query('select reason from dmv.qldb_migration_rejects where source = \'stream\'')).rows;
    expect({ label, rejects }).toEqual({ label, rejects: [] });
  } finally {
    await client.end();
  }
}

test.each(Array.from({ length: SCENARIOS }, (_, i) => i + 1))('scenario %i converges to the ground truth', async (seed) => {
  const s = scenario(seed * 7919);
  const random = new SeededRandom(seed);
  let batchInOutage = -1;
  const fault = (_call: DataApiCall): DataApiFault | undefined => {
    if (s.outages.has(batchInOutage)) return 'unavailable';
    return random.next() < s.faultRate ? FAULTS[random.int(0, FAULTS.length - 1)] : undefined;
  };
  const db = await copyOfLoadedTarget();
  const { client, server, close } = await clientFor(s.kind, db, { fault, transactionIdleTimeoutMs: 2_000 });
  const label = `scenario ${seed}: ${s.kind}, ${s.batches.length} batches, overlap ${s.overlapBlocks} export blocks, ` +
    `after-block ${s.afterBlock ?? 'none'}, fault rate ${s.faultRate}, outages ${[...s.outages].join(',') || 'none'}`;
  try {
    const applier = new ChangeApplier(client, dmvMapping(), { afterBlock: s.afterBlock });
    const queue = s.batches.map((batch, position) => ({ batch, position }));
    let redeliveries = 0;
    while (queue.length > 0) {
      const next = queue.shift()!;
      batchInOutage = next.position;
      try {
        await applier.apply(next.batch);
      } catch (error) {
        expect({ label, failedBatch: next.position, error: String(error) }).toMatchObject({ failedBatch: [...s.outages][0] });
        redeliveries++;
        s.outages.clear(); // the outage ends; the batch comes again later, as Lambda redelivers it
        queue.push(next);
      }
    }
    expect(redeliveries).toBeLessThanOrEqual(1);
    await expectGroundTruth(db, label);
    if (server) expect(server.calls).toBeGreaterThan(0);
  } finally {
    await close();
  }
});
