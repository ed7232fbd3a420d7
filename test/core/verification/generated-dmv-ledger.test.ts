import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { makeReader } from 'ion-js';
import { GeneratedLedger, generateDmvLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { readStreamInput } from '../../../lambda-src/core/stream/stream-files';
import { ExportVerifier } from '../../../lambda-src/core/verification/export-verifier';
import { checkProof } from '../../../lambda-src/core/verification/proof-check';
import { verifyStreamItems } from '../../../lambda-src/core/verification/stream-verifier';
import { summarizeReport, VerificationRecorder } from '../../../lambda-src/core/verification/verification-recorder';

// The DMV sample generator computes its hashes with its own code path (Ion hashes straight from values);
// verifying its output checks the verifier against an independent writer, on deletions, redactions,
// dropped tables, several data objects and two contiguous exports.
let workDir: string;
let ledger: GeneratedLedger;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'verify-dmv-'));
  ledger = await generateDmvLedger({ seed: 11, syntheticDocuments: 120, exportCount: 2, cohortSize: 40, maxObjectBytes: 40_000, outDir: workDir });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function verifyExportSet(format: string) {
  const set = ledger.exportSets.find((s) => s.format === format)!;
  const verifier = new ExportVerifier({ keepPassed: false });
  const exports = [...set.exports].sort((a, b) => a.firstBlockSeq - b.firstBlockSeq);
  let objects = 0;
  for (const written of exports) {
    for (const key of written.dataKeys) {
      const bytes = readFileSync(join(set.bucketDir, key));
      verifier.verifyDataObject(makeReader(format === 'ION_BINARY' ? new Uint8Array(bytes) : bytes.toString('utf8')), key);
      objects++;
    }
  }
  return { report: verifier.report(), objects, blocks: exports[exports.length - 1].lastBlockSeq - exports[0].firstBlockSeq + 1 };
}

describe('verifying the generated DMV ledger', () => {
  test.each(['ION_TEXT', 'ION_BINARY'])('the %s exports verify completely, across objects and both exports', (format) => {
    const { report, objects, blocks } = verifyExportSet(format);
    expect(summarizeReport(report)).not.toContain('FIRST FAILURE');
    expect(report.verified).toBe(true);
    expect(objects).toBeGreaterThan(2);
    expect(report.counts['block-hash']).toEqual({ passed: blocks });
    expect(report.counts.chain).toEqual({ passed: blocks - 1 });
    expect(report.counts['revision-hash']!.passed).toBeGreaterThan(ledger.counts.exportRevisions / 2);
    expect(report.counts['revision-hash']!.failed).toBeUndefined();
  });

  test('the JSON export gets chain-level checks only', () => {
    const { report, blocks } = verifyExportSet('JSON');
    expect(report.verified).toBe(true);
    expect(report.counts['block-hash']).toEqual({ passed: blocks });
    expect(report.counts['entries-root']).toEqual({ passed: blocks });
    expect(report.counts.chain).toEqual({ passed: blocks - 1 });
    expect(report.counts['transaction-info-hash']).toEqual({ 'not-run': blocks });
  });

  test('the recorded Kinesis events verify completely', async () => {
    const items = (await Promise.all(ledger.stream.kinesisEventPaths.map((path) => readStreamInput(path)))).flat();
    expect(items.filter((item) => item.kind === 'reject')).toEqual([]);
    const report = verifyStreamItems(items, { keepPassed: false });
    expect(summarizeReport(report)).not.toContain('FIRST FAILURE');
    const blocks = ledger.stream.lastBlockSeq - ledger.stream.firstBlockSeq + 1;
    expect(report.counts['block-hash']).toEqual({ passed: blocks });
    expect(report.counts.chain).toEqual({ passed: blocks - 1 });
    expect(report.counts['revision-membership']).toEqual({ passed: ledger.counts.streamRevisions });
  });

  test.each(['digestProofPath', 'streamDigestProofPath'] as const)('the saved %s folds to its digest', (file) => {
    const saved = JSON.parse(readFileSync(ledger[file], 'utf8'));
    const recorder = new VerificationRecorder();
    const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
    const ok = checkProof(
      { start: fromBase64(saved.hash), proof: saved.proof.map(fromBase64), digest: fromBase64(saved.digest), location: { blockSequenceNo: saved.blockAddress.sequenceNo }, subject: `block ${saved.blockAddress.sequenceNo}` },
      recorder,
    );
    expect(ok).toBe(true);
  });
});
