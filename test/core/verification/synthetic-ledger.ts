import { createHash } from 'crypto';
import { dom } from 'ion-js';
import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { ionHash } from '../../../lambda-src/core/hashing/ion-hash';
import { merkleRoot } from '../../../lambda-src/core/hashing/merkle-root';

/**
 * Builds small ledgers of export blocks whose hashes follow QLDB's rules (using the hash primitives,
 * which are checked against real QLDB data elsewhere), to exercise cases the real fixture lacks:
 * several blocks and data objects, deletions, redactions, system entries, JSON exports.
 */
export type SyntheticRevision =
  | { readonly kind: 'data'; readonly id: string; readonly version: number; readonly data: string }
  | { readonly kind: 'redacted'; readonly id: string; readonly version: number; readonly originalData: string }
  | { readonly kind: 'deleted'; readonly id: string; readonly version: number; readonly rule: 'metadata-only' | 'empty-data' | 'unknown' }
  | { readonly kind: 'system'; readonly seed: string };

export interface SyntheticBlockInput {
  readonly sequenceNo: number;
  readonly previousBlockHash: Uint8Array;
  readonly revisions?: readonly SyntheticRevision[];
  readonly transactionInfo?: string;
  readonly redactionInfo?: string;
}

export interface SyntheticBlock {
  readonly sequenceNo: number;
  /** The block as Ion text. */
  readonly ion: string;
  readonly blockHash: Uint8Array;
  readonly revisionHashes: readonly Uint8Array[];
}

export const STRAND = 'SyntheticStrand0000001';
const b64 = (bytes: Uint8Array) => `{{${Buffer.from(bytes).toString('base64')}}}`;
const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

export function metadataText(id: string, version: number, sequenceNo: number): string {
  return `{id:"${id}",version:${version},txTime:2021-06-01T10:00:0${sequenceNo % 10}.123Z,txId:"tx${sequenceNo}"}`;
}

export function buildBlock(input: SyntheticBlockInput): SyntheticBlock {
  const address = `{strandId:"${STRAND}",sequenceNo:${input.sequenceNo}}`;
  const transactionInfo = input.transactionInfo ?? `{statements:[{statement:"INSERT INTO T ?",startTime:2021-06-01T10:00:00.001Z,statementDigest:${b64(sha256('stmt'))}}]}`;
  const revisionTexts: string[] = [];
  const revisionHashes: Uint8Array[] = [];
  for (const revision of input.revisions ?? []) {
    if (revision.kind === 'system') {
      const hash = sha256(revision.seed);
      revisionHashes.push(hash);
      revisionTexts.push(`{hash:${b64(hash)}}`);
      continue;
    }
    const metadata = metadataText(revision.id, revision.version, input.sequenceNo);
    const metadataHash = ionHash(metadata);
    let hash: Uint8Array;
    let body: string;
    if (revision.kind === 'data') {
      hash = joinHashes(metadataHash, ionHash(revision.data));
      body = `data:${revision.data},`;
    } else if (revision.kind === 'redacted') {
      const dataHash = ionHash(revision.originalData);
      hash = joinHashes(metadataHash, dataHash);
      body = `dataHash:${b64(dataHash)},`;
    } else {
      hash =
        revision.rule === 'metadata-only'
          ? metadataHash
          : revision.rule === 'empty-data'
            ? joinHashes(metadataHash, new Uint8Array(createHash('sha256').digest()))
            : sha256(`undocumented deletion ${revision.id}`);
      body = '';
    }
    revisionHashes.push(hash);
    revisionTexts.push(`{blockAddress:${address},hash:${b64(hash)},${body}metadata:${metadata}}`);
  }
  const entriesHashList: Uint8Array[] = [sha256(`system entry of block ${input.sequenceNo}`)];
  if (revisionHashes.length > 0) {
    entriesHashList.push(merkleRoot(revisionHashes));
  }
  entriesHashList.push(ionHash(transactionInfo));
  if (input.redactionInfo !== undefined) {
    entriesHashList.push(ionHash(input.redactionInfo));
  }
  const entriesHash = merkleRoot(entriesHashList);
  const blockHash = joinHashes(entriesHash, input.previousBlockHash);
  const ion =
    `{blockAddress:${address},transactionId:"tx${input.sequenceNo}",blockTimestamp:2021-06-01T10:00:0${input.sequenceNo % 10}.200Z,` +
    `blockHash:${b64(blockHash)},entriesHash:${b64(entriesHash)},previousBlockHash:${b64(input.previousBlockHash)},` +
    `entriesHashList:[${entriesHashList.map(b64).join(',')}],transactionInfo:${transactionInfo},` +
    (input.redactionInfo === undefined ? '' : `redactionInfo:${input.redactionInfo},`) +
    (revisionTexts.length === 0 ? '' : `revisions:[${revisionTexts.join(',')}]`) +
    '}';
  return { sequenceNo: input.sequenceNo, ion, blockHash, revisionHashes };
}

/** Consecutive blocks starting at `first`, each chained to the one before. */
export function buildChain(first: number, inputs: ReadonlyArray<Omit<SyntheticBlockInput, 'sequenceNo' | 'previousBlockHash'>>, previousBlockHash = sha256('genesis')): SyntheticBlock[] {
  const blocks: SyntheticBlock[] = [];
  let previous: Uint8Array = previousBlockHash;
  inputs.forEach((input, i) => {
    const block = buildBlock({ ...input, sequenceNo: first + i, previousBlockHash: previous });
    blocks.push(block);
    previous = block.blockHash;
  });
  return blocks;
}

/** The blocks as a JSON Lines export writes them (Ion down-converted: blobs become base64 strings). */
export function toJsonLines(blocks: readonly SyntheticBlock[]): string {
  return blocks.map((block) => JSON.stringify(dom.load(block.ion))).join('\n');
}
