import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ledgerValueDifference, readWithIonJs } from './random-ion-values';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { blockFromStruct } from '../../../lambda-src/core/export/block-from-struct';
import { ExportReader } from '../../../lambda-src/core/export/export-reader';
import { IonBinaryFramer } from '../../../lambda-src/core/export/ion-binary-framer';
import { IonTextFramer } from '../../../lambda-src/core/export/ion-text-framer';
import { readIonBatch } from '../../../lambda-src/core/export/ion-values';
import { LedgerValue } from '../../../lambda-src/core/model/ledger-value';

let workDir: string;
let ledger: GeneratedLedger;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ion-fast-readers-'));
  ledger = await generateDmvLedger({ seed: 2, syntheticDocuments: 300, outDir: workDir, formats: ['ION_TEXT', 'ION_BINARY'] });
}, 120_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function dataObjects(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return dataObjects(path);
    }
    return /\.\d+-\d+\.ion$/.test(name) ? [path] : [];
  });
}

/** The object's values the way readIonValues reads them: framed into batches of about 16 KiB. */
function readFramed(bytes: Buffer, encoding: 'text' | 'binary', name: string): { values: LedgerValue[]; batches: number; fallbacks: string[] } {
  const framer = encoding === 'text' ? new IonTextFramer(name, 16 * 1024) : new IonBinaryFramer(name, 16 * 1024);
  const batches: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 10_000) {
    const batch = framer.push(bytes.subarray(offset, offset + 10_000));
    if (batch !== undefined) {
      batches.push(batch);
    }
  }
  const { batch: last, error } = framer.end();
  expect(error).toBeUndefined();
  if (last !== undefined) {
    batches.push(last);
  }
  const values: LedgerValue[] = [];
  const fallbacks: string[] = [];
  for (const batch of batches) {
    const read = readIonBatch(batch, encoding, name, values.length);
    expect(read.error).toBeUndefined();
    if (read.fallback !== undefined) {
      fallbacks.push(read.fallback);
    }
    values.push(...read.values);
  }
  return { values, batches: batches.length, fallbacks };
}

describe('the fast Ion parsers on the DMV generator\'s exports (seed 2, 300 documents)', () => {
  test.each([
    ['ION_TEXT', 'text'],
    ['ION_BINARY', 'binary'],
  ] as const)('%s: every data object gives the same values and revisions as ion-js, without falling back', (format, encoding) => {
    const exportSet = ledger.exportSets.find((set) => set.format === format)!;
    const objects = dataObjects(exportSet.bucketDir);
    expect(objects.length).toBeGreaterThan(0);
    let blocks = 0;
    let batches = 0;
    for (const path of objects) {
      const bytes = readFileSync(path);
      const expected = readWithIonJs(encoding === 'text' ? bytes.toString('utf8') : bytes);
      expect(expected.error).toBeUndefined();
      const actual = readFramed(bytes, encoding, path);
      expect(actual.fallbacks).toEqual([]);
      expect(ledgerValueDifference(actual.values, expected.values)).toBeUndefined();
      expect(actual.values.map((value) => blockFromStruct(value, path))).toEqual(expected.values.map((value) => blockFromStruct(value, path)));
      blocks += actual.values.length;
      batches += actual.batches;
    }
    expect(blocks).toBe(ledger.counts.exportBlocks);
    // several batches per object: the binary ones replay the local symbol table
    expect(batches).toBeGreaterThan(objects.length);
  });

  test('the ION_TEXT and ION_BINARY exports give the same revisions through the export reader', async () => {
    const revisionsOf = async (format: 'ION_TEXT' | 'ION_BINARY'): Promise<unknown[]> => {
      const exportSet = ledger.exportSets.find((set) => set.format === format)!;
      const reader = await ExportReader.open(join(exportSet.bucketDir, exportSet.prefix));
      const revisions: unknown[] = [];
      for await (const revision of reader.revisions()) {
        revisions.push(revision);
      }
      return revisions;
    };
    const text = await revisionsOf('ION_TEXT');
    expect(text.length).toBe(ledger.counts.exportRevisions);
    expect(await revisionsOf('ION_BINARY')).toEqual(text);
  });
});
