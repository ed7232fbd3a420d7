import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';
import { describeLocation } from '../../core/verification/check-result';
import { SourceVerification, verifySources } from '../../core/verification/source-verification';
import { CheckCounts } from '../../core/verification/verification-recorder';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';

function countsRows(input: string, counts: CheckCounts): Array<Array<string | number>> {
  return Object.entries(counts).map(([check, byStatus]) => [
    input, check, byStatus!.passed ?? 0, byStatus!.failed ?? 0, (byStatus!['not-run'] ?? 0) + (byStatus!['not-verifiable'] ?? 0),
  ]);
}

/** One line: the verdict and the headline counts. */
export function verificationVerdict(result: SourceVerification): string {
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const counts = `${plural(result.blocksVerified, 'block')}, ${plural(result.revisionsVerified, 'revision')} and ` +
    `${plural(result.proofsVerified, 'proof')} verified`;
  if (result.verified) {
    return `VERIFIED: ${counts}; no check failed.`;
  }
  if (result.checksFailed === 0) {
    return 'NOT VERIFIED: no check could run on the input.';
  }
  return `NOT VERIFIED: ${result.checksFailed} checks failed (${counts}).`;
}

/** The verification result for people: inputs, counts per check, what could not be checked and why, the first failure. */
export function renderSourceVerification(result: SourceVerification): string {
  const lines: string[] = [];
  const rows: Array<Array<string | number>> = [];
  if (result.export) {
    const e = result.export;
    const range = e.firstSequenceNo === undefined ? 'no blocks' : `blocks ${e.firstSequenceNo}-${e.lastSequenceNo}`;
    lines.push(`Export ${e.location}: ${e.objectsRead}/${e.objectsPlanned} data objects (${e.formats.join(', ') || 'no data'}), ` +
      `${e.blocksRead} blocks read, ${range}.`);
    rows.push(...countsRows('export', e.report.counts));
  }
  if (result.events) {
    const e = result.events;
    lines.push(`Events ${e.path}: ${e.records} stream records decoded${e.undecodable > 0 ? `, ${e.undecodable} undecodable` : ''}.`);
    rows.push(...countsRows('events', e.report.counts));
  }
  if (result.digest) {
    const d = result.digest;
    const proof = d.proof;
    lines.push(proof
      ? `Digest ${d.path}: tip block ${proof.digestTipAddress.sequenceNo}, proof of ${proof.documentId === undefined ? '' : `document ${proof.documentId} in `}` +
        `block ${proof.blockAddress.sequenceNo} (${proof.proof.length} hashes).`
      : `Digest ${d.path}: unreadable.`);
    rows.push(...countsRows('digest', d.report.counts));
  }
  lines.push('', formatTable(['input', 'check', 'passed', 'failed', 'not checked'], rows));
  if (result.notChecked.length > 0) {
    lines.push('', 'Not checked:');
    for (const n of result.notChecked) {
      lines.push(`  ${n.input} ${n.check}: ${n.count} ${n.status}: ${n.reason}`);
    }
  }
  const failure = result.firstFailure;
  if (failure) {
    lines.push('', `FIRST FAILURE (${failure.input}): ${failure.check} at ${describeLocation(failure.location)}`, `  ${failure.message}`);
    if (failure.expected !== undefined) lines.push(`  expected ${failure.expected}`);
    if (failure.actual !== undefined) lines.push(`  actual   ${failure.actual}`);
  }
  lines.push('', verificationVerdict(result));
  return lines.join('\n');
}

/** The JSON summary: counts and outcomes, without the hashes of the inputs. */
export function verificationJson(result: SourceVerification): Record<string, unknown> {
  const { export: exported, events, digest, ...rest } = result;
  return {
    ...rest,
    ...(exported ? {
      export: {
        location: exported.location,
        objectsPlanned: exported.objectsPlanned,
        objectsRead: exported.objectsRead,
        blocksRead: exported.blocksRead,
        firstSequenceNo: exported.firstSequenceNo,
        lastSequenceNo: exported.lastSequenceNo,
        formats: exported.formats,
        counts: exported.report.counts,
      },
    } : {}),
    ...(events ? { events: { path: events.path, records: events.records, undecodable: events.undecodable, counts: events.report.counts } } : {}),
    ...(digest ? {
      digest: {
        path: digest.path,
        counts: digest.report.counts,
        ...(digest.proof
          ? { blockAddress: digest.proof.blockAddress, digestTipAddress: digest.proof.digestTipAddress, documentId: digest.proof.documentId }
          : {}),
      },
    } : {}),
  };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'verify an export, stream events and a digest proof against the ledger\'s hashes',
  usage: `Usage: qldb-migrate verify [--export DIR|s3://bucket/prefix] [--events FILE|DIR] [--digest FILE] [--json]

Recomputes the ledger's hashes from the data: every revision hash (Ion hash of metadata and data, or dataHash),
the revisions and entries Merkle roots, IonHash(transactionInfo), every block hash, the chain of blocks across
data objects and contiguous exports, and folds a proof to its saved digest. JSON exports get chain-level checks
only (Ion types are lost); what could not be checked is listed with the reason. Exit code 0 only when at least one
check ran and none failed.
  --export DIR|s3://bucket/prefix   a journal export (ION_TEXT, ION_BINARY or JSON; one or several contiguous exports)
  --events FILE|DIR  recorded Lambda Kinesis events (.json) or Ion stream records: BLOCK_SUMMARY hashes,
                     REVISION_DETAILS hashes and each revision's membership in its block
  --digest FILE      a proof file {digest, digestTipAddress, proof, hash, blockAddress, documentId?}: the proof must
                     fold from hash to digest, and hash must be that block's (or revision's) hash in the inputs
  --json             print the summary as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('verify', args, {
      export: { type: 'string' },
      events: { type: 'string' },
      digest: { type: 'string' },
      json: { type: 'boolean', default: false },
    });
    if (!options.export && !options.events && !options.digest) {
      throw new UsageError('qldb-migrate verify: give at least one of --export, --events and --digest');
    }
    const out = new Output(options.json ?? false);
    const progress = new ProgressLine();
    try {
      const result = await verifySources({
        exportLocation: options.export,
        eventsPath: options.events,
        digestFile: options.digest,
        onExportProgress: (p) => progress.update((s) =>
          `objects ${p.objects}/${p.totalObjects}  blocks ${p.blocks}  ${Math.round(p.blocks / Math.max(s, 0.001))} blocks/s`),
      });
      progress.done();
      out.text(renderSourceVerification(result));
      out.summary({ command: 'verify', seconds: progress.elapsedSeconds, ...verificationJson(result) });
      return result.verified ? 0 : 1;
    } finally {
      progress.done();
    }
  },
};
