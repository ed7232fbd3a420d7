/** The formats ExportJournalToS3 writes. */
export const EXPORT_OUTPUT_FORMATS = ['ION_TEXT', 'ION_BINARY', 'JSON'] as const;
export type ExportOutputFormat = (typeof EXPORT_OUTPUT_FORMATS)[number];

/** What the workflow was deployed with (the state machine passes it to the planner). */
export interface ExportConfiguration {
  readonly ledgerName: string;
  readonly bucket: string;
  /** Every export of this workflow is written under this prefix (the export role may write nowhere else). */
  readonly basePrefix: string;
  readonly defaultExportCount: number;
  readonly maxExportCount: number;
  readonly defaultOutputFormat: ExportOutputFormat;
  /** The role QLDB assumes to write the export. */
  readonly exportRoleArn: string;
  /** A KMS key for SSE_KMS; SSE_S3 without one. */
  readonly kmsKeyArn?: string;
}

/** One execution's export, after defaults and checks. */
export interface ExportRequest {
  readonly ledgerName: string;
  readonly bucket: string;
  /** The S3 prefix of this execution's exports, ending in `/`. */
  readonly prefix: string;
  readonly exportCount: number;
  readonly outputFormat: ExportOutputFormat;
}

const PREFIX_CHARACTERS = /^[A-Za-z0-9!_.*'()\/-]+$/;

/**
 * Applies the configuration's defaults to an execution input `{ledgerName?, bucketPrefix?, exportCount?,
 * outputFormat?}` and checks it; errors name the input field, its value and what is allowed. The default
 * prefix is `<basePrefix><ledgerName>/<executionName>/`, one prefix per execution.
 */
export function resolveExportRequest(config: ExportConfiguration, input: unknown, executionName: string): ExportRequest {
  const fields = input === undefined || input === null ? {} : input;
  if (typeof fields !== 'object' || Array.isArray(fields)) {
    throw new Error(`the execution input must be a JSON object, found ${JSON.stringify(input)}`);
  }
  const { ledgerName, bucketPrefix, exportCount, outputFormat } = fields as Record<string, unknown>;
  if (ledgerName !== undefined && ledgerName !== config.ledgerName) {
    throw new Error(
      `input ledgerName ${JSON.stringify(ledgerName)}: this workflow exports only ledger "${config.ledgerName}" (its permissions are scoped to it)`,
    );
  }
  const count = exportCount ?? config.defaultExportCount;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > config.maxExportCount) {
    throw new Error(`input exportCount ${JSON.stringify(exportCount)}: must be an integer from 1 to ${config.maxExportCount}`);
  }
  const format = outputFormat ?? config.defaultOutputFormat;
  if (typeof format !== 'string' || !(EXPORT_OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new Error(`input outputFormat ${JSON.stringify(outputFormat)}: must be one of ${EXPORT_OUTPUT_FORMATS.join(', ')}`);
  }
  return {
    ledgerName: config.ledgerName,
    bucket: config.bucket,
    prefix: resolvePrefix(config, bucketPrefix, executionName),
    exportCount: count,
    outputFormat: format as ExportOutputFormat,
  };
}

function resolvePrefix(config: ExportConfiguration, bucketPrefix: unknown, executionName: string): string {
  const prefix = bucketPrefix ?? `${config.basePrefix}${config.ledgerName}/${executionName}/`;
  const allowed = `a key prefix under "${config.basePrefix}" of letters, digits and !_.*'()/- without ".." or "//"`;
  if (typeof prefix !== 'string' || !PREFIX_CHARACTERS.test(prefix) || prefix.includes('..') || prefix.includes('//')) {
    throw new Error(`input bucketPrefix ${JSON.stringify(bucketPrefix ?? prefix)}: must be ${allowed}`);
  }
  if (!prefix.startsWith(config.basePrefix) || prefix.length === config.basePrefix.length) {
    throw new Error(`input bucketPrefix ${JSON.stringify(prefix)}: must be ${allowed} (the export role may write only there)`);
  }
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}
