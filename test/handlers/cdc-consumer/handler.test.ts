import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { loadRealEvent, REAL_SEQUENCE_NUMBER } from '../../fixtures/stream/real-event';
import { DataApiFault, DataApiServer } from '../../support/data-api-server';
import { expectedRows, readGroundTruth } from '../../support/ground-truth-rows';
import { tableDifferences } from '../../support/table-comparison';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(120_000);

const DMV_MAPPING_FILE = join(__dirname, '../../../examples/dmv/mapping.json');
let workDir: string;
let ledger: GeneratedLedger;
let server: DataApiServer | undefined;
let db: TestDatabase | undefined;
let fault: DataApiFault | undefined;
const savedEnv = { ...process.env };

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-cdc-handler-'));
  ledger = await generateDmvLedger({ seed: 31, syntheticDocuments: 60, outDir: join(workDir, 'ledger'), formats: ['ION_BINARY'] });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

afterEach(async () => {
  process.env = { ...savedEnv };
  await server?.stop();
  await db?.drop();
  server = undefined;
  db = undefined;
  fault = undefined;
});

/** The handler module as Lambda loads it: its settings are read from the environment on the first invocation. */
function loadHandler(): (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../../lambda-src/handlers/cdc-consumer/index').handler;
}

/** A fresh database behind a Data API test server, and the handler module loaded with this environment. */
async function handlerWith(env: Record<string, string>): Promise<(event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>> {
  db = await createTestDatabase();
  server = await DataApiServer.start({ databaseUrl: db.url, fault: () => fault });
  process.env = {
    ...savedEnv,
    AWS_ENDPOINT_URL_RDS_DATA: server.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    CLUSTER_ARN: server.resourceArn,
    SECRET_ARN: server.secretArn,
    DATABASE: db.name,
    RETRY_MAX_ATTEMPTS: '3',
    RETRY_BASE_DELAY_MS: '1',
    ...env,
  };
  let handler: (event: KinesisStreamEvent) => Promise<KinesisStreamBatchResponse>;
  jest.isolateModules(() => {
    handler = loadHandler();
  });
  return handler!;
}

async function captureLogs<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => { out += String(chunk); return true; });
  try {
    const result = await work();
    return { result, lines: out.split('\n').filter((l) => l !== '') };
  } finally {
    spy.mockRestore();
  }
}

function generatedEvent(): KinesisStreamEvent {
  const records = ledger.stream.kinesisEventPaths.flatMap((path) => JSON.parse(readFileSync(path, 'utf8')).Records);
  return { Records: records };
}

test('the real event applies; logs are JSON without document contents; metrics are EMF lines', async () => {
  const handler = await handlerWith({});
  const { result, lines } = await captureLogs(() => handler(loadRealEvent() as unknown as KinesisStreamEvent));
  expect(result).toEqual({ batchItemFailures: [] });
  const client = await db!.connect();
  try {
    const rows = (await client.query('select doc_id, version, data->>\'Email\' as email from qldb.bicycle_licence')).rows;
    expect(rows).toEqual([{ doc_id: 'LSkFrekxpQeDFzPFUNidAt', version: 0, email: 'testuser@gmail.com' }]);
  } finally {
    await client.end();
  }
  const parsed = lines.map((l) => JSON.parse(l));
  expect(lines.join('\n')).not.toMatch(/testuser@gmail\.com|Test User|01234567/);
  const emf = parsed.find((p) => p._aws !== undefined);
  expect(emf._aws.CloudWatchMetrics[0]).toEqual({
    Namespace: 'QldbAuroraMigration/ChangeConsumer',
    Dimensions: [['Consumer']],
    Metrics: expect.arrayContaining([{ Name: 'RevisionsApplied', Unit: 'Count' }, { Name: 'LagMs', Unit: 'Milliseconds' }]),
  });
  expect(emf).toMatchObject({ RevisionsApplied: 1, Rejects: 0, HashMismatches: 0, FailedKinesisRecords: 0 });
  expect(emf.LagMs).toBeGreaterThan(Date.now() - Date.parse('2020-07-04T00:00:00Z'));
  expect(parsed.find((p) => p.message === 'applied')).toMatchObject({ revisionDetails: 1, blockSummaries: 1, firstSequenceNumber: REAL_SEQUENCE_NUMBER });
});

test('an unavailable database reports the aggregated record once, by its own sequence number', async () => {
  const handler = await handlerWith({});
  fault = 'unavailable';
  const { result, lines } = await captureLogs(() => handler(loadRealEvent() as unknown as KinesisStreamEvent));
  expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: REAL_SEQUENCE_NUMBER }] });
  expect(lines.map((l) => JSON.parse(l)).find((p) => p.level === 'ERROR')).toMatchObject({ error: expect.stringMatching(/DatabaseUnavailableException|after 3 attempts/) });
});

test('a failure midway reports that transaction\'s records and every later one; redelivering them completes the stream', async () => {
  const handler = await handlerWith({ MAPPING_FILE: DMV_MAPPING_FILE, MAX_RECORDS_PER_TRANSACTION: '5' });
  const event = generatedEvent();
  const sequenceNumbers = event.Records.map((r) => r.kinesis.sequenceNumber);
  expect(new Set(sequenceNumbers).size).toBe(sequenceNumbers.length);
  expect(sequenceNumbers.length).toBeGreaterThan(1);
  // Fail every call once the first transaction has committed.
  let commits = 0;
  await server!.stop();
  server = await DataApiServer.start({
    databaseUrl: db!.url,
    fault: (call) => {
      if (commits >= 1) return 'unavailable';
      if (call.operation === 'CommitTransaction') commits++;
      return undefined;
    },
  });
  process.env.AWS_ENDPOINT_URL_RDS_DATA = server.endpoint;
  let failing: typeof handler;
  jest.isolateModules(() => { failing = loadHandler(); });
  const { result } = await captureLogs(() => failing(event));
  const failed = result.batchItemFailures.map((f) => f.itemIdentifier);
  expect(failed.length).toBeGreaterThan(0);
  expect(failed.length).toBeLessThan(sequenceNumbers.length);
  expect(failed).toEqual(sequenceNumbers.slice(sequenceNumbers.length - failed.length));

  await server.stop();
  server = await DataApiServer.start({ databaseUrl: db!.url });
  process.env.AWS_ENDPOINT_URL_RDS_DATA = server.endpoint;
  let healthy: typeof handler;
  jest.isolateModules(() => { healthy = loadHandler(); });
  const redelivered = { Records: event.Records.filter((r) => failed.includes(r.kinesis.sequenceNumber)) };
  expect((await captureLogs(() => healthy(redelivered))).result).toEqual({ batchItemFailures: [] });

  const expected = expectedRows(readGroundTruth(ledger.groundTruthPath), dmvMapping(), ['stream']);
  const client = await db!.connect();
  try {
    for (const [name, table] of [...expected].filter(([, t]) => t.auditRows.length > 0)) {
      expect({ name, ...(await tableDifferences(client, table.layout.live, table.liveRows)) }).toEqual({ name, missing: [], extra: [] });
      expect({ name, ...(await tableDifferences(client, table.layout.audit!, table.auditRows)) }).toEqual({ name, missing: [], extra: [] });
    }
  } finally {
    await client.end();
  }
});
