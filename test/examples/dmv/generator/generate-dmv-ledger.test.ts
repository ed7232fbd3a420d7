import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { deaggregateSync, UserRecord } from 'aws-kinesis-agg';
import { makeReader } from 'ion-js';
import { base64, hashStreamRevisions, hashWrittenBlocks, readBlocks, readDataObjects, readIonValues, readManifests } from './written-files';
import { GeneratedLedger, generateDmvLedger } from '../../../../examples/dmv/generator/generate-dmv-ledger';
import { GroundTruth } from '../../../../examples/dmv/generator/ground-truth-writer';
import { joinHashes } from '../../../../lambda-src/core/hashing/hash-join';
import { merkleRoot } from '../../../../lambda-src/core/hashing/merkle-root';
import { foldProof } from '../../../../lambda-src/core/hashing/proof';
import { readLedgerValue } from '../../../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue } from '../../../../lambda-src/core/model/ledger-value';

const OPTIONS = { seed: 7, syntheticDocuments: 400, exportCount: 2 as const, cohortSize: 60, maxObjectBytes: 60_000 };

let workDir: string;
let ledger: GeneratedLedger;
let ionTextBlocks: LedgerStruct[];
let groundTruth: GroundTruth;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'dmv-generator-'));
  ledger = await generateDmvLedger({ ...OPTIONS, outDir: join(workDir, 'first') });
  ionTextBlocks = readBlocks(exportSet('ION_TEXT'));
  groundTruth = JSON.parse(readFileSync(ledger.groundTruthPath, 'utf8'));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function exportSet(format: string) {
  const set = ledger.exportSets.find((s) => s.format === format);
  if (set === undefined) {
    throw new Error(`No ${format} export was generated`);
  }
  return set;
}

function bytesOf(value: LedgerValue | undefined): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new Error(`Expected a blob, got ${String(value)}`);
  }
  return value;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

function userRevisions(block: LedgerStruct): LedgerStruct[] {
  return ((block.revisions ?? []) as LedgerStruct[]).filter((r) => r.metadata !== undefined);
}

describe('determinism', () => {
  test('the same seed and size write byte-identical files', async () => {
    const second = await generateDmvLedger({ ...OPTIONS, outDir: join(workDir, 'second') });
    const firstFiles = listFiles(ledger.outDir).map((p) => relative(ledger.outDir, p)).sort();
    const secondFiles = listFiles(second.outDir).map((p) => relative(second.outDir, p)).sort();
    expect(secondFiles).toEqual(firstFiles);
    expect(firstFiles.length).toBeGreaterThan(20);
    for (const file of firstFiles) {
      expect({ file, same: readFileSync(join(second.outDir, file)).equals(readFileSync(join(ledger.outDir, file))) }).toEqual({ file, same: true });
    }
  });

  test('another seed writes another ledger', async () => {
    const other = await generateDmvLedger({ ...OPTIONS, seed: 8, formats: ['JSON'], outDir: join(workDir, 'other') });
    expect(other.strandId).not.toEqual(ledger.strandId);
  });
});

describe('export layout', () => {
  test('two contiguous exports with manifests and data keys named like real exports', () => {
    for (const set of ledger.exportSets) {
      const manifests = readManifests(set);
      expect(manifests).toHaveLength(2);
      const extension = set.format === 'JSON' ? 'json' : 'ion';
      const keyPattern = new RegExp(`^dmv-ledger/\\d{4}/\\d{2}/\\d{2}/\\d{2}/${ledger.strandId}\\.(\\d+)-(\\d+)\\.${extension}$`);
      let nextSeq = 0;
      for (const manifest of manifests) {
        expect(manifest.started.exportId).toEqual(manifest.exportId);
        expect(manifest.started.outputFormat).toEqual(set.format);
        expect(manifest.exportId).toMatch(/^[A-Za-z0-9]{22}$/);
        for (const key of manifest.keys) {
          const match = keyPattern.exec(key);
          expect(match).not.toBeNull();
          expect(Number(match![1])).toEqual(nextSeq);
          nextSeq = Number(match![2]) + 1;
        }
      }
      expect(nextSeq).toEqual(ledger.stream.firstBlockSeq);
      expect(String(manifests[1].started.inclusiveStartTime)).toEqual(String(manifests[0].started.exclusiveEndTime));
      expect(manifests.flatMap((m) => m.keys).length).toBeGreaterThan(2);
    }
  });
});

