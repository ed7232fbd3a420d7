import { execFile } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { runCli } from './run-cli';
import { generateDmvLedger, GeneratedLedger } from '../../examples/dmv/generator/generate-dmv-ledger';
import { startS3TestServer, S3TestServer, uploadDirectory } from '../support/s3-test-server';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);

const mappingFile = join(__dirname, '..', '..', 'examples', 'dmv', 'mapping.json');

describe('qldb-migrate load', () => {
  let dir: string;
  let ledger: GeneratedLedger;
  let s3: S3TestServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qldb-load-cli-'));
    ledger = await generateDmvLedger({ seed: 9, syntheticDocuments: 60, outDir: join(dir, 'ledger'), formats: ['JSON'] });
    s3 = await startS3TestServer();
    await uploadDirectory(s3.client, 'exports', ledger.exportSets[0].bucketDir);
  });
  afterAll(async () => {
    process.env = saved;
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function loadInto(db: TestDatabase, exportLocation: string, ...extra: string[]) {
    const { code, stdout, stderr } = await runCli(['load', '--export', exportLocation, '--mapping', mappingFile, '--target', db.url, '--json', ...extra]);
    return { code, stderr, summary: code === 0 ? JSON.parse(stdout.trim().split('\n').pop()!) : undefined };
  }

  test('loads from a local copy and from s3:// (the SDK configured from the environment) into the same tables', async () => {
    const local = await createTestDatabase();
    const fromS3 = await createTestDatabase();
    try {
      const a = await loadInto(local, ledger.exportSets[0].bucketDir);
      expect(a.code).toBe(0);
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
      });
      const b = await loadInto(fromS3, `s3://exports/${ledger.exportSets[0].prefix}`);
      expect({ code: b.code, stderr: b.code === 0 ? '' : b.stderr }).toEqual({ code: 0, stderr: '' });
      const strip = (s: any) => s.tables.map((t: any) => [t.ledgerTable, t.revisions, t.liveRows, t.auditRows, t.rejects, t.droppedRevisionsSkipped]);
      expect(strip(b.summary)).toEqual(strip(a.summary));
      expect(a.summary.revisions).toBe(ledger.counts.exportRevisions);
      expect(a.summary.peakRssMb).toBeGreaterThan(0);
      expect(Object.keys(a.summary.phases)).toEqual(['readAndCopy', 'apply', 'swap']);
    } finally {
      await local.drop();
      await fromS3.drop();
    }
  });

  test('the bundled command line (bin/qldb-migrate) and its row workers read s3:// with the S3 client bundled beside them', async () => {
    const local = await createTestDatabase();
    const fromS3 = await createTestDatabase();
    try {
      const a = await loadInto(local, ledger.exportSets[0].bucketDir);
      const env = { ...process.env, AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
      const launcher = join(__dirname, '..', '..', 'bin', 'qldb-migrate');
      const { stdout } = await execFileAsync(process.execPath, [launcher, 'load', '--export', `s3://exports/${ledger.exportSets[0].prefix}`,
        '--mapping', mappingFile, '--target', fromS3.url, '--workers', '2', '--json'], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
      const b = JSON.parse(stdout.trim().split('\n').pop()!);
      const strip = (s: any) => s.tables.map((t: any) => [t.ledgerTable, t.revisions, t.liveRows, t.auditRows, t.rejects, t.droppedRevisionsSkipped]);
      expect(strip(b)).toEqual(strip(a.summary));
      expect(b.objects).toBe(a.summary.objects);
    } finally {
      await local.drop();
      await fromS3.drop();
    }
  });

  test('a wrong --mode is a usage error', async () => {
    const { code, stderr } = await runCli(['load', '--export', 'x', '--mode', 'upsert']);
    expect(code).toBe(2);
    expect(stderr).toContain('--mode must be replace or merge, got "upsert"');
  });

  test('an export directory without manifests fails naming it', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const { code, stderr } = await runCli(['load', '--export', empty, '--target', 'postgres://x@127.0.0.1:1/x']);
    expect(code).toBe(1);
    expect(stderr).toContain(empty);
  });
});
