import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ExportBlock } from '../../../lambda-src/core/export/export-block';
import { ExportFormat } from '../../../lambda-src/core/export/export-format';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { LocalDirectoryStore } from '../../../lambda-src/core/export/local-directory-store';
import { LedgerDecimal, LedgerStruct, LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';
import { LedgerRevision, operationOf } from '../../../lambda-src/core/model/revision';
import { fixtureBlock, fixtureHash, FixtureRevision, writeFixtureExport } from '../../support/export-fixture-writer';

const STRAND = 'JUJgrQeIeI64ZgvXIuqlZ1';
const EXPORT_A = 'ADR2ONPKN5LINYGb4dp7yZ';
const EXPORT_B = '0aXyBQ8fmpLqzYrmNpWd1C';
const PERSON = { tableName: 'Person', tableId: '17CRCBBPOEe4aSgHpQ8fSm' };
const VEHICLE = { tableName: 'Vehicle', tableId: 'GkLqG1g6zW9AiYHbQUyAbn' };
const FORMATS: ExportFormat[] = ['ION_TEXT', 'ION_BINARY', 'JSON'];

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'export-reader-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Revisions whose values survive every format (no timestamps or blobs inside the documents). */
const REVISIONS: Record<number, FixtureRevision[]> = {
  1: [
    {
      ...PERSON,
      documentId: 'LSkFrekxpQeDFzPFUNidAt',
      version: 0,
      data: {
        FirstName: 'Raul',
        LastName: 'Lewis "the" \\ driver é 中 😀',
        Amount: new LedgerDecimal('90.25'),
        Scaled: new LedgerDecimal('-0.00'),
        Big: 123456789012345678901234567890n,
        Safe: 9007199254740991,
        Owners: { PrimaryOwner: { PersonId: 'abc' }, SecondaryOwners: [{ PersonId: 'x' }, { PersonId: 'y' }] },
        Flag: true,
        Nothing: null,
      },
    },
    { ...VEHICLE, documentId: 'BFJKdXgzt9oF4FEwB6B5Xy', version: 0, data: { VIN: '1N4AL11D75C109151', Year: 2011 } },
  ],
  2: [{ ...PERSON, documentId: 'LSkFrekxpQeDFzPFUNidAt', version: 1, data: { FirstName: 'Melvin' } }],
  4: [{ ...PERSON, documentId: 'LSkFrekxpQeDFzPFUNidAt', version: 2, dataHash: fixtureHash('redacted data') }],
  5: [{ ...VEHICLE, documentId: 'BFJKdXgzt9oF4FEwB6B5Xy', version: 1 }],
};

/** Blocks 0..last: block 0 holds only system entries, block 3 is a read-only transaction. */
function blocks(first: number, last: number, statements: Record<number, string[]> = {}): LedgerStruct[] {
  const result: LedgerStruct[] = [];
  for (let sequenceNo = first; sequenceNo <= last; sequenceNo++) {
    result.push(
      fixtureBlock({
        strandId: STRAND,
        sequenceNo,
        revisions: REVISIONS[sequenceNo],
        systemEntries: sequenceNo === 0 ? 2 : sequenceNo === 1 ? 1 : 0,
        statements: statements[sequenceNo] ?? (REVISIONS[sequenceNo] ? ['INSERT INTO Person ?'] : ['SELECT * FROM Person']),
      }),
    );
  }
  return result;
}

async function readAll(reader: ExportReader): Promise<ExportBlock[]> {
  const result: ExportBlock[] = [];
  for await (const block of reader.blocks()) {
    result.push(block);
  }
  return result;
}

async function revisionsOf(location: Parameters<typeof ExportReader.open>[0]): Promise<LedgerRevision[]> {
  const reader = await ExportReader.open(location);
  const result: LedgerRevision[] = [];
  for await (const revision of reader.revisions()) {
    result.push(revision);
  }
  return result;
}

/** One export of blocks 0-5 in two data objects. */
function writeSample(format: ExportFormat, dir = tempDir()): string {
  const all = blocks(0, 5);
  writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format, objects: [all.slice(0, 3), all.slice(3)] });
  return dir;
}

