/**
 * The QLDB journal calls the exporter makes, in the shapes of the QLDB API model (GetDigest, GetBlock,
 * ExportJournalToS3). The handlers implement it with @aws-sdk/client-qldb; tests feed recorded responses.
 */
export interface ValueHolder {
  /** An Ion text value. */
  readonly IonText?: string;
}

export interface GetDigestResponse {
  /** The 32-byte digest of the journal up to the tip. */
  readonly Digest?: Uint8Array;
  /** `{strandId: "...", sequenceNo: N}` as Ion text. */
  readonly DigestTipAddress?: ValueHolder;
}

export interface GetBlockRequest {
  readonly Name: string;
  /** `{strandId: "...", sequenceNo: N}` as Ion text. */
  readonly BlockAddress: ValueHolder;
  /** With a tip address the response carries the block's proof against that digest. */
  readonly DigestTipAddress?: ValueHolder;
}

export interface GetBlockResponse {
  /** The block struct as Ion text. */
  readonly Block?: ValueHolder;
  /** An Ion list of hashes, present when DigestTipAddress was given. */
  readonly Proof?: ValueHolder;
}

export interface LedgerJournalApi {
  getDigest(ledgerName: string): Promise<GetDigestResponse>;
  getBlock(request: GetBlockRequest): Promise<GetBlockResponse>;
}
