import { readFile } from 'fs/promises';
import { recordEquality } from './block-checks';
import { CheckLocation, CheckName, CheckResult, CheckStatus, toHex } from './check-result';
import { DigestProof, parseDigestProof } from './digest-proof-file';
import { ExportSourceProgress, ExportSourceVerification, verifyExportSource } from './export-source-verifier';
import { HashedBlock } from './hashed-block';
import { checkProof } from './proof-check';
import { verifyStreamItems } from './stream-verifier';
import { VerificationRecorder, VerificationReport } from './verification-recorder';
import { ExportSourceOptions } from '../export/export-source';
import { readStreamInput } from '../stream/stream-files';
import { describeOrigin, StreamItem } from '../stream/stream-item';

export interface SourceVerificationOptions extends ExportSourceOptions {
  /** A journal export: a local directory or s3://bucket/prefix. */
  readonly exportLocation?: string;
  /** A proof file (see digest-proof-file.ts). */
  readonly digestFile?: string;
  /** Recorded Lambda Kinesis events (.json) or Ion stream records: a file or a directory of files. */
  readonly eventsPath?: string;
  readonly onExportProgress?: (progress: ExportSourceProgress) => void;
}

/** The inputs verified: the export, the stream (events), the digest proof. */
export type VerifiedInput = 'export' | 'events' | 'digest';

export interface EventsVerification {
  readonly path: string;
  /** Stream records decoded, and items that could not be decoded. */
  readonly records: number;
  readonly undecodable: number;
  readonly report: VerificationReport;
}

export interface DigestVerification {
  readonly path: string;
  readonly proof?: DigestProof;
  readonly report: VerificationReport;
}

/** Checks that could not give a verdict, with why (the first such result's message). */
export interface NotChecked {
  readonly input: VerifiedInput;
  readonly check: CheckName;
  readonly status: Exclude<CheckStatus, 'passed' | 'failed'>;
  readonly count: number;
  readonly reason: string;
}

export interface SourceVerification {
  /** True when at least one check ran and none failed. */
  readonly verified: boolean;
  readonly export?: ExportSourceVerification;
  readonly events?: EventsVerification;
  readonly digest?: DigestVerification;
  /** Blocks whose block hash verified, revisions whose hash was recomputed, proofs that folded to their digest. */
  readonly blocksVerified: number;
  readonly revisionsVerified: number;
  readonly proofsVerified: number;
  readonly checksPassed: number;
  readonly checksFailed: number;
  /** The first failure, in the order export, events, digest. */
  readonly firstFailure?: CheckResult & { readonly input: VerifiedInput };
  readonly notChecked: NotChecked[];
}

/**
 * Verifies what is given: an export (streamed object by object), recorded stream events, and a digest proof (folded
 * to its digest, and its starting hash matched against the export's or the stream's block or revision). Bad data
 * never throws: every problem is a failed check with its location; unreadable inputs fail as `block-format`.
 */
export async function verifySources(options: SourceVerificationOptions): Promise<SourceVerification> {
  if (!options.exportLocation && !options.eventsPath && !options.digestFile) {
    throw new Error('nothing to verify: give an export, events or a digest proof file');
  }
  let proof: DigestProof | undefined;
  const digestRecorder = new VerificationRecorder({ keepPassed: true });
  if (options.digestFile) {
    try {
      proof = parseDigestProof(await readFile(options.digestFile, 'utf8'), options.digestFile);
    } catch (error) {
      digestRecorder.record({ check: 'block-format', status: 'failed', location: {}, message: (error as Error).message });
    }
  }
  const subject = new ProofSubject(proof);

  let exportResult: ExportSourceVerification | undefined;
  if (options.exportLocation) {
    exportResult = await verifyExportSource(options.exportLocation, {
      ...(options.s3Client ? { s3Client: options.s3Client } : {}),
      onBlock: (block, location) => subject.observeExportBlock(block, location),
      ...(options.onExportProgress ? { onProgress: options.onExportProgress } : {}),
    });
  }

  let events: EventsVerification | undefined;
  let items: StreamItem[] = [];
  if (options.eventsPath) {
    const recorder = new VerificationRecorder({ keepPassed: false, maxKeptResults: 1000 });
    try {
      items = await readStreamInput(options.eventsPath);
    } catch (error) {
      recorder.record({ check: 'block-format', status: 'failed', location: {}, message: `${options.eventsPath}: ${(error as Error).message}` });
    }
    for (const item of items) {
      if (item.kind === 'reject') {
        recorder.record({ check: 'block-format', status: 'failed', location: { streamRecord: describeOrigin(item.origin) }, message: item.reason });
      }
    }
    const report = verifyStreamItems(items, {}, recorder);
    events = {
      path: options.eventsPath,
      records: items.filter((item) => item.kind === 'record').length,
      undecodable: items.filter((item) => item.kind === 'reject').length,
      report,
    };
  }

  let digest: DigestVerification | undefined;
  if (options.digestFile) {
    if (proof) {
      const what = proof.documentId === undefined
        ? `block ${proof.blockAddress.sequenceNo}`
        : `document ${proof.documentId}'s revision in block ${proof.blockAddress.sequenceNo}`;
      const location: CheckLocation = {
        strandId: proof.blockAddress.strandId,
        blockSequenceNo: proof.blockAddress.sequenceNo,
        ...(proof.documentId === undefined ? {} : { documentId: proof.documentId }),
      };
      checkProof({ start: proof.hash, proof: proof.proof, digest: proof.digest, location, subject: what }, digestRecorder);
      subject.check(digestRecorder, location, what, exportResult, items);
    }
    digest = { path: options.digestFile, ...(proof ? { proof } : {}), report: digestRecorder.report() };
  }
  return summarize(exportResult, events, digest);
}

