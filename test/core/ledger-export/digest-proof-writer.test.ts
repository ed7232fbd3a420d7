import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { dom, dumpText, loadAll } from 'ion-js';
import { ledgerDigest, merkleProof } from '../../../examples/dmv/generator/digest-proof';
import { generateDmvLedger, GeneratedLedger, LEDGER_NAME } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { LocalDirectoryStore } from '../../../lambda-src/core/export/local-directory-store';
import { foldProof } from '../../../lambda-src/core/hashing/proof';
import { blockAddressIonText, parseBlockAddressText } from '../../../lambda-src/core/ledger-export/block-address-text';
import { DIGEST_PROOF_FILE_NAME, ObjectWriter, writeDigestProof } from '../../../lambda-src/core/ledger-export/digest-proof-writer';
import { ExportJournalPlan } from '../../../lambda-src/core/ledger-export/export-plan';
import { GetBlockRequest, GetBlockResponse, GetDigestResponse, LedgerJournalApi } from '../../../lambda-src/core/ledger-export/journal-api';
import { parseDigestProof } from '../../../lambda-src/core/verification/digest-proof-file';

/**
 * A journal answering GetDigest and GetBlock from the blocks of a generated export: the digest is the Merkle root
 * of the block hashes up to the tip and GetBlock with a tip address returns the block's Merkle proof, both as
 * Ion text, the way QLDB returns them.
 */
class ExportedJournal implements LedgerJournalApi {
  public readonly blockRequests: GetBlockRequest[] = [];
  constructor(
    private readonly blocks: Map<number, { ionText: string; hash: Uint8Array; strandId: string }>,
    private readonly tipSequenceNo: number,
  ) {}

  public async getDigest(): Promise<GetDigestResponse> {
    const tip = this.blocks.get(this.tipSequenceNo)!;
    return {
      Digest: ledgerDigest(this.hashesUpTo(this.tipSequenceNo)),
      DigestTipAddress: { IonText: blockAddressIonText({ strandId: tip.strandId, sequenceNo: this.tipSequenceNo }) },
    };
  }

  public async getBlock(request: GetBlockRequest): Promise<GetBlockResponse> {
    this.blockRequests.push(request);
    const address = parseBlockAddressText(request.BlockAddress.IonText, 'request');
    const block = this.blocks.get(address.sequenceNo)!;
    if (request.DigestTipAddress === undefined) {
      return { Block: { IonText: block.ionText } };
    }
    const tip = parseBlockAddressText(request.DigestTipAddress.IonText, 'request tip');
    const proof = merkleProof(this.hashesUpTo(tip.sequenceNo), address.sequenceNo);
    return {
      Block: { IonText: block.ionText },
      Proof: { IonText: `[${proof.map((hash) => `{{${Buffer.from(hash).toString('base64')}}}`).join(',')}]` },
    };
  }

  private hashesUpTo(sequenceNo: number): Uint8Array[] {
    return Array.from({ length: sequenceNo + 1 }, (_, i) => this.blocks.get(i)!.hash);
  }
}

class MemoryWriter implements ObjectWriter {
  public readonly objects = new Map<string, { body: string; contentType: string }>();
  public async put(key: string, body: string, contentType: string): Promise<void> {
    this.objects.set(key, { body, contentType });
  }
}

let workDir: string;
let ledger: GeneratedLedger;
let blocks: Map<number, { ionText: string; hash: Uint8Array; strandId: string }>;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'digest-proof-writer-'));
  ledger = await generateDmvLedger({ seed: 11, syntheticDocuments: 40, outDir: workDir, formats: ['ION_TEXT'], exportCount: 2, maxObjectBytes: 20_000 });
  blocks = new Map();
  const set = ledger.exportSets[0];
  for (const written of set.exports) {
    for (const key of written.dataKeys) {
      for (const value of loadAll(readFileSync(join(set.bucketDir, key), 'utf8'))) {
        const struct = value as dom.Struct;
        const address = struct.get('blockAddress')!;
        blocks.set(address.get('sequenceNo')!.numberValue()!, {
          ionText: dumpText(value),
          hash: struct.get('blockHash')!.uInt8ArrayValue()!,
          strandId: address.get('strandId')!.stringValue()!,
        });
      }
    }
  }
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function planOf(): ExportJournalPlan {
  const set = ledger.exportSets[0];
  return {
    ledgerName: LEDGER_NAME,
    bucket: 'dmv-ledger-exports',
    prefix: set.prefix,
    outputFormat: 'ION_TEXT',
    exportRoleArn: 'arn:aws:iam::123456789012:role/export',
    plannedTip: { strandId: 'S', sequenceNo: 0 },
    ranges: [],
    exportEndTime: set.exports[set.exports.length - 1].exclusiveEndTime,
  };
}

