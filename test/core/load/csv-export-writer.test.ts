import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { TABLE_COUNTS_COLUMNS, writeExportCsv } from '../../../lambda-src/core/load/csv-export-writer';
import { csvRow } from '../../../lambda-src/core/transform/csv-row';
import { runCli } from '../../cli/run-cli';
import { expectedRows, readGroundTruth } from '../../support/ground-truth-rows';

jest.setTimeout(120_000);

let workDir: string;
let ledger: GeneratedLedger;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-csv-test-'));
  ledger = await generateDmvLedger({ seed: 5, syntheticDocuments: 120, outDir: join(workDir, 'ledger'), formats: ['JSON', 'ION_BINARY'] });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function exportDir(format: string): string {
  return ledger.exportSets.find((s) => s.format === format)!.bucketDir;
}

/** The lines of every .csv file of a folder, sorted. */
function folderLines(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.csv'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').slice(0, -1).map((line) => line + '\n')).sort();
}

describe.each(['JSON', 'ION_BINARY'])('writeExportCsv from a %s export', (format) => {
  test('writes the ground truth\'s audit and live rows per table, without the dropped table, and the counts', async () => {
    const out = join(workDir, `out-${format}`);
    const summary = await writeExportCsv(await ExportReader.open(exportDir(format)), { mapping: dmvMapping(), outDir: out });
    const expected = expectedRows(readGroundTruth(ledger.groundTruthPath), dmvMapping(), ['export']);
    for (const [name, table] of expected) {
      expect(folderLines(join(out, 'dmv', table.layout.audit!.name))).toEqual(table.auditRows.map(csvRow).sort());
      expect(folderLines(join(out, 'dmv', name))).toEqual(table.liveRows.map(csvRow).sort());
    }
    const counts = readFileSync(join(out, 'table_counts', 'part-00000.csv'), 'utf8').split('\n');
    expect(counts[0]).toBe(csvRow([...TABLE_COUNTS_COLUMNS]).trimEnd());
    const permit = summary.tables.find((t) => t.ledgerTable === 'ParkingPermit')!;
    expect(permit.tableIds).toHaveLength(2);
    expect(permit.droppedRevisionsSkipped).toBeGreaterThan(0);
    expect(permit.auditRows).toBe(permit.revisions - permit.droppedRevisionsSkipped);
    expect(folderLines(join(out, 'dmv', 'parking_permit_audit_log'))).toHaveLength(permit.auditRows!);
    expect(summary.revisions).toBe(summary.tables.reduce((n, t) => n + t.revisions, 0));
    expect(counts).toContain(csvRow(['ParkingPermit', 'document', 'dmv.parking_permit', 'dmv.parking_permit_audit_log',
      permit.tableIds.join(' '), String(permit.revisions), String(permit.liveRows), String(permit.auditRows), '0',
      String(permit.droppedRevisionsSkipped), null]).trimEnd());
  });
});

test('--last-block stops at a block, and qldb-migrate transform prints its summary', async () => {
  const out = join(workDir, 'out-last-block');
  const result = await runCli(['transform', '--export', exportDir('JSON'), '--out', out, '--last-block', '20', '--json']);
  expect(result.code).toBe(0);
  const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
  expect(summary).toMatchObject({ command: 'transform', blocks: 21, lastBlock: 20, schema: 'qldb' });
  const sequences = readdirSync(join(out, 'qldb')).filter((t) => t.endsWith('_audit_log'))
    .flatMap((t) => folderLines(join(out, 'qldb', t))).map((line) => Number(/ql_blockseq"":(\d+)/.exec(line)![1]));
  expect(sequences.length).toBe(summary.revisions);
  expect(Math.max(...sequences)).toBeLessThanOrEqual(20);
});

test('refuses a non-empty output directory and bad options', async () => {
  const out = join(workDir, 'not-empty');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'keep.txt'), 'x');
  await expect(writeExportCsv(await ExportReader.open(exportDir('JSON')), { mapping: dmvMapping(), outDir: out }))
    .rejects.toThrow(`output directory ${out} is not empty`);
  expect((await runCli(['transform', '--export', exportDir('JSON')])).code).toBe(2);
  const bad = await runCli(['transform', '--export', exportDir('JSON'), '--out', join(workDir, 'x'), '--last-block', 'ten']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--last-block must be a block sequence number, got "ten"');
});
