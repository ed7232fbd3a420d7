import { GetBlockCommand, GetDigestCommand, QLDBClient } from '@aws-sdk/client-qldb';
import { LedgerJournalApi } from './journal-api';

/** The journal calls through the QLDB control-plane client. */
export function qldbJournalApi(client: QLDBClient): LedgerJournalApi {
  return {
    getDigest: (ledgerName) => client.send(new GetDigestCommand({ Name: ledgerName })),
    getBlock: (request) => client.send(new GetBlockCommand(request)),
  };
}