describe('writeDigestProof on a generated two-export ledger', () => {
  test('proves the last block of the last export against a fresh digest, as the generator proves the export tip', async () => {
    // GIVEN the two exports and a journal whose tip is the last exported block
    const set = ledger.exportSets[0];
    const lastExported = set.exports[set.exports.length - 1].lastBlockSeq;
    expect(blocks.size).toBe(lastExported + 1);
    const journal = new ExportedJournal(blocks, lastExported);
    const writer = new MemoryWriter();
    // WHEN
    const store = new LocalDirectoryStore(set.bucketDir);
    const result = await writeDigestProof(journal, store, writer, planOf(), set.exports.map((e) => ({ exportId: e.exportId })));
    // THEN the file is written beside the export and matches the generator's own proof of the export tip
    const proofKey = `${set.prefix}${DIGEST_PROOF_FILE_NAME}`;
    expect(result.proofKey).toBe(proofKey);
    const written = writer.objects.get(proofKey)!;
    expect(written.contentType).toBe('application/json');
    const file = JSON.parse(written.body);
    const generated = JSON.parse(readFileSync(ledger.digestProofPath, 'utf8'));
    const { digest, digestTipAddress, proof, hash, blockAddress } = file;
    expect({ digest, digestTipAddress, proof, hash, blockAddress }).toEqual(generated);
    expect(file.ledgerName).toBe(LEDGER_NAME);
    // and `qldb-migrate verify --digest` reads it
    const parsed = parseDigestProof(written.body, proofKey);
    expect(parsed.blockAddress).toEqual(blockAddress);
    expect(Buffer.from(foldProof(parsed.hash, parsed.proof)).toString('base64')).toBe(digest);
    expect(file.blockTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(result.exportIds).toEqual(set.exports.map((e) => e.exportId));
    expect(result.lastBlock).toEqual({ strandId: blockAddress.strandId, sequenceNo: lastExported, timestamp: expect.stringMatching(/Z$/) });
    expect(result.exportEndTime).toBe(set.exports[1].exclusiveEndTime);
    expect(journal.blockRequests).toHaveLength(1);
    expect(journal.blockRequests[0].DigestTipAddress?.IonText).toBe(blockAddressIonText(file.digestTipAddress));
  });

  test('a digest whose tip is beyond the export still proves the last exported block', async () => {
    const set = ledger.exportSets[0];
    const firstExportLast = set.exports[0].lastBlockSeq;
    const journal = new ExportedJournal(blocks, set.exports[1].lastBlockSeq);
    const writer = new MemoryWriter();
    // Only the first export is named: its last block is proved against the later tip.
    const result = await writeDigestProof(journal, new LocalDirectoryStore(set.bucketDir), writer, planOf(), [{ exportId: set.exports[0].exportId }]);
    expect(result.lastBlock.sequenceNo).toBe(firstExportLast);
    const file = JSON.parse(writer.objects.get(result.proofKey)!.body);
    expect(file.blockAddress.sequenceNo).toBe(firstExportLast);
    expect(file.digestTipAddress.sequenceNo).toBe(set.exports[1].lastBlockSeq);
    expect(file.proof.length).toBeGreaterThan(0);
  });

  test('a proof that does not fold to the digest is refused and nothing is written', async () => {
    const set = ledger.exportSets[0];
    const honest = new ExportedJournal(blocks, set.exports[1].lastBlockSeq);
    const tampered: LedgerJournalApi = {
      getDigest: () => honest.getDigest(),
      getBlock: async (request) => {
        const response = await honest.getBlock(request);
        return { ...response, Proof: { IonText: response.Proof!.IonText!.replace(/\{\{[^}]+\}\}/, `{{${Buffer.alloc(32, 7).toString('base64')}}}`) } };
      },
    };
    const writer = new MemoryWriter();
    await expect(
      writeDigestProof(tampered, new LocalDirectoryStore(set.bucketDir), writer, planOf(), set.exports.map((e) => ({ exportId: e.exportId }))),
    ).rejects.toThrow(/proof does not fold from the block hash to the digest at tip/);
    expect(writer.objects.size).toBe(0);
  });

  test('an export id without a completed manifest is an error naming it', async () => {
    const set = ledger.exportSets[0];
    const journal = new ExportedJournal(blocks, set.exports[1].lastBlockSeq);
    await expect(
      writeDigestProof(journal, new LocalDirectoryStore(set.bucketDir), new MemoryWriter(), planOf(), [{ exportId: 'NoSuchExport0000000000' }]),
    ).rejects.toThrow('export NoSuchExport0000000000 has no completed manifest');
  });
});
