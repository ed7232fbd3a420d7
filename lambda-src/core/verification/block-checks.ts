import { CheckLocation, CheckResult, describeLocation, toHex } from './check-result';
import { HashedBlock } from './hashed-block';
import { HashedRevision } from './hashed-revision';
import { bytesEqual, matchRevisionHash, revisionContent, revisionHashCandidates } from './revision-hash';
import { VerificationRecorder } from './verification-recorder';
import { HASH_LENGTH, joinHashes } from '../hashing/hash-join';
import { merkleRoot } from '../hashing/merkle-root';

/** The links of a block that the chain check needs. */
export interface ChainLink {
  readonly strandId: string;
  readonly sequenceNo: number;
  readonly blockHash: Uint8Array;
  readonly previousBlockHash: Uint8Array;
  readonly location: CheckLocation;
}

const JSON_TYPES_LOST = 'JSON export: Ion types are lost, so Ion hashes cannot be recomputed (use an ION_TEXT or ION_BINARY export)';

/**
 * Runs every check a block allows and records the outcomes in order: each user revision's hash,
 * IonHash(transactionInfo) and IonHash(redactionInfo) in entriesHashList, the revisions root in
 * entriesHashList, MerkleRoot(entriesHashList) == entriesHash, and joinHashes(entriesHash,
 * previousBlockHash) == blockHash. Returns the block's chain link when its hashes are usable.
 */
export function checkBlock(block: HashedBlock, base: CheckLocation, recorder: VerificationRecorder): ChainLink | undefined {
  const location: CheckLocation = {
    ...base,
    ...(block.blockAddress ? { strandId: block.blockAddress.strandId, blockSequenceNo: block.blockAddress.sequenceNo } : {}),
  };
  const formatProblem = blockFormatProblem(block);
  if (formatProblem !== undefined) {
    recorder.record({ check: 'block-format', status: 'failed', location, message: formatProblem });
    return undefined;
  }
  const entriesHashList = block.entriesHashList!;
  const inEntries = (hash: Uint8Array) => entriesHashList.some((entry) => bytesEqual(entry, hash));
  const leaves = block.revisions?.map((revision) => revision.hash) ?? block.revisionSummaries?.map((summary) => summary.hash) ?? [];

  const unprovenDeletions: Array<{ revision: HashedRevision; index: number }> = [];
  block.revisions?.forEach((revision, index) => {
    if (!revision.isSystemEntry) {
      const outcome = checkRevisionHash(revision, { ...location, ...revisionLocation(revision, index) }, block, recorder);
      if (outcome.status === 'not-verifiable') {
        unprovenDeletions.push({ revision, index });
      }
    }
  });

  if (!block.hasTransactionInfo) {
    recorder.record({ check: 'transaction-info-hash', status: 'failed', location, message: 'the block has no transactionInfo' });
  } else if (block.transactionInfoHash === undefined) {
    recorder.record({ check: 'transaction-info-hash', status: 'not-run', location, message: JSON_TYPES_LOST });
  } else {
    recordMembership(recorder, 'transaction-info-hash', location, 'IonHash(transactionInfo)', block.transactionInfoHash, inEntries);
  }
  if (block.hasRedactionInfo) {
    if (block.redactionInfoHash === undefined) {
      recorder.record({ check: 'redaction-info-hash', status: 'not-run', location, message: JSON_TYPES_LOST });
    } else {
      recordMembership(recorder, 'redaction-info-hash', location, 'IonHash(redactionInfo)', block.redactionInfoHash, inEntries);
    }
  }
  let revisionsRootOk = true;
  if (leaves.length > 0) {
    const root = merkleRoot(leaves);
    revisionsRootOk = recordMembership(recorder, 'revisions-root', location, `MerkleRoot of the ${leaves.length} revision hashes`, root, inEntries);
  }
  const entriesRoot = merkleRoot(entriesHashList);
  const entriesRootOk = recordEquality(recorder, 'entries-root', location, 'MerkleRoot(entriesHashList) equals entriesHash', block.entriesHash!, entriesRoot);
  const blockHash = joinHashes(block.entriesHash!, block.previousBlockHash!);
  const blockHashOk = recordEquality(recorder, 'block-hash', location, 'joinHashes(entriesHash, previousBlockHash) equals blockHash', block.blockHash!, blockHash);

  for (const { revision, index } of unprovenDeletions) {
    const proven = revisionsRootOk && entriesRootOk && blockHashOk;
    recorder.record({
      check: 'revision-membership',
      status: proven ? 'passed' : 'failed',
      location: { ...location, ...revisionLocation(revision, index) },
      message: proven
        ? 'content not verifiable, membership verified: the stated hash is a leaf of the block\'s verified revision tree'
        : 'the stated hash is a leaf of a revision tree that does not verify',
      actual: toHex(revision.hash),
    });
  }
  return {
    strandId: block.blockAddress!.strandId,
    sequenceNo: block.blockAddress!.sequenceNo,
    blockHash: block.blockHash!,
    previousBlockHash: block.previousBlockHash!,
    location,
  };
}

