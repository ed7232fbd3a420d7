import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { resolveExportRequest } from '../../../lambda-src/core/ledger-export/export-request';
import { LedgerExport, LedgerExportFormat } from '../../../src';
import { expectValidAsl, plainStack, stateMachineDefinitions } from '../../support/cdk-checks';

const LEDGER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':qldb:us-east-1:123456789012:ledger/vehicle-registration']] };

function synth(props: Partial<ConstructorParameters<typeof LedgerExport>[2]> = {}) {
  const { stack } = plainStack();
  const ledgerExport = new LedgerExport(stack, 'Export', { ledgerName: 'vehicle-registration', ...props });
  return { stack, ledgerExport, template: Template.fromStack(stack) };
}

function onlyDefinition(template: Template): Record<string, any> {
  const definitions = [...stateMachineDefinitions(template).values()];
  expect(definitions).toHaveLength(1);
  return definitions[0];
}

function policyStatementsOf(template: Template, roleLogicalIdPrefix: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(roleLogicalIdPrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('LedgerExport bucket', () => {
  test('the default bucket is SSE-S3 encrypted, refuses plain HTTP, blocks public access, is retained and logs access', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^ExportAccessLogsBucket') }, LogFilePrefix: 'export-bucket/' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^ExportBucket') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('with a KMS key the bucket and the exports use SSE-KMS under that key', () => {
    const { stack } = plainStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new LedgerExport(stack, 'Export', { ledgerName: 'vehicle-registration', encryptionKey: key });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
          BucketKeyEnabled: true,
        }],
      },
    });
    const plan = onlyDefinition(template).States.PlanExport;
    expect(plan.Parameters.config.kmsKeyArn).toBeDefined();
    expect(policyStatementsOf(template, 'ExportExportRole')).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
    });
  });

  test('an existing bucket is used as it is and no bucket is created', () => {
    const { stack } = plainStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Existing', 'my-ledger-exports');
    const ledgerExport = new LedgerExport(stack, 'Export', { ledgerName: 'vehicle-registration', existingBucketObj: bucket });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(ledgerExport.bucket).toBe(bucket);
    expect(ledgerExport.accessLogsBucket).toBeUndefined();
    expect(onlyDefinition(template).States.PlanExport.Parameters.config.bucket).toBe('my-ledger-exports');
  });

  test('bucketProps are merged over the defaults', () => {
    const { template } = synth({ bucketProps: { versioned: true } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });
});

