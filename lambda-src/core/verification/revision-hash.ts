import { createHash } from 'crypto';
import { joinHashes } from '../hashing/hash-join';

/** The parts of a revision its hash is computed from. */
export interface RevisionHashParts {
  /** IonHash(metadata). */
  readonly metadataHash: Uint8Array;
  /** IonHash(data), when the revision has data. */
  readonly dataIonHash?: Uint8Array;
  /** The stated dataHash of a redacted revision. */
  readonly dataHash?: Uint8Array;
}

/** A rule that computes a revision hash, and the hash it gives. */
export interface RevisionHashCandidate {
  readonly rule: string;
  readonly hash: Uint8Array;
}

export type RevisionContent = 'data' | 'redacted' | 'deleted';

export const RULE_DATA = 'joinHashes(ionHash(metadata), ionHash(data))';
export const RULE_REDACTED = 'joinHashes(ionHash(metadata), dataHash)';
export const RULE_DELETED_METADATA_ONLY = 'deleted: ionHash(metadata)';
export const RULE_DELETED_EMPTY_DATA = 'deleted: joinHashes(ionHash(metadata), sha256(empty))';

const SHA256_OF_EMPTY = new Uint8Array(createHash('sha256').digest());

export function revisionContent(parts: RevisionHashParts): RevisionContent {
  if (parts.dataIonHash !== undefined) {
    return 'data';
  }
  return parts.dataHash !== undefined ? 'redacted' : 'deleted';
}

/**
 * The hashes a revision may have. A revision with data or a redacted one has exactly one; a deleted
 * revision (neither data nor dataHash) has two candidates, because QLDB does not document its rule.
 */
export function revisionHashCandidates(parts: RevisionHashParts): RevisionHashCandidate[] {
  switch (revisionContent(parts)) {
    case 'data':
      return [{ rule: RULE_DATA, hash: joinHashes(parts.metadataHash, parts.dataIonHash!) }];
    case 'redacted':
      return [{ rule: RULE_REDACTED, hash: joinHashes(parts.metadataHash, parts.dataHash!) }];
    case 'deleted':
      return [
        { rule: RULE_DELETED_METADATA_ONLY, hash: parts.metadataHash },
        { rule: RULE_DELETED_EMPTY_DATA, hash: joinHashes(parts.metadataHash, SHA256_OF_EMPTY) },
      ];
  }
}

/** The candidate rule that reproduces the stated hash, if any. */
export function matchRevisionHash(statedHash: Uint8Array, parts: RevisionHashParts): RevisionHashCandidate | undefined {
  return revisionHashCandidates(parts).find((candidate) => bytesEqual(candidate.hash, statedHash));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