/** Recomputes one revision's hash and records the outcome (with the matching rule). */
export function checkRevisionHash(
  revision: HashedRevision,
  location: CheckLocation,
  block: Pick<HashedBlock, 'ionHashesComputed'>,
  recorder: VerificationRecorder,
): CheckResult {
  if (revision.hash.length !== HASH_LENGTH) {
    return recorder.record({
      check: 'revision-hash',
      status: 'failed',
      location,
      message: `the stated revision hash has ${revision.hash.length} bytes, not ${HASH_LENGTH}`,
      actual: toHex(revision.hash),
    });
  }
  if (revision.parts === undefined) {
    return recorder.record({
      check: 'revision-hash',
      status: 'not-run',
      location,
      message: block.ionHashesComputed ? 'the revision has no metadata' : JSON_TYPES_LOST,
    });
  }
  const match = matchRevisionHash(revision.hash, revision.parts);
  if (match) {
    return recorder.record({ check: 'revision-hash', status: 'passed', location, message: `revision hash recomputed with ${match.rule}`, rule: match.rule, actual: toHex(revision.hash) });
  }
  const candidates = revisionHashCandidates(revision.parts);
  if (revisionContent(revision.parts) === 'deleted') {
    return recorder.record({
      check: 'revision-hash',
      status: 'not-verifiable',
      location,
      message: `deleted revision: the stated hash matches neither candidate rule (${candidates.map((c) => c.rule).join('; ')}); its content cannot be verified, its membership is checked separately`,
      expected: toHex(revision.hash),
      actual: candidates.map((c) => toHex(c.hash)).join(' | '),
    });
  }
  return recorder.record({
    check: 'revision-hash',
    status: 'failed',
    location,
    message: `revision hash mismatch at ${describeLocation(location)}: ${candidates[0].rule} does not give the stated hash`,
    expected: toHex(revision.hash),
    actual: toHex(candidates[0].hash),
    rule: candidates[0].rule,
  });
}

/** Records whether `hash` is one of the hashes accepted by `contains`. */
export function recordMembership(
  recorder: VerificationRecorder,
  check: CheckResult['check'],
  location: CheckLocation,
  what: string,
  hash: Uint8Array,
  contains: (hash: Uint8Array) => boolean,
): boolean {
  const found = contains(hash);
  recorder.record({
    check,
    status: found ? 'passed' : 'failed',
    location,
    message: found ? `${what} is in entriesHashList` : `${what} is not in entriesHashList at ${describeLocation(location)}`,
    actual: toHex(hash),
  });
  return found;
}

/** Records whether a recomputed hash equals the stated one. */
export function recordEquality(
  recorder: VerificationRecorder,
  check: CheckResult['check'],
  location: CheckLocation,
  what: string,
  stated: Uint8Array,
  recomputed: Uint8Array,
): boolean {
  const equal = bytesEqual(stated, recomputed);
  recorder.record({
    check,
    status: equal ? 'passed' : 'failed',
    location,
    message: equal ? what : `not true at ${describeLocation(location)}: ${what}`,
    expected: toHex(stated),
    actual: toHex(recomputed),
  });
  return equal;
}

function revisionLocation(revision: HashedRevision, index: number): CheckLocation {
  return {
    revisionIndex: index,
    ...(revision.documentId === undefined ? {} : { documentId: revision.documentId }),
    ...(revision.version === undefined ? {} : { version: revision.version }),
  };
}

function blockFormatProblem(block: HashedBlock): string | undefined {
  const missing = (['blockAddress', 'blockHash', 'entriesHash', 'previousBlockHash', 'entriesHashList'] as const).filter(
    (field) => block[field] === undefined,
  );
  if (missing.length > 0) {
    return `the block lacks ${missing.join(', ')}`;
  }
  const badLength = (hash: Uint8Array, allowEmpty: boolean) => hash.length !== HASH_LENGTH && !(allowEmpty && hash.length === 0);
  if (badLength(block.blockHash!, false) || badLength(block.entriesHash!, false) || badLength(block.previousBlockHash!, true)) {
    return `blockHash, entriesHash and previousBlockHash must be ${HASH_LENGTH}-byte hashes (found ${block.blockHash!.length}, ${block.entriesHash!.length}, ${block.previousBlockHash!.length} bytes)`;
  }
  const badEntry = block.entriesHashList!.findIndex((hash) => badLength(hash, false));
  if (badEntry >= 0) {
    return `entriesHashList[${badEntry}] has ${block.entriesHashList![badEntry].length} bytes, not ${HASH_LENGTH}`;
  }
  const leaves = block.revisions ?? block.revisionSummaries ?? [];
  const badLeaf = leaves.findIndex((leaf) => badLength(leaf.hash, false));
  if (badLeaf >= 0) {
    return `revision ${badLeaf} has a ${leaves[badLeaf].hash.length}-byte hash, not ${HASH_LENGTH}`;
  }
  return undefined;
}
