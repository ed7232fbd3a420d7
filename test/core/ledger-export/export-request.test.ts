import { exportJournalRequest } from '../../../lambda-src/core/ledger-export/export-journal-request';
import { ExportConfiguration, resolveExportRequest } from '../../../lambda-src/core/ledger-export/export-request';

const CONFIG: ExportConfiguration = {
  ledgerName: 'vehicle-registration',
  bucket: 'exports-bucket',
  basePrefix: 'qldb-exports/',
  defaultExportCount: 2,
  maxExportCount: 100,
  defaultOutputFormat: 'ION_TEXT',
  exportRoleArn: 'arn:aws:iam::123456789012:role/export',
};

describe('resolveExportRequest', () => {
  test('an empty input takes every default and a prefix of its own per execution', () => {
    expect(resolveExportRequest(CONFIG, {}, 'exec-42')).toEqual({
      ledgerName: 'vehicle-registration',
      bucket: 'exports-bucket',
      prefix: 'qldb-exports/vehicle-registration/exec-42/',
      exportCount: 2,
      outputFormat: 'ION_TEXT',
    });
    expect(resolveExportRequest(CONFIG, null, 'exec-43').prefix).toBe('qldb-exports/vehicle-registration/exec-43/');
  });

  test('the input overrides the defaults; a prefix gets its trailing slash', () => {
    const input = { ledgerName: 'vehicle-registration', bucketPrefix: 'qldb-exports/cutover', exportCount: 8, outputFormat: 'JSON' };
    expect(resolveExportRequest(CONFIG, input, 'exec')).toMatchObject({ prefix: 'qldb-exports/cutover/', exportCount: 8, outputFormat: 'JSON' });
  });

  test.each([
    [{ ledgerName: 'other-ledger' }, 'input ledgerName "other-ledger": this workflow exports only ledger "vehicle-registration"'],
    [{ exportCount: 0 }, 'input exportCount 0: must be an integer from 1 to 100'],
    [{ exportCount: '4' }, 'input exportCount "4": must be an integer from 1 to 100'],
    [{ outputFormat: 'CSV' }, 'input outputFormat "CSV": must be one of ION_TEXT, ION_BINARY, JSON'],
    [{ bucketPrefix: 'elsewhere/' }, 'input bucketPrefix "elsewhere/": must be a key prefix under "qldb-exports/"'],
    [{ bucketPrefix: 'qldb-exports/../x/' }, 'input bucketPrefix "qldb-exports/../x/": must be a key prefix under "qldb-exports/"'],
    [{ bucketPrefix: 'qldb-exports/' }, 'input bucketPrefix "qldb-exports/": must be a key prefix under "qldb-exports/"'],
    [[1, 2], 'the execution input must be a JSON object, found [1,2]'],
  ])('input %j is refused', (input, message) => {
    expect(() => resolveExportRequest(CONFIG, input, 'exec')).toThrow(message);
  });
});

describe('exportJournalRequest', () => {
  const item = {
    ledgerName: 'vehicle-registration',
    bucket: 'exports-bucket',
    prefix: 'qldb-exports/vehicle-registration/exec/',
    outputFormat: 'ION_BINARY' as const,
    exportRoleArn: 'arn:aws:iam::123456789012:role/export',
    range: { index: 1, inclusiveStartTime: '2024-03-14T09:26:53.123Z', exclusiveEndTime: '2024-03-15T17:02:11.900Z', firstPlannedBlock: 250 },
  };

  test('builds the ExportJournalToS3 request of one range, SSE_S3 without a key', () => {
    expect(exportJournalRequest(item)).toEqual({
      Name: 'vehicle-registration',
      InclusiveStartTime: new Date('2024-03-14T09:26:53.123Z'),
      ExclusiveEndTime: new Date('2024-03-15T17:02:11.900Z'),
      RoleArn: 'arn:aws:iam::123456789012:role/export',
      OutputFormat: 'ION_BINARY',
      S3ExportConfiguration: {
        Bucket: 'exports-bucket',
        Prefix: 'qldb-exports/vehicle-registration/exec/',
        EncryptionConfiguration: { ObjectEncryptionType: 'SSE_S3' },
      },
    });
  });

  test('with a KMS key the export is SSE_KMS under it', () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(exportJournalRequest({ ...item, kmsKeyArn }).S3ExportConfiguration.EncryptionConfiguration).toEqual({ ObjectEncryptionType: 'SSE_KMS', KmsKeyArn: kmsKeyArn });
  });

  test('a range that does not start before it ends is refused, naming the range', () => {
    const range = { ...item.range, exclusiveEndTime: item.range.inclusiveStartTime };
    expect(() => exportJournalRequest({ ...item, range })).toThrow(
      'export range 1 of ledger vehicle-registration: [2024-03-14T09:26:53.123Z, 2024-03-14T09:26:53.123Z) is not a time range with the start before the end',
    );
  });
});
