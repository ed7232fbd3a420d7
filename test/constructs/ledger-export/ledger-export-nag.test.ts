import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LedgerExport } from '../../../src';
import { plainStack, unacknowledgedNagFindings } from '../../support/cdk-checks';

describe('LedgerExport under cdk-nag AwsSolutions', () => {
  test('default props leave no unacknowledged finding', () => {
    // GIVEN
    const { app, stack } = plainStack();
    // WHEN
    new LedgerExport(stack, 'Export', { ledgerName: 'vehicle-registration' });
    // THEN
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  test('a KMS key without access logs leaves no unacknowledged finding', () => {
    const { app, stack } = plainStack();
    new LedgerExport(stack, 'Export', {
      ledgerName: 'vehicle-registration',
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      logS3AccessLogs: false,
    });
    expect(unacknowledgedNagFindings(app)).toEqual([]);
  });

  test('the checks do report what the construct does not acknowledge', () => {
    // GIVEN a bucket outside the construct with no access logs and no TLS enforcement
    const { app, stack } = plainStack();
    const bucket = new s3.Bucket(stack, 'Unchecked');
    // WHEN
    new LedgerExport(stack, 'Export', { ledgerName: 'vehicle-registration', existingBucketObj: bucket });
    // THEN
    const findings = unacknowledgedNagFindings(app);
    expect(findings.some((f) => f.startsWith('AwsSolutions-S1 at TestStack/Unchecked/Resource'))).toBe(true);
    expect(findings.some((f) => f.startsWith('AwsSolutions-S10 at TestStack/Unchecked/Resource'))).toBe(true);
    expect(findings.filter((f) => f.includes('TestStack/Export/'))).toEqual([]);
  });
});
