import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dom, load, makeBinaryWriter, makeReader, makeTextWriter } from 'ion-js';
import { runCli } from './run-cli';
import { generateDmvLedger, GeneratedLedger } from '../../examples/dmv/generator/generate-dmv-ledger';
import { flipByte, IonPath, Replacement, rewriteIon, withIon } from '../core/verification/ion-rewrite';
import { realUserRecords } from '../fixtures/stream/real-block-545';
import { REAL_EVENT_PATH } from '../fixtures/stream/real-event';

jest.setTimeout(120_000);

const DOCUMENT_ID = 'LSkFrekxpQeDFzPFUNidAt';
let workDir: string;
let ledger: GeneratedLedger;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qldb-verify-cli-'));
  ledger = await generateDmvLedger({
    seed: 5, syntheticDocuments: 80, outDir: join(workDir, 'ledger'), exportCount: 2, cohortSize: 30, maxObjectBytes: 30_000,
  });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function verify(...args: string[]) {
  const { code, stdout, stderr } = await runCli(['verify', ...args, '--json']);
  const lines = stdout.trim().split('\n');
  return { code, stderr, summary: JSON.parse(lines[lines.length - 1]) };
}

function exportSet(format: string) {
  return ledger.exportSets.find((s) => s.format === format)!;
}

// ---- helpers that rewrite a copy of an export, data object by data object ----

/** Each top-level value of an Ion data object, as Ion binary on its own. */
function objectValues(path: string, binary: boolean): Uint8Array[] {
  const bytes = readFileSync(path);
  const reader = makeReader(binary ? new Uint8Array(bytes) : bytes.toString('utf8'));
  const values: Uint8Array[] = [];
  while (reader.next() !== null) {
    const writer = makeBinaryWriter();
    writer.writeValue(reader);
    writer.close();
    values.push(writer.getBytes());
  }
  return values;
}

function writeObject(path: string, values: Uint8Array[], binary: boolean): void {
  if (binary) {
    writeFileSync(path, Buffer.concat(values.map((v) => Buffer.from(v))));
    return;
  }
  const texts = values.map((value) => {
    const writer = makeTextWriter();
    writer.writeValues(makeReader(value));
    writer.close();
    return Buffer.from(writer.getBytes()).toString('utf8');
  });
  writeFileSync(path, texts.join('\n') + '\n');
}

interface CopiedObject {
  readonly dir: string;
  readonly key: string;
  readonly path: string;
  readonly values: Uint8Array[];
}

/** A copy of the format's bucket, and its data object with the most blocks, read into values. */
function copyExport(format: 'ION_TEXT' | 'ION_BINARY', name: string): CopiedObject {
  const set = exportSet(format);
  const dir = join(workDir, `${name}-${format}`);
  cpSync(set.bucketDir, dir, { recursive: true });
  const keys = set.exports.flatMap((e) => e.dataKeys);
  const key = keys[1];
  const path = join(dir, key);
  return { dir, key, path, values: objectValues(path, format === 'ION_BINARY') };
}

const sequenceOf = (value: Uint8Array) => Number((load(value) as dom.Struct).get('blockAddress', 'sequenceNo')!.numberValue());

/** Index of the first block whose revisions hold at least `count` user revisions with data. */
function blockWithRevisions(values: Uint8Array[], count: number): number {
  return values.findIndex((value) => {
    const revisions = (load(value) as dom.Struct).get('revisions') as dom.List | null;
    return revisions !== null && [...revisions].filter((r) => r.get('data') !== null).length >= count;
  });
}