describe('ExportReader', () => {
  test.each(FORMATS)('reads the revisions of a %s export, joined to their tables, with exact values', async (format) => {
    const revisions = await revisionsOf(writeSample(format));
    const expected = Object.entries(REVISIONS).flatMap(([sequenceNo, items]) =>
      items.map((item) => ({ ...item, sequenceNo: Number(sequenceNo) })),
    );
    expect(revisions.map((r) => [r.blockAddress.sequenceNo, r.tableId, r.tableName, r.documentId, r.version, operationOf(r)])).toEqual(
      expected.map((e) => [e.sequenceNo, e.tableId, e.tableName, e.documentId, e.version, e.data ? (e.version === 0 ? 'I' : 'U') : e.dataHash ? 'U' : 'D']),
    );
    expected.forEach((item, i) => {
      expect(revisions[i].data).toEqual(item.data);
      expect(revisions[i].dataHash).toEqual(item.dataHash);
      expect(revisions[i].hash).toEqual(fixtureHash(`revision ${item.documentId} ${item.version}`));
      expect(revisions[i].txTime).toEqual(new LedgerTimestamp(`2024-01-01T00:00:0${item.sequenceNo}.123Z`));
      expect(revisions[i].blockAddress).toEqual({ strandId: STRAND, sequenceNo: item.sequenceNo });
    });
    expect((revisions[0].data as LedgerStruct).Big).toBe(123456789012345678901234567890n);
  });

  test.each(FORMATS)('yields every block of a %s export with its metadata, system entries counted', async (format) => {
    const reader = await ExportReader.open(writeSample(format));
    const read = await readAll(reader);
    expect(read.map((block) => block.blockAddress.sequenceNo)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(read.map((block) => block.revisionHashes.length)).toEqual([2, 3, 1, 0, 1, 1]);
    expect(read.map((block) => block.revisions.length)).toEqual([0, 2, 1, 0, 1, 1]);
    const block1 = read[1];
    expect(block1.objectKey).toBe(`exports/${EXPORT_A}/2024/01/01/${STRAND}.0-2.ion`.replace('.ion', format === 'JSON' ? '.json' : '.ion'));
    expect(block1.blockHash).toEqual(fixtureHash('block 1'));
    expect(block1.previousBlockHash).toEqual(fixtureHash('block 0'));
    expect(block1.entriesHash).toEqual(fixtureHash('entries 1'));
    expect(block1.entriesHashList).toEqual([fixtureHash('entries 1 0'), fixtureHash('entries 1 1')]);
    expect(block1.blockTimestamp).toEqual(new LedgerTimestamp('2024-01-01T00:00:01.123Z'));
    expect(block1.transactionInfo.statements).toEqual([
      { statement: 'INSERT INTO Person ?', startTime: new LedgerTimestamp('2024-01-01T00:00:01.123Z'), statementDigest: fixtureHash('statement 1 0') },
    ]);
    expect([...block1.transactionInfo.documents]).toEqual([
      ['LSkFrekxpQeDFzPFUNidAt', { ...PERSON, statements: [0] }],
      ['BFJKdXgzt9oF4FEwB6B5Xy', { ...VEHICLE, statements: [0] }],
    ]);
    expect(reader.progress()).toEqual({ objectsRead: 2, blocksRead: 6, revisionsRead: 5, systemEntriesSkipped: 3 });
    expect(reader.plan).toMatchObject({ strandId: STRAND, ledgerName: 'vehicle-registration', firstSequenceNo: 0, lastSequenceNo: 5 });
  });

  test('keeps Ion types in Ion exports and gets their JSON down-conversion from JSON exports', async () => {
    const data = { When: new LedgerTimestamp('1963-08-19T'), Photo: new Uint8Array([1, 2, 3]) };
    const read: Record<string, LedgerRevision> = {};
    for (const format of FORMATS) {
      const dir = tempDir();
      const block = fixtureBlock({ strandId: STRAND, sequenceNo: 0, revisions: [{ ...PERSON, documentId: 'D1', version: 0, data }] });
      writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format, objects: [[block]] });
      read[format] = (await revisionsOf(dir))[0];
    }
    expect(read.ION_TEXT.data).toEqual(data);
    expect(read.ION_BINARY.data).toEqual(data);
    expect(read.JSON.data).toEqual({ When: '1963-08-19T', Photo: 'AQID' });
  });

  test.each(FORMATS)('gives the same result when a %s object arrives in chunks of a few bytes', async (format) => {
    const dir = writeSample(format);
    const whole = await revisionsOf(dir);
    const chunked = await revisionsOf({ store: new LocalDirectoryStore(dir, 5), prefix: '' });
    expect(chunked).toEqual(whole);
  });

  test('reads a directory that is a copy of the export prefix (manifest keys include the prefix)', async () => {
    const dir = writeSample('JSON');
    const fromRoot = await revisionsOf(dir);
    const fromPrefixCopy = await revisionsOf(join(dir, 'exports'));
    expect(fromPrefixCopy).toEqual(fromRoot);
    expect(fromPrefixCopy).toHaveLength(5);
  });

  test('reads several contiguous exports in block order, whatever their ids', async () => {
    const dir = tempDir();
    const all = blocks(0, 5);
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'ION_TEXT', objects: [all.slice(0, 2)] });
    writeFixtureExport(dir, { exportId: EXPORT_B, strandId: STRAND, format: 'ION_TEXT', objects: [all.slice(2, 4), all.slice(4)] });
    const reader = await ExportReader.open(dir);
    expect(reader.plan.exports.map((e) => e.exportId)).toEqual([EXPORT_A, EXPORT_B]);
    expect((await readAll(reader)).map((block) => block.blockAddress.sequenceNo)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('reads the objects of an export in block order even when the manifest lists them otherwise', async () => {
    const dir = tempDir();
    const all = blocks(0, 5);
    const written = writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [all.slice(0, 2), all.slice(2, 4), all.slice(4)] });
    writeFileSync(join(dir, written.completedManifestKey), JSON.stringify({ keys: [...written.dataKeys].reverse() }));
    const reader = await ExportReader.open(dir);
    expect(reader.plan.objects.map((object) => object.key)).toEqual(written.dataKeys);
    expect((await readAll(reader)).map((block) => block.blockAddress.sequenceNo)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('reports exports of different ledgers', async () => {
    const dir = tempDir();
    const all = blocks(0, 3);
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [all.slice(0, 2)] });
    writeFixtureExport(dir, { exportId: EXPORT_B, strandId: STRAND, format: 'JSON', ledgerName: 'other-ledger', objects: [all.slice(2)] });
    await expect(ExportReader.open(dir)).rejects.toThrow(
      `the exports are from several ledgers: exports/${EXPORT_A}.started.manifest (vehicle-registration), exports/${EXPORT_B}.started.manifest (other-ledger)`,
    );
  });

  test('reports a gap between exports, naming both objects', async () => {
    const dir = tempDir();
    const all = blocks(0, 5);
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [all.slice(0, 2)] });
    writeFixtureExport(dir, { exportId: EXPORT_B, strandId: STRAND, format: 'JSON', objects: [all.slice(3)] });
    await expect(ExportReader.open(dir)).rejects.toThrow(
      `exports ${EXPORT_A} and ${EXPORT_B} are not contiguous: exports/${EXPORT_A}/2024/01/01/${STRAND}.0-1.json (blocks 0-1) ` +
        `is followed by exports/${EXPORT_B}/2024/01/01/${STRAND}.3-5.json (blocks 3-5), a gap: blocks 2-2 are in no export`,
    );
  });

  test('reports overlapping exports', async () => {
    const dir = tempDir();
    const all = blocks(0, 5);
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [all.slice(0, 4)] });
    writeFixtureExport(dir, { exportId: EXPORT_B, strandId: STRAND, format: 'JSON', objects: [all.slice(2)] });
    await expect(ExportReader.open(dir)).rejects.toThrow('an overlap: blocks 2-3 are in both');
  });

  test('reports exports of different strands', async () => {
    const dir = tempDir();
    const other = 'Zz9OtherStrandZz9Other';
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [blocks(0, 1)] });
    const otherBlocks = [fixtureBlock({ strandId: other, sequenceNo: 2 })];
    writeFixtureExport(dir, { exportId: EXPORT_B, strandId: other, format: 'JSON', objects: [otherBlocks] });
    await expect(ExportReader.open(dir)).rejects.toThrow(`(strand ${other})`);
  });

  test('reports a data object named in a manifest that is missing', async () => {
    const dir = writeSample('ION_BINARY');
    rmSync(join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.3-5.ion`));
    await expect(ExportReader.open(dir)).rejects.toThrow(
      `1 data object(s) named in the completed manifests are missing: exports/${EXPORT_A}/2024/01/01/${STRAND}.3-5.ion`,
    );
  });

  test('reports a data object that disappears after the plan, naming it, once the objects before it are read', async () => {
    const dir = writeSample('ION_TEXT');
    const reader = await ExportReader.open(dir);
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.3-5.ion`);
    rmSync(path);
    const seen: number[] = [];
    const read = async () => {
      for await (const block of reader.blocks()) {
        seen.push(block.blockAddress.sequenceNo);
      }
    };
    await expect(read()).rejects.toThrow(`${path} does not exist (object exports/${EXPORT_A}/2024/01/01/${STRAND}.3-5.ion) (before its first block)`);
    expect(seen).toEqual([0, 1, 2]);
  });

  test('reports an export that started but did not complete', async () => {
    const dir = writeSample('JSON');
    const blocksB = blocks(6, 6);
    const written = writeFixtureExport(dir, { exportId: EXPORT_B, strandId: STRAND, format: 'JSON', objects: [blocksB] });
    rmSync(join(dir, written.completedManifestKey));
    await expect(ExportReader.open(dir)).rejects.toThrow(`export ${EXPORT_B} (exports/${EXPORT_B}.started.manifest) has a started manifest but no completed manifest`);
  });

  test('reports a source without any completed manifest', async () => {
    await expect(ExportReader.open(tempDir())).rejects.toThrow('no completed export manifest (*.completed.manifest) under');
  });

  test('reports an unknown format named by the started manifest', async () => {
    const dir = writeSample('JSON');
    const manifest = join(dir, 'exports', `${EXPORT_A}.started.manifest`);
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"JSON"', '"PARQUET"'));
    await expect(ExportReader.open(dir)).rejects.toThrow(`exports/${EXPORT_A}.started.manifest: unknown export format "PARQUET"`);
  });

  test('reports an object whose content is of no known format', async () => {
    const dir = tempDir();
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', declareFormat: false, objects: [blocks(0, 1)] });
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-1.json`);
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    await expect(revisionsOf(dir)).rejects.toThrow(`${path}: unknown format: the object starts with bytes 1f 8b 08 00 00`);
  });

  test('detects the format from the content when the started manifest does not name it', async () => {
    for (const format of FORMATS) {
      const dir = tempDir();
      writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format, declareFormat: false, objects: [blocks(0, 2)] });
      expect((await revisionsOf(dir)).map((r) => r.documentId)).toEqual(['LSkFrekxpQeDFzPFUNidAt', 'BFJKdXgzt9oF4FEwB6B5Xy', 'LSkFrekxpQeDFzPFUNidAt']);
    }
  });

  test('reports an object whose content contradicts the declared format', async () => {
    const dir = writeSample('ION_BINARY');
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-2.ion`);
    writeFileSync(path, '{a:1}');
    await expect(revisionsOf(dir)).rejects.toThrow(`${path}: the export's format is ION_BINARY, but the object's content is text`);
  });

  test('reports a JSON object cut inside a line, naming the file and line', async () => {
    const dir = writeSample('JSON');
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-2.json`);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, text.length - 40));
    await expect(revisionsOf(dir)).rejects.toThrow(new RegExp(`${escape(path)} line 3 column \\d+: invalid JSON: .*truncated.*\\(after block 1\\)`));
  });

  test.each(FORMATS)('reports a %s object cut between blocks, with the blocks its key promises', async (format) => {
    const dir = tempDir();
    const all = blocks(0, 5);
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format, objects: [all.slice(0, 3), all.slice(3)] });
    const extension = format === 'JSON' ? 'json' : 'ion';
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-2.${extension}`);
    const shorter = tempDir();
    writeFixtureExport(shorter, { exportId: EXPORT_A, strandId: STRAND, format, objects: [all.slice(0, 2)] });
    writeFileSync(path, readFileSync(join(shorter, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-1.${extension}`)));
    await expect(revisionsOf(dir)).rejects.toThrow(`${path}: the object holds blocks up to 1, but its key names blocks 0-2 (the object is truncated)`);
  });

  test('reports an object holding more blocks than its key names', async () => {
    const dir = writeSample('ION_BINARY');
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-2.ion`);
    const longer = tempDir();
    writeFixtureExport(longer, { exportId: EXPORT_A, strandId: STRAND, format: 'ION_BINARY', objects: [blocks(0, 3)] });
    writeFileSync(path, readFileSync(join(longer, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-3.ion`)));
    await expect(revisionsOf(dir)).rejects.toThrow(`${path}: holds block 3, beyond the blocks 0-2 its key names (after block 2)`);
  });

  test.each(['ION_TEXT', 'ION_BINARY'] as const)('reports a %s object cut inside a value', async (format) => {
    const dir = writeSample(format);
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.3-5.ion`);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 25));
    await expect(revisionsOf(dir)).rejects.toThrow(new RegExp(`${escape(path)}: the Ion (text|binary) ends inside .*truncated.*\\(after block 4\\)`));
  });

  test('reports a corrupt JSON line inside an object with the file, the line and the last good block', async () => {
    const dir = writeSample('JSON');
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.3-5.json`);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1].replace('"transactionId":', '"transactionId"');
    writeFileSync(path, lines.join('\n'));
    await expect(revisionsOf(dir)).rejects.toThrow(new RegExp(`${escape(path)} line 2 column \\d+: invalid JSON: .*':' was expected .*\\(after block 3\\)`));
  });

  test('reports a corrupt Ion value with the object and the last good block', async () => {
    const dir = writeSample('ION_TEXT');
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.3-5.ion`);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    lines[1] = lines[1].replace('transactionId:', 'transactionId:: :');
    writeFileSync(path, lines.join('\n'));
    await expect(revisionsOf(dir)).rejects.toThrow(new RegExp(`${escape(path)}: corrupt Ion text in top-level value 2: .*\\(after block 3\\)`));
  });

  test('reports a block out of sequence inside an object', async () => {
    const dir = tempDir();
    const all = blocks(0, 5);
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [[all[0], all[2], all[1]]] });
    const path = join(dir, 'exports', EXPORT_A, '2024', '01', '01', `${STRAND}.0-1.json`);
    await expect(revisionsOf(dir)).rejects.toThrow(`${path}: found block ${STRAND}/2 where block ${STRAND}/1 was expected (the key names blocks 0-1)`);
  });

  test('reports a revision whose document is not in transactionInfo.documents', async () => {
    const dir = tempDir();
    const block = fixtureBlock({ strandId: STRAND, sequenceNo: 0, revisions: REVISIONS[1] });
    delete ((block.transactionInfo as LedgerStruct).documents as LedgerStruct).BFJKdXgzt9oF4FEwB6B5Xy;
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'ION_TEXT', objects: [[block]] });
    await expect(revisionsOf(dir)).rejects.toThrow(
      `exports/${EXPORT_A}/2024/01/01/${STRAND}.0-0.ion, block 0: revisions[1]: document BFJKdXgzt9oF4FEwB6B5Xy version 0: ` +
        'the document is not in transactionInfo.documents',
    );
  });

  test('follows DROP TABLE and UNDROP TABLE to each table state, keyed by tableId', async () => {
    const dir = tempDir();
    const newPerson = { tableName: 'Person', tableId: 'NewPersonTableId000001' };
    const statements = {
      3: ['DROP TABLE Vehicle'],
      6: ['UNDROP TABLE "GkLqG1g6zW9AiYHbQUyAbn"'],
      7: ['drop table "Person"', 'DROP TABLE NeverSeen'],
    };
    const all = blocks(0, 7, statements);
    all.push(
      fixtureBlock({
        strandId: STRAND,
        sequenceNo: 8,
        statements: ['CREATE TABLE Person', 'INSERT INTO Person ?'],
        revisions: [{ ...newPerson, documentId: 'NewDoc', version: 0, data: { FirstName: 'New' } }],
      }),
    );
    writeFixtureExport(dir, { exportId: EXPORT_A, strandId: STRAND, format: 'JSON', objects: [all.slice(0, 5), all.slice(5)] });
    const reader = await ExportReader.open(dir);
    await readAll(reader);
    expect(reader.tables()).toEqual(
      new Map([
        [PERSON.tableId, { tableId: PERSON.tableId, tableName: 'Person', dropped: true, droppedAtBlock: 7 }],
        [VEHICLE.tableId, { tableId: VEHICLE.tableId, tableName: 'Vehicle', dropped: false, undroppedAtBlock: 6 }],
        [newPerson.tableId, { tableId: newPerson.tableId, tableName: 'Person', dropped: false }],
      ]),
    );
    expect(reader.unresolvedTableStatements()).toEqual([
      {
        statement: 'DROP TABLE NeverSeen',
        objectKey: `exports/${EXPORT_A}/2024/01/01/${STRAND}.5-8.json`,
        blockSequenceNo: 7,
        reason: 'no active table named NeverSeen was seen before this block',
      },
    ]);
  });

  test('refuses a second iteration of the same reader', async () => {
    const reader = await ExportReader.open(writeSample('JSON'));
    await readAll(reader);
    await expect(readAll(reader)).rejects.toThrow('is already being read: open a new reader');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
