import { Template } from 'aws-cdk-lib/assertions';
import { LedgerExport } from '../../../src';
import { assetHashSerializer, plainStack } from '../../support/cdk-checks';

expect.addSnapshotSerializer(assetHashSerializer);

test('the LedgerExport template with default props (asset hashes stripped)', () => {
  const { stack } = plainStack();
  new LedgerExport(stack, 'Export', { ledgerName: 'vehicle-registration' });
  expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
});
