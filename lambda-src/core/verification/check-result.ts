/** The checks the verifier runs. */
export type CheckName =
  /** The block (or stream record) has the fields and hash sizes verification needs. */
  | 'block-format'
  /** A revision's hash recomputed from its metadata and data (or dataHash). */
  | 'revision-hash'
  /** A revision's hash is a leaf of its block's revision tree. */
  | 'revision-membership'
  /** IonHash(transactionInfo) is in entriesHashList. */
  | 'transaction-info-hash'
  /** IonHash(redactionInfo) is in entriesHashList. */
  | 'redaction-info-hash'
  /** MerkleRoot(revision hashes, system entries included) is in entriesHashList. */
  | 'revisions-root'
  /** MerkleRoot(entriesHashList) equals entriesHash. */
  | 'entries-root'
  /** joinHashes(entriesHash, previousBlockHash) equals blockHash. */
  | 'block-hash'
  /** previousBlockHash equals the previous block's blockHash. */
  | 'chain'
  /** A proof folded from a block or revision hash equals a digest. */
  | 'proof'
  /** The hash a proof starts from is the hash of that block (or revision) in the export or stream. */
  | 'proof-subject'
  /** The export's manifests name a complete, contiguous run of data objects, and each object holds the blocks its key names. */
  | 'export-plan';

/**
 * `passed` and `failed` are verdicts. `not-verifiable` means the input cannot prove the item (for
 * example a deleted revision whose hash rule is undocumented); `not-run` means the check could not run
 * on this input (for example Ion hashes on a JSON export), with the reason in the message.
 */
export type CheckStatus = 'passed' | 'failed' | 'not-verifiable' | 'not-run';

/** Where a check applies; every field that is known is set. */
export interface CheckLocation {
  /** The export data object (S3 key or file) the block came from. */
  readonly objectKey?: string;
  /** Position of the block among the top-level values of its data object (0-based). */
  readonly blockIndex?: number;
  /** The stream record the item came from (Kinesis sequence / sub-record, or file and value index). */
  readonly streamRecord?: string;
  readonly strandId?: string;
  readonly blockSequenceNo?: number;
  /** Index of the revision within its block's revisions (or revisionSummaries). */
  readonly revisionIndex?: number;
  readonly documentId?: string;
  readonly version?: number;
}

/** The outcome of one check. Hashes are given in hex. */
export interface CheckResult {
  readonly check: CheckName;
  readonly status: CheckStatus;
  readonly location: CheckLocation;
  /** What was checked and, unless it passed, what did not match or why it could not run. */
  readonly message: string;
  /** The hash the check expected (the stated or recomputed value it compared against). */
  readonly expected?: string;
  /** The hash the check found. */
  readonly actual?: string;
  /** For revision hashes: the rule that matched (or would have been used). */
  readonly rule?: string;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** `object K, block 545 (strand S), document D version 0` — the parts that are known. */
export function describeLocation(location: CheckLocation): string {
  const parts: string[] = [];
  if (location.objectKey !== undefined) {
    parts.push(`object ${location.objectKey}`);
  }
  if (location.blockIndex !== undefined) {
    parts.push(`value ${location.blockIndex}`);
  }
  if (location.streamRecord !== undefined) {
    parts.push(location.streamRecord);
  }
  if (location.blockSequenceNo !== undefined) {
    parts.push(`block ${location.blockSequenceNo}${location.strandId === undefined ? '' : ` (strand ${location.strandId})`}`);
  }
  if (location.revisionIndex !== undefined) {
    parts.push(`revision ${location.revisionIndex}`);
  }
  if (location.documentId !== undefined) {
    parts.push(`document ${location.documentId}${location.version === undefined ? '' : ` version ${location.version}`}`);
  }
  return parts.length === 0 ? 'unknown location' : parts.join(', ');
}