describe('qldb-migrate verify on the real stream event', () => {
  test('verifies completely: block 545 and its revision', async () => {
    const { code, summary } = await verify('--events', REAL_EVENT_PATH);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ verified: true, blocksVerified: 1, revisionsVerified: 1, proofsVerified: 0, checksFailed: 0 });
    expect(summary.events.counts['revision-membership']).toEqual({ passed: 1 });
  });

  const { blockSummary, revisionDetails } = realUserRecords();
  const cases: Array<[string, 'summary' | 'details', IonPath, Replacement, string]> = [
    ['data', 'details', ['payload', 'revision', 'data', 'Postcode'], withIon('"AB123DF"'), 'revision-hash'],
    ['metadata', 'details', ['payload', 'revision', 'metadata', 'txId'], withIon('"Fi1fP6wWVSr9VLxyhXlkA7"'), 'revision-hash'],
    ['revision hash', 'details', ['payload', 'revision', 'hash'], flipByte(3), 'revision-hash'],
    ['statements', 'summary', ['payload', 'transactionInfo', 'statements', 0, 'statement'], withIon('"DELETE FROM BicycleLicence"'), 'transaction-info-hash'],
    ['entriesHash', 'summary', ['payload', 'entriesHash'], flipByte(0), 'entries-root'],
    ['blockHash', 'summary', ['payload', 'blockHash'], flipByte(31), 'block-hash'],
  ];
  test.each(cases)('a changed %s in the Ion stream records fails at the right item', async (_what, record, path, replace, check) => {
    const file = join(workDir, `real-${check}-${path.join('.')}.ion`);
    const summaryBytes = record === 'summary' ? rewriteIon(blockSummary, path, replace) : blockSummary;
    const detailsBytes = record === 'details' ? rewriteIon(revisionDetails, path, replace) : revisionDetails;
    writeFileSync(file, Buffer.concat([Buffer.from(summaryBytes), Buffer.from(detailsBytes)]));

    const { code, summary } = await verify('--events', file);
    expect(code).toBe(1);
    expect(summary.verified).toBe(false);
    expect(summary.firstFailure).toMatchObject({ input: 'events', check, status: 'failed', location: { blockSequenceNo: 545 } });
    expect(summary.firstFailure.location.streamRecord).toContain(`value ${record === 'summary' ? 0 : 1}`);
    if (check === 'revision-hash') {
      expect(summary.firstFailure.location).toMatchObject({ documentId: DOCUMENT_ID, version: 0 });
    }
  });

  test('a changed byte of the aggregated Kinesis data fails at the event record', async () => {
    const event = JSON.parse(readFileSync(REAL_EVENT_PATH, 'utf8'));
    const data = Buffer.from(event.Records[0].kinesis.data, 'base64');
    data[40] ^= 0x01;
    event.Records[0].kinesis.data = data.toString('base64');
    const file = join(workDir, 'real-flipped.json');
    writeFileSync(file, JSON.stringify(event));
    const { code, summary } = await verify('--events', file);
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({ input: 'events', check: 'block-format', location: { streamRecord: expect.stringContaining('event record 0') } });
  });
});