describe('hash chain of the written Ion text export', () => {
  test('revision hashes, entries hashes, block hashes and chain links recompute from the written files', () => {
    const hashes = readDataObjects(exportSet('ION_TEXT')).flatMap(hashWrittenBlocks);
    expect(hashes).toHaveLength(ionTextBlocks.length);
    let previousBlockHash: Uint8Array | undefined;
    let checkedRevisions = 0;
    ionTextBlocks.forEach((block, i) => {
      const seq = (block.blockAddress as LedgerStruct).sequenceNo;
      expect(seq).toEqual(i);
      const entryHashes = ((block.revisions ?? []) as LedgerStruct[]).map((entry, j) => {
        const written = hashes[i].entries[j];
        if (written.metadata !== undefined) {
          const dataPart = written.data ?? (entry.dataHash === undefined ? new Uint8Array(0) : bytesOf(entry.dataHash));
          expect(base64(joinHashes(written.metadata, dataPart))).toEqual(base64(bytesOf(entry.hash)));
          checkedRevisions++;
        }
        return bytesOf(entry.hash);
      });
      const list = (block.entriesHashList as Uint8Array[]).map(base64);
      expect(list).toContain(base64(hashes[i].transactionInfo));
      if (block.redactionInfo !== undefined) {
        expect(list).toContain(base64(hashes[i].redactionInfo!));
      }
      if (entryHashes.length > 0) {
        expect(list).toContain(base64(merkleRoot(entryHashes)));
      }
      expect(base64(merkleRoot(block.entriesHashList as Uint8Array[]))).toEqual(base64(bytesOf(block.entriesHash)));
      expect(base64(joinHashes(bytesOf(block.entriesHash), bytesOf(block.previousBlockHash)))).toEqual(base64(bytesOf(block.blockHash)));
      if (previousBlockHash !== undefined) {
        expect(base64(bytesOf(block.previousBlockHash))).toEqual(base64(previousBlockHash));
      }
      previousBlockHash = bytesOf(block.blockHash);
    });
    expect(checkedRevisions).toEqual(ledger.counts.exportRevisions);
  });

  test('the digest proof of the export tip and of the stream tip fold to their digests', () => {
    const exportProof = JSON.parse(readFileSync(ledger.digestProofPath, 'utf8'));
    const lastBlock = ionTextBlocks[ionTextBlocks.length - 1];
    expect(exportProof.blockAddress).toEqual(lastBlock.blockAddress);
    expect(exportProof.digestTipAddress).toEqual(lastBlock.blockAddress);
    expect(exportProof.hash).toEqual(base64(bytesOf(lastBlock.blockHash)));
    for (const proofFile of [exportProof, JSON.parse(readFileSync(ledger.streamDigestProofPath, 'utf8'))]) {
      const folded = foldProof(Buffer.from(proofFile.hash, 'base64'), proofFile.proof.map((p: string) => Buffer.from(p, 'base64')));
      expect(base64(folded)).toEqual(proofFile.digest);
      expect(proofFile.proof.length).toBeGreaterThan(0);
    }
    const tampered = foldProof(Buffer.from(ionTextBlocks[0].blockHash as Uint8Array), exportProof.proof.map((p: string) => Buffer.from(p, 'base64')));
    expect(base64(tampered)).not.toEqual(exportProof.digest);
  });
});

describe('the three formats', () => {
  test('Ion binary holds the same blocks as Ion text', () => {
    const binary = readBlocks(exportSet('ION_BINARY'));
    expect(binary).toEqual(ionTextBlocks);
    expect(readDataObjects(exportSet('ION_BINARY'))[0].subarray(0, 4)).toEqual(Uint8Array.of(0xe0, 0x01, 0x00, 0xea));
  });

  test('JSON Lines hold the JSON down-conversion of the same blocks', () => {
    const jsonObjects = readDataObjects(exportSet('JSON'));
    const lines = jsonObjects.flatMap((bytes) => Buffer.from(bytes).toString('utf8').split('\n').filter((l) => l.length > 0));
    expect(lines).toHaveLength(ionTextBlocks.length);
    lines.forEach((line, i) => {
      // Read as Ion (JSON is Ion text): exact numbers, no JSON.parse rounding.
      const reader = makeReader(line);
      reader.next();
      expect(readLedgerValue(reader)).toEqual(downConvert(ionTextBlocks[i]));
    });
    expect(JSON.parse(lines[0]).blockHash).toEqual(base64(bytesOf(ionTextBlocks[0].blockHash)));
  });
});

