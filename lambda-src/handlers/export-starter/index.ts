import { ExportJournalToS3Command, QLDBClient } from '@aws-sdk/client-qldb';
import { exportJournalRequest, ExportRangeItem } from '../../core/ledger-export/export-journal-request';

const client = new QLDBClient({});

/**
 * Starts the export of one range. SDK errors keep their names (LimitExceededException when two exports
 * already run), so the state machine can retry on them.
 */
export async function handler(event: ExportRangeItem): Promise<{ exportId: string }> {
  const request = exportJournalRequest(event);
  const response = await client.send(new ExportJournalToS3Command(request));
  if (!response.ExportId) {
    throw new Error(`ExportJournalToS3 of ledger ${event.ledgerName} range ${event.range.index} returned no ExportId`);
  }
  console.log(JSON.stringify({ message: 'started journal export', ledgerName: event.ledgerName, range: event.range, exportId: response.ExportId }));
  return { exportId: response.ExportId };
}