describe('qldb-migrate verify on the generated DMV exports', () => {
  test.each(['ION_TEXT', 'ION_BINARY'])('the %s exports verify completely, with the digest proof', async (format) => {
    const set = exportSet(format);
    const { code, summary } = await verify('--export', set.bucketDir, '--digest', ledger.digestProofPath);
    const blocks = ledger.counts.exportBlocks;
    expect(code).toBe(0);
    expect(summary).toMatchObject({ verified: true, blocksVerified: blocks, proofsVerified: 1, checksFailed: 0, notChecked: [] });
    expect(summary.revisionsVerified).toBe(ledger.counts.exportRevisions);
    expect(summary.export).toMatchObject({ formats: [format], blocksRead: blocks, firstSequenceNo: 0, lastSequenceNo: blocks - 1 });
    expect(summary.export.objectsRead).toBe(set.exports.flatMap((e) => e.dataKeys).length);
    expect(summary.export.counts.chain).toEqual({ passed: blocks - 1 });
    expect(summary.digest.counts).toEqual({ 'proof': { passed: 1 }, 'proof-subject': { passed: 1 } });
  });

  test('the JSON export gets chain-level checks, and says what it could not check and why', async () => {
    const { code, summary } = await verify('--export', exportSet('JSON').bucketDir);
    const blocks = ledger.counts.exportBlocks;
    expect(code).toBe(0);
    expect(summary).toMatchObject({ verified: true, blocksVerified: blocks, revisionsVerified: 0 });
    expect(summary.export.counts.chain).toEqual({ passed: blocks - 1 });
    const notChecked = Object.fromEntries(summary.notChecked.map((n: { check: string; count: number; reason: string }) => [n.check, n]));
    expect(notChecked['revision-hash']).toMatchObject({ status: 'not-run', count: ledger.counts.exportRevisions });
    expect(notChecked['transaction-info-hash']).toMatchObject({ status: 'not-run', count: blocks });
    expect(notChecked['revision-hash'].reason).toMatch(/JSON export: Ion types are lost/);
    const text = await runCli(['verify', '--export', exportSet('JSON').bucketDir]);
    expect(text.stdout).toMatch(/Not checked:\n {2}export transaction-info-hash: \d+ not-run: JSON export: Ion types are lost/);
    expect(text.stdout).toContain('VERIFIED:');
  });

  test('the stream events verify, and the stream digest proof matches the stream\'s last block', async () => {
    const { code, summary } = await verify('--events', join(ledger.outDir, 'stream', 'kinesis-events'), '--digest', ledger.streamDigestProofPath);
    expect(code).toBe(0);
    expect(summary.events.counts['revision-membership']).toEqual({ passed: ledger.counts.streamRevisions });
    expect(summary.digest.counts['proof-subject']).toEqual({ passed: 1 });
  });

  test.each(['ION_TEXT', 'ION_BINARY'] as const)('a removed block is detected and located (%s)', async (format) => {
    const copy = copyExport(format, 'removed');
    const removed = 3;
    const sequenceNo = sequenceOf(copy.values[removed]);
    writeObject(copy.path, copy.values.filter((_, i) => i !== removed), format === 'ION_BINARY');
    const { code, summary } = await verify('--export', copy.dir);
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({
      input: 'export', check: 'export-plan', location: { objectKey: copy.key, blockSequenceNo: sequenceNo + 1, blockIndex: removed },
    });
    expect(summary.firstFailure.message).toContain(`where block ${ledger.strandId}/${sequenceNo} was expected`);
  });

  test('a removed block of a JSON export is detected at chain level', async () => {
    const set = exportSet('JSON');
    const dir = join(workDir, 'removed-json');
    cpSync(set.bucketDir, dir, { recursive: true });
    const key = set.exports[0].dataKeys[0];
    const lines = readFileSync(join(dir, key), 'utf8').split('\n');
    const sequenceNo = JSON.parse(lines[2]).blockAddress.sequenceNo;
    writeFileSync(join(dir, key), lines.filter((_, i) => i !== 2).join('\n'));
    const { code, summary } = await verify('--export', dir);
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({ check: 'export-plan', location: { objectKey: key, blockSequenceNo: sequenceNo + 1 } });
  });

  test('a reordered pair of blocks is detected and located', async () => {
    const copy = copyExport('ION_TEXT', 'reordered');
    const values = [...copy.values];
    [values[4], values[5]] = [values[5], values[4]];
    const first = sequenceOf(copy.values[4]);
    writeObject(copy.path, values, false);
    const { code, summary } = await verify('--export', copy.dir);
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({ check: 'export-plan', location: { objectKey: copy.key, blockIndex: 4, blockSequenceNo: first + 1 } });
    expect(summary.firstFailure.message).toContain(`found block ${ledger.strandId}/${first + 1} where block ${ledger.strandId}/${first} was expected`);
    expect(summary.export.counts.chain.failed).toBeGreaterThan(0);
  });

  test('an edited value is detected at its document and version', async () => {
    const copy = copyExport('ION_TEXT', 'edited');
    const index = blockWithRevisions(copy.values, 1);
    const block = load(copy.values[index]) as dom.Struct;
    const revisions = [...(block.get('revisions') as dom.List)];
    const position = revisions.findIndex((r) => r.get('data') !== null);
    const field = (revisions[position].get('data') as dom.Struct).fieldNames()[0];
    const values = [...copy.values];
    values[index] = rewriteIon(copy.values[index], ['revisions', position, 'data', field], withIon('"edited"'));
    writeObject(copy.path, values, false);

    const { code, summary } = await verify('--export', copy.dir);
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({
      check: 'revision-hash',
      location: {
        objectKey: copy.key,
        blockIndex: index,
        blockSequenceNo: sequenceOf(copy.values[index]),
        revisionIndex: position,
        documentId: revisions[position].get('metadata', 'id')!.stringValue(),
        version: revisions[position].get('metadata', 'version')!.numberValue(),
      },
    });
    expect(summary.firstFailure.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.firstFailure.actual).not.toBe(summary.firstFailure.expected);
  });

  test('a revision swapped for a valid revision of another block is detected at its block', async () => {
    const copy = copyExport('ION_BINARY', 'swapped');
    const index = blockWithRevisions(copy.values, 1);
    const other = index + 1 + blockWithRevisions(copy.values.slice(index + 1), 1);
    const revisionWithData = (value: Uint8Array) => {
      const revisions = [...((load(value) as dom.Struct).get('revisions') as dom.List)];
      const position = revisions.findIndex((r) => r.get('data') !== null);
      const writer = makeTextWriter();
      revisions[position].writeTo(writer);
      writer.close();
      return { position, text: Buffer.from(writer.getBytes()).toString('utf8') };
    };
    const target = revisionWithData(copy.values[index]);
    const values = [...copy.values];
    values[index] = rewriteIon(copy.values[index], ['revisions', target.position], withIon(revisionWithData(copy.values[other]).text));
    writeObject(copy.path, values, true);

    const { code, summary } = await verify('--export', copy.dir);
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({
      check: 'revisions-root', location: { objectKey: copy.key, blockIndex: index, blockSequenceNo: sequenceOf(copy.values[index]) },
    });
    // The swapped-in revision is itself genuine: its hash verifies, only its place in the journal does not.
    expect(summary.export.counts['revision-hash'].failed).toBeUndefined();
  });
});

