import { GetBlockRequest, GetBlockResponse, GetDigestResponse, LedgerJournalApi } from '../../../lambda-src/core/ledger-export/journal-api';

/** Answers from recorded responses and records the requests, in order. */
export class RecordedJournal implements LedgerJournalApi {
  public readonly requests: string[] = [];

  constructor(
    private readonly digest: GetDigestResponse,
    private readonly blocks: Record<number, GetBlockResponse>,
  ) {}

  public async getDigest(ledgerName: string): Promise<GetDigestResponse> {
    this.requests.push(`GetDigest ${ledgerName}`);
    return this.digest;
  }

  public async getBlock(request: GetBlockRequest): Promise<GetBlockResponse> {
    this.requests.push(`GetBlock ${request.Name} ${request.BlockAddress.IonText}`);
    const sequenceNo = Number(/sequenceNo:(\d+)/.exec(request.BlockAddress.IonText ?? '')?.[1]);
    const response = this.blocks[sequenceNo];
    if (response === undefined) {
      throw Object.assign(new Error(`no recorded block ${sequenceNo}`), { name: 'InvalidParameterException' });
    }
    return response;
  }
}
