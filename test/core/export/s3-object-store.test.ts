import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { parseExportSource } from '../../../lambda-src/core/export/export-source';
import { S3ObjectStore } from '../../../lambda-src/core/export/s3-object-store';
import { LedgerDecimal } from '../../../lambda-src/core/model/ledger-value';
import { LedgerRevision } from '../../../lambda-src/core/model/revision';
import { fixtureBlock, writeFixtureExport } from '../../support/export-fixture-writer';
import { S3TestServer, startS3TestServer, uploadDirectory } from '../../support/s3-test-server';

const STRAND = 'JUJgrQeIeI64ZgvXIuqlZ1';
const EXPORT_ID = 'ADR2ONPKN5LINYGb4dp7yZ';
const PERSON = { tableName: 'Person', tableId: '17CRCBBPOEe4aSgHpQ8fSm' };

let server: S3TestServer;
let localDir: string;
let uploadedKeys: string[];

beforeAll(async () => {
  server = await startS3TestServer();
  localDir = mkdtempSync(join(tmpdir(), 's3-export-'));
  const blocks = [0, 1, 2, 3, 4].map((sequenceNo) =>
    fixtureBlock({
      strandId: STRAND,
      sequenceNo,
      revisions: [{ ...PERSON, documentId: `Doc${sequenceNo}`, version: 0, data: { Amount: new LedgerDecimal(`${sequenceNo}.50`), N: 2n ** 70n } }],
    }),
  );
  writeFixtureExport(localDir, { exportId: EXPORT_ID, strandId: STRAND, format: 'ION_BINARY', objects: [blocks.slice(0, 2), blocks.slice(2)] });
  uploadedKeys = await uploadDirectory(server.client, 'ledger-exports', localDir);
});

afterAll(async () => {
  await server?.stop();
  if (localDir) {
    rmSync(localDir, { recursive: true, force: true });
  }
});

async function revisionsOf(reader: ExportReader): Promise<LedgerRevision[]> {
  const result: LedgerRevision[] = [];
  for await (const revision of reader.revisions()) {
    result.push(revision);
  }
  return result;
}

describe('reading an export from S3', () => {
  test('reads the same revisions from s3://bucket/prefix as from a local copy', async () => {
    const fromS3 = await revisionsOf(await ExportReader.open('s3://ledger-exports/exports/', { s3Client: server.client }));
    const fromLocal = await revisionsOf(await ExportReader.open(localDir));
    expect(fromS3).toHaveLength(5);
    expect(fromS3).toEqual(fromLocal);
    expect(fromS3.map((r) => r.data)).toEqual([0, 1, 2, 3, 4].map((n) => ({ Amount: new LedgerDecimal(`${n}.50`), N: 2n ** 70n })));
  });

  test('finds data objects outside a prefix that holds only the manifests', async () => {
    const narrow = await revisionsOf(await ExportReader.open(`s3://ledger-exports/exports/${EXPORT_ID}.`, { s3Client: server.client }));
    expect(narrow.map((revision) => revision.documentId)).toEqual(['Doc0', 'Doc1', 'Doc2', 'Doc3', 'Doc4']);
  });

  test('lists every page of a prefix', async () => {
    const store = new S3ObjectStore(server.client, 'ledger-exports', 2);
    const listed: string[] = [];
    for await (const object of store.list('exports/')) {
      listed.push(object.key);
    }
    expect(listed.sort()).toEqual([...uploadedKeys].sort());
    expect(listed).toHaveLength(4);
  });

  test('parses s3://bucket/prefix into an S3 store and a prefix', () => {
    const source = parseExportSource('s3://ledger-exports/exports/2024/', { s3Client: server.client });
    expect(source.prefix).toBe('exports/2024/');
    expect(source.store.describe('a/b.ion')).toBe('s3://ledger-exports/a/b.ion');
    expect(parseExportSource('s3://ledger-exports', { s3Client: server.client }).prefix).toBe('');
  });

  test('an object that does not exist fails its stream with its location', async () => {
    const store = new S3ObjectStore(server.client, 'ledger-exports');
    const read = async () => {
      for await (const chunk of store.open('exports/nothing-here.ion')) {
        expect(chunk).toBeUndefined();
      }
    };
    await expect(read()).rejects.toThrow('s3://ledger-exports/exports/nothing-here.ion does not exist');
  });

  test('reports a data object that the manifest names and the bucket lacks', async () => {
    const missing = uploadedKeys.find((key) => key.endsWith('.2-4.ion'))!;
    await server.client.send(new DeleteObjectCommand({ Bucket: 'ledger-exports', Key: missing }));
    await expect(ExportReader.open('s3://ledger-exports/exports/', { s3Client: server.client })).rejects.toThrow(
      `1 data object(s) named in the completed manifests are missing: ${missing} (looked for s3://ledger-exports/${missing})`,
    );
  });
});
