import { join } from 'path';
import { parseArgs } from 'util';
import { Client } from 'pg';
import { withBenchPostgres } from './bench-postgres';
import { ReferenceApplier } from './reference-apply';
import { dmvMapping } from '../../examples/dmv/dmv-mapping';
import { generateDmvLedger } from '../../examples/dmv/generator/generate-dmv-ledger';
import { TableRouter } from '../../lambda-src/core/load/table-router';
import { ChangeApplier } from '../../lambda-src/core/replication/change-applier';
import { TargetPreparer } from '../../lambda-src/core/replication/target-preparation';
import { DataApiSqlClient } from '../../lambda-src/core/sql/data-api-sql-client';
import { readStreamInput } from '../../lambda-src/core/stream/stream-files';
import { StreamItem } from '../../lambda-src/core/stream/stream-item';
import { exportTailStreamItems } from '../../test/core/replication/export-stream-records';
import { DataApiServer } from '../../test/support/data-api-server';

/*
 * npm run bench -- cdc [--revisions 10000] [--batch-size 100] [--latency-ms 10] [--reference-revisions 1000] [--seed 1]
 *                      [--verify-hashes true|false]
 *
 * Applies REVISION_DETAILS records of a generated DMV ledger (the export's revisions as a stream started at the
 * ledger's beginning, then the stream's) through the RDS Data API test server with a fixed latency per call, in
 * batches, with this project's apply (hashes checked, one transaction of a few statements per batch), and the same
 * revisions one transaction per revision with the reference's algorithm (ReferenceApplier). The reference runs on
 * the first --reference-revisions revisions only (at six calls per revision it would take minutes); rates are per
 * second of wall time, calls are counted by the server. Target DDL is created before the clock starts.
 * Checking every revision hash (on by default, as in the consumer) costs about 1 ms of CPU per revision, most of the
 * apply's time: on a busy machine the apply slows down while the latency-bound reference does not.
 * The last line of stdout is the JSON result.
 */

const root = join(__dirname, '..', '..');

async function database(url: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A Data API test server on a new database holding every table the items need (created before the clock starts). */
async function dataApi(url: string, name: string, latencyMs: number, items: readonly StreamItem[]):
Promise<{ server: DataApiServer; client: DataApiSqlClient }> {
  const server = await DataApiServer.start({ databaseUrl: await database(url, name) });
  const client = new DataApiSqlClient({
    resourceArn: server.resourceArn, secretArn: server.secretArn, database: name, clientConfig: server.clientConfig(),
  });
  const router = new TableRouter(dmvMapping());
  const tableNames = new Set(items.flatMap((i) =>
    (i.kind === 'record' && i.record.recordType === 'REVISION_DETAILS' ? [i.record.revision.tableName] : [])));
  const layouts = [...tableNames].flatMap((t) => { const route = router.route(t); return route.kind === 'skipped' ? [] : [route.layout]; });
  await new TargetPreparer(dmvMapping()).prepare(client, layouts);
  server.setLatency(latencyMs);
  return { server, client };
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export async function cdcBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      'revisions': { type: 'string', default: '10000' },
      'batch-size': { type: 'string', default: '100' },
      'latency-ms': { type: 'string', default: '10' },
      'reference-revisions': { type: 'string', default: '1000' },
      'seed': { type: 'string', default: '1' },
      'verify-hashes': { type: 'string', default: 'true' },
    },
  });
  const revisions = Number(values.revisions);
  const batchSize = Number(values['batch-size']);
  const latencyMs = Number(values['latency-ms']);
  const referenceRevisions = Math.min(revisions, Number(values['reference-revisions']));
  const verifyHashes = values['verify-hashes'] !== 'false';
  const documents = Math.ceil(revisions / 2.4);
  const outDir = join(root, '.cache', 'bench', `cdc-${values.seed}-${documents}`);
  process.stderr.write(`generating a DMV ledger of ${documents} documents into ${outDir} ...\n`);
  const ledger = await generateDmvLedger({ seed: Number(values.seed), syntheticDocuments: documents, outDir, formats: ['ION_BINARY'] });
  const all: StreamItem[] = [...exportTailStreamItems(ledger, 0), ...await readStreamInput(ledger.stream.recordsPath)];
  const items = all.filter((i) => i.kind === 'record' && i.record.recordType === 'REVISION_DETAILS').slice(0, revisions);
  if (items.length < revisions) throw new Error(`the generated ledger has ${items.length} revisions, fewer than --revisions ${revisions}`);

  await withBenchPostgres(async (url) => {
    const ours = await dataApi(url, 'cdc_apply', latencyMs, items);
    const applier = new ChangeApplier(ours.client, dmvMapping(), { createMissingTables: false, verifyHashes });
    const callsBefore = ours.server.calls;
    const started = process.hrtime.bigint();
    let applied = 0;
    for (let i = 0; i < items.length; i += batchSize) {
      applied += (await applier.apply(items.slice(i, i + batchSize))).revisionsApplied;
      process.stderr.write(`\rapply: ${Math.min(items.length, i + batchSize)}/${items.length}`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const calls = ours.server.calls - callsBefore;
    process.stderr.write('\n');
    if (applied !== items.length) throw new Error(`the apply added ${applied} audit rows for ${items.length} distinct revisions`);

    const reference = await dataApi(url, 'cdc_reference', latencyMs, items);
    const referenceApplier = new ReferenceApplier(reference.client, dmvMapping());
    const referenceCallsBefore = reference.server.calls;
    const referenceStarted = process.hrtime.bigint();
    for (let i = 0; i < referenceRevisions; i++) {
      const item = items[i];
      if (item.kind === 'record' && item.record.recordType === 'REVISION_DETAILS') await referenceApplier.apply(item.record.revision);
      if (i % 50 === 0) process.stderr.write(`\rreference: ${i}/${referenceRevisions}`);
    }
    const referenceSeconds = Number(process.hrtime.bigint() - referenceStarted) / 1e9;
    const referenceCalls = reference.server.calls - referenceCallsBefore;
    process.stderr.write('\n');
    for (const side of [ours, reference]) {
      await side.client.close();
      await side.server.stop();
    }
    const revisionsPerSecond = items.length / seconds;
    const referenceRevisionsPerSecond = referenceRevisions / referenceSeconds;
    process.stdout.write(JSON.stringify({
      bench: 'cdc',
      revisions: items.length,
      batchSize,
      latencyMs,
      callsPerRevision: round(calls / items.length, 4),
      referenceCallsPerRevision: round(referenceCalls / referenceRevisions, 4),
      revisionsPerSecond: round(revisionsPerSecond, 1),
      referenceRevisionsPerSecond: round(referenceRevisionsPerSecond, 1),
      speedup: round(revisionsPerSecond / referenceRevisionsPerSecond, 1),
      referenceRevisions,
      verifyHashes,
      seconds: round(seconds),
      referenceSeconds: round(referenceSeconds),
    }) + '\n');
  });
}
