import { QLDBClient } from '@aws-sdk/client-qldb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../core/export/s3-object-store';
import { FinishedExport, LedgerExportResult, writeDigestProof } from '../../core/ledger-export/digest-proof-writer';
import { ExportJournalPlan } from '../../core/ledger-export/export-plan';
import { qldbJournalApi } from '../../core/ledger-export/qldb-journal-api';

/** The state after the export map: the plan with the finished exports, in range order. */
export interface ExportProofWriterEvent extends ExportJournalPlan {
  readonly exports: readonly FinishedExport[];
}

const qldb = new QLDBClient({});
const s3 = new S3Client({});

export async function handler(event: ExportProofWriterEvent): Promise<LedgerExportResult> {
  const writer = {
    put: async (key: string, body: string, contentType: string) => {
      await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: key, Body: body, ContentType: contentType }));
    },
  };
  const result = await writeDigestProof(qldbJournalApi(qldb), new S3ObjectStore(s3, event.bucket), writer, event, event.exports);
  console.log(JSON.stringify({ message: 'wrote digest proof', ...result }));
  return result;
}