/** What reading QLDB's JSON down-conversion back as Ion gives: blobs and timestamps become strings. */
function downConvert(value: LedgerValue): LedgerValue {
  if (value instanceof Uint8Array) {
    return base64(value);
  }
  if (value instanceof LedgerTimestamp) {
    return value.text;
  }
  if (value instanceof LedgerDecimal && !value.text.includes('.')) {
    return Number(value.text);
  }
  if (Array.isArray(value)) {
    return value.map(downConvert);
  }
  if (value !== null && typeof value === 'object' && !(value instanceof LedgerDecimal)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, downConvert(v)]));
  }
  return value;
}

describe('ledger contents', () => {
  test('a document updated twice in one transaction has one revision in that block', () => {
    const id = ledger.landmarks.doubleUpdatedPersonId;
    const block = ionTextBlocks.find((b) => {
      const documents = (b.transactionInfo as LedgerStruct).documents as LedgerStruct | undefined;
      return documents?.[id] !== undefined && ((documents[id] as LedgerStruct).statements as number[]).length === 2;
    });
    expect(block).toBeDefined();
    const revisions = userRevisions(block!).filter((r) => (r.metadata as LedgerStruct).id === id);
    expect(revisions).toHaveLength(1);
    expect((revisions[0].metadata as LedgerStruct).version).toEqual(1);
    expect((revisions[0].data as LedgerStruct).LastName).toEqual('Twice-Updated');
    for (const b of ionTextBlocks) {
      const ids = userRevisions(b).map((r) => (r.metadata as LedgerStruct).id);
      expect(new Set(ids).size).toEqual(ids.length);
    }
  });

  test('the redacted revision has dataHash and no data, and the redaction block names it', () => {
    const id = ledger.landmarks.redactedPersonId;
    const revisions = ionTextBlocks.flatMap(userRevisions).filter((r) => (r.metadata as LedgerStruct).id === id);
    expect(revisions.map((r) => (r.metadata as LedgerStruct).version)).toEqual([0, 1]);
    expect(revisions[0].data).toBeUndefined();
    expect(bytesOf(revisions[0].dataHash)).toHaveLength(32);
    expect(revisions[1].data).toBeDefined();
    const redaction = ionTextBlocks.find((b) => b.redactionInfo !== undefined)!;
    expect(((redaction.redactionInfo as LedgerStruct).revisions as LedgerStruct[])[0]).toEqual({
      blockAddress: revisions[0].blockAddress,
      tableId: groundTruth.tables.find((t) => t.tableName === 'Person')!.tableId,
      documentId: id,
      version: 0,
    });
    const truth = groundTruth.tables.flatMap((t) => t.exportRevisions).find((r) => r.documentId === id && r.version === 0)!;
    expect(truth).toMatchObject({ redacted: true, data: null, operation: 'I', dataHash: base64(bytesOf(revisions[0].dataHash)) });
  });

  test('the dropped and recreated table has two tableIds, and DROP / UNDROP are statements only', () => {
    const permits = groundTruth.tables.filter((t) => t.tableName === 'ParkingPermit');
    expect(permits.map((t) => t.tableId)).toEqual(ledger.landmarks.recreatedTableIds);
    expect(new Set(permits.map((t) => t.tableId)).size).toEqual(2);
    expect(permits.map((t) => t.dropped)).toEqual([true, false]);
    expect(permits.map((t) => t.documentsAfterExport.length)).toEqual([3, 2]);
    const statementBlocks = (text: string) => ionTextBlocks.filter((b) =>
      ((b.transactionInfo as LedgerStruct).statements as LedgerStruct[]).some((s) => s.statement === text));
    const drops = statementBlocks('DROP TABLE ParkingPermit');
    expect(drops).toHaveLength(1);
    expect(userRevisions(drops[0])).toHaveLength(0);
    expect((drops[0].transactionInfo as LedgerStruct).documents).toBeUndefined();
    expect(statementBlocks(`UNDROP TABLE "${ledger.landmarks.undroppedTableId}"`)).toHaveLength(1);
    const tableIdsInBlocks = new Set(ionTextBlocks.flatMap((b) =>
      Object.values(((b.transactionInfo as LedgerStruct).documents ?? {}) as LedgerStruct).map((d) => (d as LedgerStruct).tableId)));
    permits.forEach((t) => expect(tableIdsInBlocks).toContain(t.tableId));
  });

  test('read-only blocks, system entries, deletions, type drift and exact values are present', () => {
    const readOnly = ionTextBlocks.filter((b) => b.revisions === undefined);
    expect(readOnly.length).toBeGreaterThan(0);
    readOnly.forEach((b) => expect((b.transactionInfo as LedgerStruct).documents).toBeUndefined());
    const systemEntries = ionTextBlocks.flatMap((b) => (b.revisions ?? []) as LedgerStruct[]).filter((r) => r.metadata === undefined);
    expect(systemEntries.length).toBeGreaterThan(0);
    systemEntries.forEach((entry) => expect(Object.keys(entry)).toEqual(['hash']));

    const revisionsOf = (id: string) => ionTextBlocks.flatMap(userRevisions).filter((r) => (r.metadata as LedgerStruct).id === id);
    const deleted = revisionsOf(ledger.landmarks.deletedVehicleId);
    expect(deleted).toHaveLength(2);
    expect(Object.keys(deleted[1]).sort()).toEqual(['blockAddress', 'hash', 'metadata']);
    const drift = revisionsOf(ledger.landmarks.typeDriftVehicleId).map((r) => (r.data as LedgerStruct).Year);
    expect(drift).toEqual([2016, '2016']);

    const inspections = ionTextBlocks.flatMap(userRevisions)
      .filter((r) => groundTruth.tables.find((t) => t.tableName === 'Inspection')!.exportRevisions.some((g) => g.documentId === (r.metadata as LedgerStruct).id))
      .filter((r) => r.data !== undefined) // deleted revisions have no data
      .map((r) => r.data as LedgerStruct);
    expect(inspections.length).toBeGreaterThan(3);
    expect(inspections.every((d) => typeof d.OdometerMicrometers === 'bigint' && d.OdometerMicrometers > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
    expect(inspections.some((d) => (d.EmissionsGramsPerKm as LedgerDecimal).text.endsWith('000'))).toBe(true);
    expect(inspections.some((d) => /T\d{2}:\d{2}:\d{2}\.\d{6,9}[+-]\d{2}:\d{2}$/.test((d.InspectedAt as LedgerTimestamp).text))).toBe(true);
  });

  test('the DMV sample documents are in the export as the fixture gives them', () => {
    const persons = groundTruth.tables.find((t) => t.tableName === 'Person')!;
    const melvin = persons.exportRevisions.find((r) => r.documentId === ledger.landmarks.melvinPersonId)!;
    const reader = makeReader(melvin.data!);
    reader.next();
    const data = readLedgerValue(reader) as LedgerStruct;
    expect(data).toMatchObject({ FirstName: 'MelVIN', LastName: 'Parker', GovId: 'P626-168-229-765', DOB: new LedgerTimestamp('1976-05-22T') });
    const registrations = groundTruth.tables.find((t) => t.tableName === 'VehicleRegistration')!.exportRevisions;
    expect(registrations[0].data).toContain('"PendingPenaltyTicketAmount":90.25');
    expect(registrations[0].data).toContain(`"PrimaryOwner":{"PersonId":"${persons.exportRevisions[0].documentId}"}`);
  });
});

describe('ground truth', () => {
  test('lists exactly the revisions of the export and of the stream', () => {
    const key = (id: string, version: number, hash: string) => `${id}/${version}/${hash}`;
    const exported = ionTextBlocks.flatMap(userRevisions).map((r) =>
      key((r.metadata as LedgerStruct).id as string, (r.metadata as LedgerStruct).version as number, base64(bytesOf(r.hash))));
    const truth = groundTruth.tables.flatMap((t) => t.exportRevisions.map((r) => key(r.documentId, r.version, r.hash)));
    expect(truth.sort()).toEqual(exported.sort());
    expect(groundTruth.tables.flatMap((t) => t.streamRevisions)).toHaveLength(ledger.counts.streamRevisions);
    expect(ledger.counts.streamRevisions).toBeGreaterThan(0);
  });

  test('expected documents are the latest non-deleted revisions', () => {
    for (const table of groundTruth.tables) {
      for (const [revisions, documents] of [
        [table.exportRevisions, table.documentsAfterExport],
        [[...table.exportRevisions, ...table.streamRevisions], table.documentsAfterStream],
      ] as const) {
        const latest = new Map<string, (typeof revisions)[number]>();
        revisions.forEach((r) => {
          if ((latest.get(r.documentId)?.version ?? -1) < r.version) {
            latest.set(r.documentId, r);
          }
        });
        const expected = [...latest.values()].filter((r) => r.operation !== 'D').map((r) => `${r.documentId}/${r.version}/${r.data}`).sort();
        expect(documents.map((d) => `${d.documentId}/${d.version}/${d.data}`).sort()).toEqual(expected);
      }
    }
  });
});

describe('stream part', () => {
  function userRecordsOfEvents(): UserRecord[] {
    return ledger.stream.kinesisEventPaths.flatMap((path) => {
      const event = JSON.parse(readFileSync(path, 'utf8'));
      return event.Records.flatMap((record: { kinesis: any }) => {
        let records: UserRecord[] = [];
        deaggregateSync(record.kinesis, true, (error, userRecords) => {
          if (error) {
            throw error;
          }
          records = userRecords!;
        });
        return records;
      });
    });
  }

  test('Kinesis events de-aggregate into the Ion stream records, Person "Melvin" at version 1 among them', () => {
    const userRecords = userRecordsOfEvents();
    expect(userRecords).toHaveLength(ledger.stream.recordCount);
    const records = userRecords.map((r) => {
      const bytes = Buffer.from(r.data, 'base64');
      expect([...bytes.subarray(0, 4)]).toEqual([0xe0, 0x01, 0x00, 0xea]);
      const [value] = readIonValues(bytes);
      return { partitionKey: r.partitionKey, value: value as LedgerStruct };
    });
    const details = records.filter((r) => r.value.recordType === 'REVISION_DETAILS');
    const melvin = details.find((r) => ((r.value.payload as LedgerStruct).revision as LedgerStruct).metadata !== undefined
      && (((r.value.payload as LedgerStruct).revision as LedgerStruct).metadata as LedgerStruct).id === ledger.landmarks.melvinPersonId)!;
    const revision = (melvin.value.payload as LedgerStruct).revision as LedgerStruct;
    expect((revision.metadata as LedgerStruct).version).toEqual(1);
    expect((revision.data as LedgerStruct).FirstName).toEqual('Melvin');
    expect(((melvin.value.payload as LedgerStruct).tableInfo as LedgerStruct).tableName).toEqual('Person');
    expect(melvin.partitionKey).toEqual(Buffer.from(bytesOf(revision.hash)).toString('hex'));
    const summaries = records.filter((r) => r.value.recordType === 'BLOCK_SUMMARY');
    expect(summaries).toHaveLength(ledger.counts.streamBlocks);
    summaries.forEach((s) => expect(s.partitionKey).toEqual(Buffer.from(bytesOf((s.value.payload as LedgerStruct).blockHash)).toString('hex')));
    expect(details).toHaveLength(ledger.counts.streamRevisions);
    const melvinStatement = (summaries.map((s) => s.value.payload as LedgerStruct).find((p) => p.transactionInfo !== undefined
      && ((p.transactionInfo as LedgerStruct).statements as LedgerStruct[]).some((st) => String(st.statement).includes("'Melvin'"))));
    expect(melvinStatement).toBeDefined();
  });

  test('the records file holds CREATED, every block summary and revision in order, then COMPLETED, chained to the export', () => {
    const records = readIonValues(readFileSync(ledger.stream.recordsPath)) as LedgerStruct[];
    expect(records).toHaveLength(ledger.stream.recordCount);
    expect(records[0].payload).toEqual({ controlRecordType: 'CREATED' });
    expect(records[records.length - 1].payload).toEqual({ controlRecordType: 'COMPLETED' });
    const summaries = records.filter((r) => r.recordType === 'BLOCK_SUMMARY').map((r) => r.payload as LedgerStruct);
    expect(summaries.map((s) => (s.blockAddress as LedgerStruct).sequenceNo)).toEqual(
      Array.from({ length: ledger.counts.streamBlocks }, (_, i) => ledger.stream.firstBlockSeq + i));
    let previous = bytesOf(ionTextBlocks[ionTextBlocks.length - 1].blockHash);
    for (const summary of summaries) {
      expect(base64(bytesOf(summary.previousBlockHash))).toEqual(base64(previous));
      expect(base64(joinHashes(merkleRoot(summary.entriesHashList as Uint8Array[]), previous))).toEqual(base64(bytesOf(summary.blockHash)));
      const revisionHashes = ((summary.revisionSummaries ?? []) as LedgerStruct[]).map((r) => bytesOf(r.hash));
      if (revisionHashes.length > 0) {
        expect((summary.entriesHashList as Uint8Array[]).map(base64)).toContain(base64(merkleRoot(revisionHashes)));
      }
      previous = bytesOf(summary.blockHash);
    }
    const revisionHashes = hashStreamRevisions(readFileSync(ledger.stream.recordsPath));
    expect(revisionHashes).toHaveLength(ledger.counts.streamRevisions);
    for (const revision of revisionHashes) {
      expect(base64(joinHashes(revision.metadata, revision.data ?? revision.dataHash ?? new Uint8Array(0)))).toEqual(base64(revision.hash));
    }
  });
});
