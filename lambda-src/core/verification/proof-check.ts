import { IonTypes, makeReader } from 'ion-js';
import { recordEquality } from './block-checks';
import { CheckLocation } from './check-result';
import { readHashField } from './hash-field';
import { VerificationRecorder } from './verification-recorder';
import { foldProof } from '../hashing/proof';

/**
 * Parses a QLDB proof (the `Proof.IonText` of GetBlock / GetRevision: an Ion list of hashes) into its
 * hashes, in order.
 */
export function parseProof(ion: string | Uint8Array): Uint8Array[] {
  const reader = makeReader(ion);
  if (reader.next() !== IonTypes.LIST || reader.isNull()) {
    throw new Error('A QLDB proof must be an Ion list of hashes');
  }
  const hashes: Uint8Array[] = [];
  reader.stepIn();
  while (reader.next() !== null) {
    hashes.push(readHashField(reader, `proof[${hashes.length}]`).bytes);
  }
  reader.stepOut();
  return hashes;
}

export interface ProofCheckInput {
  /** The block or revision hash the proof starts from. */
  readonly start: Uint8Array;
  readonly proof: readonly Uint8Array[];
  /** The ledger digest (GetDigest) the proof was requested for. */
  readonly digest: Uint8Array;
  readonly location: CheckLocation;
  /** What is being proved, for the message (`block 545`, `document D version 2`). */
  readonly subject: string;
}

/** Folds the proof onto the start hash and records whether it reaches the digest. */
export function checkProof(input: ProofCheckInput, recorder: VerificationRecorder): boolean {
  return recordEquality(
    recorder,
    'proof',
    input.location,
    `the ${input.proof.length}-hash proof of ${input.subject} folds to the digest`,
    input.digest,
    foldProof(input.start, input.proof),
  );
}