describe('LedgerExport permissions', () => {
  test('QLDB assumes the export role only for this account and ledger, and it writes only under the export prefix', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'qldb.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnEquals: { 'aws:SourceArn': LEDGER_ARN } },
        }],
      },
    });
    expect(policyStatementsOf(template, 'ExportExportRole')).toEqual([{
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:PutObjectAcl'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^ExportBucket/), 'Arn'] }, '/qldb-exports/*']] },
    }]);
  });

  test('each function may call only its QLDB actions, on the exact ledger', () => {
    const { template } = synth();
    const qldbStatements = (prefix: string) => policyStatementsOf(template, prefix).filter((s) => JSON.stringify(s.Action).includes('qldb:'));
    expect(qldbStatements('ExportPlannerRole')).toEqual([{ Effect: 'Allow', Action: ['qldb:GetDigest', 'qldb:GetBlock'], Resource: LEDGER_ARN }]);
    expect(qldbStatements('ExportStarterRole')).toEqual([{ Effect: 'Allow', Action: 'qldb:ExportJournalToS3', Resource: LEDGER_ARN }]);
    expect(qldbStatements('ExportProofWriterRole')).toEqual([{ Effect: 'Allow', Action: ['qldb:GetDigest', 'qldb:GetBlock'], Resource: LEDGER_ARN }]);
    expect(qldbStatements('ExportStateMachineRole')).toEqual([{ Effect: 'Allow', Action: 'qldb:DescribeJournalS3Export', Resource: LEDGER_ARN }]);
  });

  test('the starter may pass only the export role, and only to QLDB', () => {
    const { template } = synth();
    expect(policyStatementsOf(template, 'ExportStarterRole')).toContainEqual({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ExportExportRole/), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'qldb.amazonaws.com' } },
    });
  });

  test('the proof writer lists only the export prefix and reads and writes only objects under it', () => {
    const { template } = synth();
    const s3Statements = policyStatementsOf(template, 'ExportProofWriterRole').filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3Statements).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ExportBucket/), 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['qldb-exports/*'] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^ExportBucket/), 'Arn'] }, '/qldb-exports/*']] },
      },
    ]);
  });

  test('functions run on Node.js 22 with their own log group, retention set', () => {
    const { template } = synth({ logRetention: 30 });
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Handler: 'index.handler' }, 3);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 4);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/LogGroup/) });
      expect(fn.Properties.Environment).toBeUndefined();
    }
  });
});

describe('LedgerExport workflow', () => {
  test('the definition is valid Amazon States Language', () => {
    expectValidAsl(onlyDefinition(synth().template));
  });

  test('plan -> export map -> proof, and each export starts, waits, checks, and loops until COMPLETED or fails on CANCELLED', () => {
    const definition = onlyDefinition(synth({ maxConcurrentExports: 3, pollInterval: Duration.seconds(30) }).template);
    expect(definition.StartAt).toBe('PlanExport');
    expect(definition.States.PlanExport.Next).toBe('ExportRanges');
    expect(definition.States.ExportRanges.Next).toBe('WriteDigestProof');
    expect(definition.States.WriteDigestProof.End).toBe(true);

    const map = definition.States.ExportRanges;
    expect(map.Type).toBe('Map');
    expect(map.MaxConcurrency).toBe(3);
    expect(map.ItemsPath).toBe('$.ranges');
    expect(map.ResultPath).toBe('$.exports');
    const inner = map.ItemProcessor ?? map.Iterator;
    expect(inner.StartAt).toBe('StartExport');
    expect(inner.States.StartExport.Next).toBe('WaitForExport');
    expect(inner.States.StartExport.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: ['LimitExceededException'] }));
    expect(inner.States.WaitForExport).toEqual({ Type: 'Wait', Seconds: 30, Next: 'DescribeExport' });
    expect(inner.States.DescribeExport.Resource).toBe('arn:aws:states:::aws-sdk:qldb:describeJournalS3Export');
    expect(inner.States.DescribeExport.Next).toBe('ExportStatus');
    const choice = inner.States.ExportStatus;
    expect(choice.Choices).toEqual([
      { Variable: '$.status.status', StringEquals: 'COMPLETED', Next: 'ExportCompleted' },
      { Variable: '$.status.status', StringEquals: 'CANCELLED', Next: 'ExportCancelled' },
    ]);
    expect(choice.Default).toBe('WaitForExport');
    expect(inner.States.ExportCancelled).toMatchObject({ Type: 'Fail', Error: 'ExportCancelled' });
    expect(inner.States.ExportCompleted).toMatchObject({ Type: 'Pass', End: true });
  });

  test('at most 2 exports run at once by default, polled every minute; executions time out after 24 hours', () => {
    const { template } = synth();
    const definition = onlyDefinition(template);
    expect(definition.States.ExportRanges.MaxConcurrency).toBe(2);
    expect((definition.States.ExportRanges.ItemProcessor ?? definition.States.ExportRanges.Iterator).States.WaitForExport.Seconds).toBe(60);
    expect(definition.TimeoutSeconds).toBe(86400);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  test('the planner configuration in the definition is one the planner accepts, with the props as defaults', () => {
    const definition = onlyDefinition(synth({ exportCount: 4, outputFormat: LedgerExportFormat.ION_BINARY, exportPrefix: 'exports/' }).template);
    const config = definition.States.PlanExport.Parameters.config;
    const request = resolveExportRequest(config, {}, 'execution-1');
    expect(request).toEqual({
      ledgerName: 'vehicle-registration',
      bucket: config.bucket,
      prefix: 'exports/vehicle-registration/execution-1/',
      exportCount: 4,
      outputFormat: 'ION_BINARY',
    });
    expect(definition.States.PlanExport.Parameters['input.$']).toBe('$');
    expect(definition.States.PlanExport.Parameters['executionName.$']).toBe('$$.Execution.Name');
  });

  test('two syntheses give the same template', () => {
    expect(synth().template.toJSON()).toEqual(synth().template.toJSON());
  });
});

describe('LedgerExport validation', () => {
  const { stack } = plainStack();
  let n = 0;
  const create = (props: Partial<ConstructorParameters<typeof LedgerExport>[2]>) => () =>
    new LedgerExport(stack, `Export${n++}`, { ledgerName: 'vehicle-registration', ...props });

  test.each(['-ledger', 'ledger-', 'two--hyphens', '12345', 'under_score', 'a'.repeat(33), ''])('ledgerName %p is refused', (ledgerName) => {
    expect(create({ ledgerName })).toThrow(/LedgerExport ledgerName .*a QLDB ledger name is 1 to 32/);
  });
  test('existingBucketObj and bucketProps together are refused', () => {
    expect(create({ existingBucketObj: s3.Bucket.fromBucketName(stack, `B${n}`, 'bucket-b'), bucketProps: {} })).toThrow(
      /either existingBucketObj or bucketProps, not both/,
    );
  });
  test('logS3AccessLogs with existingBucketObj is refused', () => {
    expect(create({ existingBucketObj: s3.Bucket.fromBucketName(stack, `C${n}`, 'bucket-c'), logS3AccessLogs: true })).toThrow(
      /logS3AccessLogs: applies only to a new bucket/,
    );
  });
  test.each([0, 101, 2.5])('exportCount %p is refused', (exportCount) => {
    expect(create({ exportCount })).toThrow(`LedgerExport exportCount ${exportCount}: must be an integer from 1 to 100`);
  });
  test.each([0, 21])('maxConcurrentExports %p is refused', (maxConcurrentExports) => {
    expect(create({ maxConcurrentExports })).toThrow(`LedgerExport maxConcurrentExports ${maxConcurrentExports}: must be an integer from 1 to 20`);
  });
  test.each(['no-slash', '/leading/', 'a/../b/', 'a//b/', 'sp ace/'])('exportPrefix %p is refused', (exportPrefix) => {
    expect(create({ exportPrefix })).toThrow(/LedgerExport exportPrefix .*must be empty or a key prefix ending in "\/"/);
  });
  test.each([Duration.seconds(4), Duration.millis(5500), Duration.hours(2)])('pollInterval %s is refused', (pollInterval) => {
    expect(create({ pollInterval })).toThrow(/LedgerExport pollInterval .*: must be a whole number of seconds from 5 seconds to 1 hour/);
  });
  test('valid values are accepted', () => {
    expect(create({ ledgerName: 'a-b-1', exportCount: 100, maxConcurrentExports: 1, exportPrefix: '', pollInterval: Duration.seconds(5) })).not.toThrow();
  });
});

describe('the ASL check', () => {
  test('reports a definition whose StartAt names no state', () => {
    expect(() => expectValidAsl({ StartAt: 'Missing', States: { Done: { Type: 'Succeed' } } })).toThrow(/invalid Amazon States Language definition/);
  });
});