/** The block or revision a digest proof starts from, as found in the export while it streams by. */
class ProofSubject {
  private found?: { hash?: Uint8Array; location: CheckLocation };

  constructor(private readonly proof: DigestProof | undefined) {}

  public observeExportBlock(block: HashedBlock, location: CheckLocation): void {
    const proof = this.proof;
    const address = block.blockAddress;
    if (!proof || !address || address.sequenceNo !== proof.blockAddress.sequenceNo || address.strandId !== proof.blockAddress.strandId) {
      return;
    }
    if (proof.documentId === undefined) {
      this.found = { ...(block.blockHash ? { hash: block.blockHash } : {}), location };
      return;
    }
    const index = (block.revisions ?? []).findIndex((revision) => revision.documentId === proof.documentId);
    const revision = index < 0 ? undefined : block.revisions![index];
    this.found = {
      ...(revision ? { hash: revision.hash } : {}),
      location: { ...location, ...(index < 0 ? {} : { revisionIndex: index }), documentId: proof.documentId },
    };
  }

  /** Records whether the proof's starting hash is the export's and the stream's hash of its subject. */
  public check(
    recorder: VerificationRecorder,
    location: CheckLocation,
    what: string,
    exported: ExportSourceVerification | undefined,
    items: readonly StreamItem[],
  ): void {
    const proof = this.proof!;
    let compared = false;
    const sequenceNo = proof.blockAddress.sequenceNo;
    if (exported && exported.firstSequenceNo !== undefined && sequenceNo >= exported.firstSequenceNo && sequenceNo <= exported.lastSequenceNo!) {
      compared = true;
      if (this.found?.hash === undefined) {
        recorder.record({
          check: 'proof-subject',
          status: 'failed',
          location: this.found?.location ?? location,
          message: `${what} is not in the export at ${exported.location}, although the export covers blocks ` +
            `${exported.firstSequenceNo}-${exported.lastSequenceNo}`,
        });
      } else {
        recordEquality(recorder, 'proof-subject', this.found.location, `the proof's hash is the hash of ${what} in the export`, proof.hash, this.found.hash);
      }
    }
    const streamHash = hashInStream(proof, items);
    if (streamHash) {
      compared = true;
      recordEquality(recorder, 'proof-subject', { ...location, streamRecord: streamHash.origin }, `the proof's hash is the hash of ${what} in the stream`, proof.hash, streamHash.hash);
    }
    if (!compared) {
      recorder.record({
        check: 'proof-subject',
        status: 'not-run',
        location,
        message: `${what} is in no input given (export or events): the proof shows only that hash ${toHex(proof.hash)} is covered by the digest`,
      });
    }
  }
}

function hashInStream(proof: DigestProof, items: readonly StreamItem[]): { hash: Uint8Array; origin: string } | undefined {
  const { strandId, sequenceNo } = proof.blockAddress;
  for (const item of items) {
    if (item.kind !== 'record') {
      continue;
    }
    const record = item.record;
    if (record.recordType === 'BLOCK_SUMMARY' && record.blockAddress.sequenceNo === sequenceNo && record.blockAddress.strandId === strandId) {
      if (proof.documentId === undefined) {
        return { hash: record.blockHash, origin: describeOrigin(item.origin) };
      }
      const summary = record.revisionSummaries.find((s) => s.documentId === proof.documentId);
      if (summary) {
        return { hash: summary.hash, origin: describeOrigin(item.origin) };
      }
    }
  }
  return undefined;
}

function summarize(exported?: ExportSourceVerification, events?: EventsVerification, digest?: DigestVerification): SourceVerification {
  const parts: Array<[VerifiedInput, VerificationReport]> = [];
  if (exported) parts.push(['export', exported.report]);
  if (events) parts.push(['events', events.report]);
  if (digest) parts.push(['digest', digest.report]);
  let passed = 0;
  let failed = 0;
  let blocksVerified = 0;
  let revisionsVerified = 0;
  let proofsVerified = 0;
  const notChecked: NotChecked[] = [];
  let firstFailure: SourceVerification['firstFailure'];
  for (const [input, report] of parts) {
    for (const [check, byStatus] of Object.entries(report.counts) as Array<[CheckName, Record<string, number>]>) {
      passed += byStatus.passed ?? 0;
      failed += byStatus.failed ?? 0;
      if (check === 'block-hash') blocksVerified += byStatus.passed ?? 0;
      if (check === 'revision-hash') revisionsVerified += byStatus.passed ?? 0;
      if (check === 'proof') proofsVerified += byStatus.passed ?? 0;
      for (const status of ['not-run', 'not-verifiable'] as const) {
        const count = byStatus[status] ?? 0;
        if (count > 0) {
          notChecked.push({ input, check, status, count, reason: report.examples[check]?.[status]?.message ?? '' });
        }
      }
    }
    if (!firstFailure && report.firstFailure) {
      firstFailure = { ...report.firstFailure, input };
    }
  }
  return {
    verified: failed === 0 && passed > 0,
    ...(exported ? { export: exported } : {}),
    ...(events ? { events } : {}),
    ...(digest ? { digest } : {}),
    blocksVerified,
    revisionsVerified,
    proofsVerified,
    checksPassed: passed,
    checksFailed: failed,
    ...(firstFailure ? { firstFailure } : {}),
    notChecked,
  };
}
