import { ExportDestination } from './export-plan';
import { ExportRange } from './export-ranges';
import { ExportOutputFormat } from './export-request';

/** One item of the workflow's export map: the plan's shared fields and one range. */
export interface ExportRangeItem extends ExportDestination {
  readonly range: ExportRange;
}

/** The ExportJournalToS3 request of one range (field names of the QLDB API). */
export interface ExportJournalToS3Request {
  readonly Name: string;
  readonly InclusiveStartTime: Date;
  readonly ExclusiveEndTime: Date;
  readonly RoleArn: string;
  readonly OutputFormat: ExportOutputFormat;
  readonly S3ExportConfiguration: {
    readonly Bucket: string;
    readonly Prefix: string;
    readonly EncryptionConfiguration: { readonly ObjectEncryptionType: 'SSE_KMS' | 'SSE_S3'; readonly KmsKeyArn?: string };
  };
}

/** Builds the request, checking the range's times; errors name the range index. */
export function exportJournalRequest(item: ExportRangeItem): ExportJournalToS3Request {
  const where = `export range ${item.range?.index} of ledger ${item.ledgerName}`;
  const start = new Date(item.range?.inclusiveStartTime);
  const end = new Date(item.range?.exclusiveEndTime);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start.getTime() >= end.getTime()) {
    throw new Error(
      `${where}: [${item.range?.inclusiveStartTime}, ${item.range?.exclusiveEndTime}) is not a time range with the start before the end`,
    );
  }
  return {
    Name: item.ledgerName,
    InclusiveStartTime: start,
    ExclusiveEndTime: end,
    RoleArn: item.exportRoleArn,
    OutputFormat: item.outputFormat,
    S3ExportConfiguration: {
      Bucket: item.bucket,
      Prefix: item.prefix,
      EncryptionConfiguration: item.kmsKeyArn
        ? { ObjectEncryptionType: 'SSE_KMS', KmsKeyArn: item.kmsKeyArn }
        : { ObjectEncryptionType: 'SSE_S3' },
    },
  };
}
