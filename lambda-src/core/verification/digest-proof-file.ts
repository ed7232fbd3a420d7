import { HASH_LENGTH } from '../hashing/hash-join';
import { BlockAddress } from '../model/revision';

/**
 * A saved digest and the proof of one block (or one revision) against it: the file `LedgerExport` keeps beside an
 * export, and the DMV generator writes as `digest-proof.json`.
 */
export interface DigestProof {
  /** The ledger digest (GetDigest). */
  readonly digest: Uint8Array;
  readonly digestTipAddress: BlockAddress;
  /** Sibling hashes; folding them onto `hash` with joinHashes gives `digest`. */
  readonly proof: readonly Uint8Array[];
  /** The proved block hash, or revision hash when `documentId` is set. */
  readonly hash: Uint8Array;
  /** The proved block (for a revision: the block the revision is in). */
  readonly blockAddress: BlockAddress;
  /** Set when `hash` is the hash of this document's revision in `blockAddress`, not a block hash. */
  readonly documentId?: string;
}

/** The proof file as JSON (hashes base64): what `LedgerExport` and the DMV generator write, and `parseDigestProof` reads. */
export interface DigestProofFile {
  readonly digest: string;
  readonly digestTipAddress: BlockAddress;
  readonly proof: string[];
  readonly hash: string;
  readonly blockAddress: BlockAddress;
  readonly documentId?: string;
  /** The proved block's commit time, as its Ion text (written by LedgerExport). */
  readonly blockTimestamp?: string;
  /** The ledger the digest belongs to (written by LedgerExport). */
  readonly ledgerName?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Parses a proof file: `{"digest": base64, "digestTipAddress": {"strandId", "sequenceNo"}, "proof": [base64, ...],
 * "hash": base64, "blockAddress": {"strandId", "sequenceNo"}, "documentId"?: string}`. Throws naming the file and
 * the key that is missing or malformed.
 */
export function parseDigestProof(json: string, source: string): DigestProof {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source}: a proof file must be a JSON object with digest, digestTipAddress, proof, hash and blockAddress`);
  }
  const file = parsed as Record<string, unknown>;
  const proof = file.proof;
  if (!Array.isArray(proof)) {
    throw new Error(`${source}: "proof" must be an array of base64 hashes`);
  }
  const documentId = file.documentId;
  if (documentId !== undefined && documentId !== null && typeof documentId !== 'string') {
    throw new Error(`${source}: "documentId" must be a string when present`);
  }
  const digestTipAddress = blockAddress(file.digestTipAddress, `${source}: "digestTipAddress"`);
  const address = blockAddress(file.blockAddress, `${source}: "blockAddress"`);
  if (address.strandId !== digestTipAddress.strandId || address.sequenceNo > digestTipAddress.sequenceNo) {
    throw new Error(
      `${source}: the proved block ${address.strandId}/${address.sequenceNo} is not covered by the digest tip ` +
        `${digestTipAddress.strandId}/${digestTipAddress.sequenceNo}`,
    );
  }
  return {
    digest: hash(file.digest, `${source}: "digest"`),
    digestTipAddress,
    proof: proof.map((item, i) => hash(item, `${source}: "proof"[${i}]`)),
    hash: hash(file.hash, `${source}: "hash"`),
    blockAddress: address,
    ...(typeof documentId === 'string' ? { documentId } : {}),
  };
}

function hash(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw new Error(`${where} must be a base64 string`);
  }
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (bytes.length !== HASH_LENGTH) {
    throw new Error(`${where} must be a ${HASH_LENGTH}-byte SHA-256 hash, found ${bytes.length} bytes`);
  }
  return bytes;
}

function blockAddress(value: unknown, where: string): BlockAddress {
  const address = value as { strandId?: unknown; sequenceNo?: unknown } | null;
  if (typeof address !== 'object' || address === null || typeof address.strandId !== 'string' ||
    typeof address.sequenceNo !== 'number' || !Number.isSafeInteger(address.sequenceNo) || address.sequenceNo < 0) {
    throw new Error(`${where} must be {"strandId": string, "sequenceNo": non-negative integer}`);
  }
  return { strandId: address.strandId, sequenceNo: address.sequenceNo };
}
