import { existsSync } from 'fs';
import { join } from 'path';
import { handlerAssetPath } from '../../src/constructs/common/handler-function';

/**
 * The bundles the constructs deploy (assets/<name>/index.js, built by scripts/bundle.js before the tests run):
 * each loads on its own and refuses a bad event before calling any AWS service.
 */
function bundled(name: string): { handler: (event: unknown) => Promise<unknown> } {
  const file = join(handlerAssetPath(name), 'index.js');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run \`node scripts/bundle.js\` (the compile task does) before the tests`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}

const CONFIG = {
  ledgerName: 'vehicle-registration',
  bucket: 'exports-bucket',
  basePrefix: 'qldb-exports/',
  defaultExportCount: 2,
  maxExportCount: 100,
  defaultOutputFormat: 'ION_TEXT',
  exportRoleArn: 'arn:aws:iam::123456789012:role/export',
};

describe('bundled handlers', () => {
  beforeAll(() => {
    process.env.AWS_REGION = 'us-east-1';
  });

  test.each(['export-planner', 'export-starter', 'export-proof-writer', 'schema-applier'])('%s exports a handler function', (name) => {
    expect(typeof bundled(name).handler).toBe('function');
  });

  test('the planner refuses an execution input for another ledger before calling QLDB', async () => {
    await expect(bundled('export-planner').handler({ config: CONFIG, input: { ledgerName: 'other' }, executionName: 'x' })).rejects.toThrow(
      'input ledgerName "other": this workflow exports only ledger "vehicle-registration"',
    );
  });

  test('the starter refuses an empty range before calling QLDB', async () => {
    const range = { index: 0, inclusiveStartTime: '2024-01-01T00:00:00.000Z', exclusiveEndTime: '2024-01-01T00:00:00.000Z', firstPlannedBlock: 0 };
    await expect(bundled('export-starter').handler({ ...CONFIG, prefix: 'qldb-exports/x/', outputFormat: 'ION_TEXT', range })).rejects.toThrow(
      'export range 0 of ledger vehicle-registration: [2024-01-01T00:00:00.000Z, 2024-01-01T00:00:00.000Z) is not a time range',
    );
  });

  test('the schema applier refuses an unknown direct action and a request without its properties', async () => {
    const { handler } = bundled('schema-applier');
    await expect(handler({ action: 'Drop' })).rejects.toThrow('schema applier: unknown action "Drop"');
    await expect(handler({ RequestType: 'Create', LogicalResourceId: 'Schema', ResourceProperties: { ServiceToken: 'x' } })).rejects.toThrow(
      'Create Schema: ApplyPostLoadDdl is missing or empty',
    );
  });
});