describe('qldb-migrate verify --digest', () => {
  function tamperedProof(change: (proof: { proof: string[]; hash: string; digest: string }) => void): string {
    const proof = JSON.parse(readFileSync(ledger.digestProofPath, 'utf8'));
    change(proof);
    const file = join(workDir, `proof-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(proof));
    return file;
  }
  const flip = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    bytes[7] ^= 0x01;
    return bytes.toString('base64');
  };

  test('alone, the generator\'s proof folds to its digest; the subject is reported as not checked', async () => {
    const { code, summary } = await verify('--digest', ledger.digestProofPath);
    expect(code).toBe(0);
    expect(summary.proofsVerified).toBe(1);
    expect(summary.notChecked).toEqual([expect.objectContaining({ input: 'digest', check: 'proof-subject', status: 'not-run' })]);
  });

  test('a flipped byte in a proof hash fails the proof', async () => {
    const { code, summary } = await verify('--digest', tamperedProof((p) => { p.proof[1] = flip(p.proof[1]); }));
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({ input: 'digest', check: 'proof', location: { blockSequenceNo: ledger.counts.exportBlocks - 1 } });
  });

  test('a flipped byte in the proved hash fails the proof and, with the export, the subject', async () => {
    const file = tamperedProof((p) => { p.hash = flip(p.hash); });
    const { code, summary } = await verify('--export', exportSet('ION_TEXT').bucketDir, '--digest', file);
    expect(code).toBe(1);
    expect(summary.digest.counts).toEqual({ 'proof': { failed: 1 }, 'proof-subject': { failed: 1 } });
    expect(summary.export.counts['block-hash']).toEqual({ passed: ledger.counts.exportBlocks });
  });

  test('an unreadable proof file fails naming the key', async () => {
    const { code, summary } = await verify('--digest', tamperedProof((p) => { p.digest = 'not base64!'; }));
    expect(code).toBe(1);
    expect(summary.firstFailure.message).toMatch(/"digest" must be a base64 string/);
  });
});

describe('qldb-migrate verify usage', () => {
  test('without an input it is a usage error', async () => {
    const { code, stderr } = await runCli(['verify']);
    expect(code).toBe(2);
    expect(stderr).toContain('give at least one of --export, --events and --digest');
  });

  test('a missing export fails with the reason, not an exception', async () => {
    const { code, summary } = await verify('--export', join(workDir, 'no-such-export'));
    expect(code).toBe(1);
    expect(summary.firstFailure).toMatchObject({ check: 'export-plan', message: expect.stringContaining('does not exist') });
  });
});
