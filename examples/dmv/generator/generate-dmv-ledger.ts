import { mkdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { digestProofOfTip } from './digest-proof';
import { DmvScenario, ScenarioLandmarks } from './dmv-scenario';
import { EXPORT_FORMATS, ExportFormat, ExportWriter, WrittenExport } from './export-writer';
import { GroundTruthWriter } from './ground-truth-writer';
import { KinesisEventWriter } from './kinesis-event-writer';
import { documentRevisions, SimulatedBlock } from './ledger-block';
import { DocumentState, LedgerSimulator } from './ledger-simulator';
import { SeededRandom } from './seeded-random';
import { StreamWriter } from './stream-writer';
import { LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';

export const LEDGER_NAME = 'vehicle-registration';
const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const EXPORT_PREFIX = 'dmv-ledger/';
const EXPORT_BUCKET = 'dmv-ledger-exports';

export interface GenerateDmvLedgerOptions {
  readonly seed: number;
  /** Synthetic documents besides the sample's and the special cases' (about 5% of them are inserted in the stream part). */
  readonly syntheticDocuments: number;
  readonly outDir: string;
  /** @default all three */
  readonly formats?: readonly ExportFormat[];
  /** 1, or 2 contiguous exports of the same ledger. @default 1 */
  readonly exportCount?: 1 | 2;
  /** Data objects close once they hold this many characters of text. @default 8 MiB */
  readonly maxObjectBytes?: number;
  /** Documents per cohort. @default 200 */
  readonly cohortSize?: number;
}

/** The exports of one format: a local directory standing for the bucket, and the export prefix in it. */
export interface GeneratedExportSet {
  readonly format: ExportFormat;
  readonly bucketDir: string;
  readonly prefix: string;
  readonly exports: WrittenExport[];
}

export interface GeneratedStream {
  /** Every stream record, Ion binary, concatenated in stream order. */
  readonly recordsPath: string;
  readonly kinesisEventPaths: string[];
  readonly recordCount: number;
  readonly kinesisRecordCount: number;
  readonly firstBlockSeq: number;
  readonly lastBlockSeq: number;
  readonly streamArn: string;
}

export interface GeneratedCounts {
  readonly blocks: number;
  readonly exportBlocks: number;
  readonly streamBlocks: number;
  readonly revisions: number;
  readonly exportRevisions: number;
  readonly streamRevisions: number;
}

export interface GeneratedLedger {
  readonly outDir: string;
  readonly ledgerName: string;
  readonly strandId: string;
  readonly seed: number;
  readonly exportSets: GeneratedExportSet[];
  readonly stream: GeneratedStream;
  readonly groundTruthPath: string;
  /** Digest at the export's last block and that block's proof. */
  readonly digestProofPath: string;
  /** Digest at the stream's last block (the whole journal) and that block's proof. */
  readonly streamDigestProofPath: string;
  readonly landmarks: ScenarioLandmarks;
  readonly counts: GeneratedCounts;
}

/**
 * Generates the DMV sample ledger, deterministically from `seed` and `syntheticDocuments`: journal exports
 * in the requested formats, the later transactions as stream records and recorded Kinesis events, the digest
 * and proof files, and ground-truth.json. Files under `outDir` that a previous run wrote are replaced.
 */
export async function generateDmvLedger(options: GenerateDmvLedgerOptions): Promise<GeneratedLedger> {
  validate(options);
  const root = new SeededRandom(options.seed, 'dmv');
  const outDir = options.outDir;
  const formats = options.formats ?? EXPORT_FORMATS;
  const exportCount = options.exportCount ?? 1;
  const paths = {
    groundTruth: join(outDir, 'ground-truth.json'),
    digestProof: join(outDir, 'digest-proof.json'),
    streamDir: join(outDir, 'stream'),
  };
  const bucketDirOf = (format: ExportFormat) => join(outDir, `export-${format.toLowerCase().replace('_', '-')}`);
  for (const path of [paths.groundTruth, paths.digestProof, paths.streamDir, ...EXPORT_FORMATS.map(bucketDirOf)]) {
    rmSync(path, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });

  const clock = root.derive('clock');
  const startTimeMs = Date.UTC(2020, 0, 1) + clock.int(0, 364) * 86_400_000 + clock.int(0, 86_399_999);
  const writers = formats.map((format) => ({
    format,
    writer: new ExportWriter({
      format,
      bucketDir: bucketDirOf(format),
      bucketName: EXPORT_BUCKET,
      prefix: EXPORT_PREFIX,
      ledgerName: LEDGER_NAME,
      maxObjectBytes: options.maxObjectBytes ?? 8 << 20,
    }),
    exports: [] as WrittenExport[],
  }));
  const exportIds = root.derive('export-ids');
  const groundTruth = new GroundTruthWriter(paths.groundTruth);
  const streamArn = `arn:aws:qldb:${REGION}:${ACCOUNT_ID}:stream/${LEDGER_NAME}/${root.derive('stream-id').qldbId()}`;
  const kinesis = new KinesisEventWriter({
    directory: join(paths.streamDir, 'kinesis-events'),
    random: root.derive('kinesis'),
    streamName: `${LEDGER_NAME}-stream`,
    region: REGION,
    accountId: ACCOUNT_ID,
    shardCount: 2,
    userRecordsPerAggregate: 25,
    recordsPerEvent: 100,
  });
  const stream = new StreamWriter(join(paths.streamDir, 'stream-records.ion'), streamArn, kinesis);

  const counts = { exportBlocks: 0, streamBlocks: 0, exportRevisions: 0, streamRevisions: 0 };
  let exportIndex = -1;
  let exportStart = new LedgerTimestamp(new Date(startTimeMs).toISOString());
  let splitSeq: number | undefined;
  let streamStartSeq: number | undefined;

  const beginExport = () => {
    exportIndex++;
    writers.forEach((w) => w.writer.begin(exportIds.derive(`${w.format}/${exportIndex}`).qldbId(), exportStart));
  };
  const endExport = () => {
    for (const w of writers) {
      const written = w.writer.end();
      w.exports.push(written);
      exportStart = new LedgerTimestamp(written.exclusiveEndTime);
    }
  };
  const onBlock = (block: SimulatedBlock) => {
    const seq = block.blockAddress.sequenceNo;
    const revisions = documentRevisions(block);
    if (streamStartSeq !== undefined && seq >= streamStartSeq) {
      stream.write(block);
      revisions.forEach((revision) => groundTruth.revision('streamRevisions', block, revision));
      counts.streamBlocks++;
      counts.streamRevisions += revisions.length;
      return;
    }
    const wanted = splitSeq !== undefined && seq >= splitSeq ? 1 : 0;
    while (exportIndex < wanted) {
      if (exportIndex >= 0) {
        endExport();
      }
      beginExport();
    }
    writers.forEach((w) => w.writer.write(block));
    revisions.forEach((revision) => groundTruth.revision('exportRevisions', block, revision));
    counts.exportBlocks++;
    counts.exportRevisions += revisions.length;
  };

  const ledger = new LedgerSimulator({ random: root.derive('ledger'), startTimeMs, onBlock });
  let phase: 'export' | 'stream' = 'export';
  const recordDocuments = (section: 'documentsAfterExport' | 'documentsAfterStream', states: DocumentState[]) =>
    states.forEach((state) => groundTruth.document(section, state));
  const scenario = new DmvScenario(ledger, root.derive('scenario'), {
    exportSplit: () => {
      splitSeq = ledger.nextSequenceNo;
    },
    streamStart: (live) => {
      endExport();
      streamStartSeq = ledger.nextSequenceNo;
      phase = 'stream';
      recordDocuments('documentsAfterExport', live);
      stream.open(Date.parse(exportStart.text));
    },
    documentsRetired: (states) => {
      if (phase === 'export') {
        recordDocuments('documentsAfterExport', states);
      }
      recordDocuments('documentsAfterStream', states);
    },
    finished: (live) => recordDocuments('documentsAfterStream', live),
  }, { syntheticDocuments: options.syntheticDocuments, exportCount, cohortSize: options.cohortSize });
  const landmarks = scenario.run();
  stream.close();

  const exportTip = { strandId: ledger.strandId, sequenceNo: streamStartSeq! - 1 };
  const streamTip = { strandId: ledger.strandId, sequenceNo: ledger.nextSequenceNo - 1 };
  const streamDigestProofPath = join(paths.streamDir, 'digest-proof.json');
  writeFileSync(paths.digestProof, `${JSON.stringify(digestProofOfTip(ledger.allBlockHashes, exportTip), null, 1)}\n`);
  writeFileSync(streamDigestProofPath, `${JSON.stringify(digestProofOfTip(ledger.allBlockHashes, streamTip), null, 1)}\n`);

  const header = {
    about: 'Ground truth of the generated DMV sample ledger, from the simulator state: per ledger table (keyed by tableId), every revision of the export and of the stream part, and the expected documents (latest non-deleted revision) after the export and after the stream. data and txTime are Ion text; hashes base64.',
    seed: options.seed,
    syntheticDocuments: options.syntheticDocuments,
    ledgerName: LEDGER_NAME,
    strandId: ledger.strandId,
    export: { firstBlockSeq: 0, lastBlockSeq: exportTip.sequenceNo, revisionCount: counts.exportRevisions },
    stream: { firstBlockSeq: streamStartSeq!, lastBlockSeq: streamTip.sequenceNo, revisionCount: counts.streamRevisions },
  };
  groundTruth.finish(header, ledger.allTables());

  return {
    outDir,
    ledgerName: LEDGER_NAME,
    strandId: ledger.strandId,
    seed: options.seed,
    exportSets: writers.map((w) => ({ format: w.format, bucketDir: bucketDirOf(w.format), prefix: EXPORT_PREFIX, exports: w.exports })),
    stream: {
      recordsPath: stream.recordsPath,
      kinesisEventPaths: [...kinesis.eventPaths],
      recordCount: stream.records,
      kinesisRecordCount: kinesis.kinesisRecords,
      firstBlockSeq: streamStartSeq!,
      lastBlockSeq: streamTip.sequenceNo,
      streamArn,
    },
    groundTruthPath: paths.groundTruth,
    digestProofPath: paths.digestProof,
    streamDigestProofPath,
    landmarks,
    counts: {
      blocks: ledger.nextSequenceNo,
      exportBlocks: counts.exportBlocks,
      streamBlocks: counts.streamBlocks,
      revisions: counts.exportRevisions + counts.streamRevisions,
      exportRevisions: counts.exportRevisions,
      streamRevisions: counts.streamRevisions,
    },
  };
}

function validate(options: GenerateDmvLedgerOptions): void {
  if (!Number.isSafeInteger(options.seed)) {
    throw new Error(`generateDmvLedger: seed must be an integer, got ${options.seed}`);
  }
  if (!Number.isSafeInteger(options.syntheticDocuments) || options.syntheticDocuments < 0) {
    throw new Error(`generateDmvLedger: syntheticDocuments must be a non-negative integer, got ${options.syntheticDocuments}`);
  }
  if (options.exportCount !== undefined && options.exportCount !== 1 && options.exportCount !== 2) {
    throw new Error(`generateDmvLedger: exportCount must be 1 or 2, got ${options.exportCount}`);
  }
  const unknown = (options.formats ?? []).filter((f) => !EXPORT_FORMATS.includes(f));
  if (unknown.length > 0 || (options.formats !== undefined && options.formats.length === 0)) {
    throw new Error(`generateDmvLedger: formats must be a non-empty list of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(options.formats)}`);
  }
}
