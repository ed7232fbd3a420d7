import { join } from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { consumerSettings } from '../../../lambda-src/handlers/cdc-consumer/consumer-settings';
import { METRICS_NAMESPACE } from '../../../lambda-src/handlers/cdc-consumer/kinesis-batch-consumer';
import { streamStarterSettings } from '../../../lambda-src/handlers/stream-starter/stream-request';
import { CHANGE_CONSUMER_METRICS_NAMESPACE, LedgerChangeStream, LedgerChangeStreamProps } from '../../../src';
import { auroraTarget } from '../../support/aurora-target';
import { plainStack, unacknowledgedNagFindings } from '../../support/cdk-checks';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:target-secret-AbCdEf';
const CLUSTER_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:cluster:target-cluster']] };

function build(props: Partial<LedgerChangeStreamProps> = {}, more: (stack: Stack) => Partial<LedgerChangeStreamProps> = () => ({})) {
  const { app, stack } = plainStack();
  const targetCluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, 'Cluster', { clusterIdentifier: 'target-cluster' });
  const targetSecret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN);
  const changeStream = new LedgerChangeStream(stack, 'Changes', { ledgerName: 'vehicle-registration', mapping: dmvMapping(), targetCluster, targetSecret, ...props, ...more(stack) });
  return { app, stack, changeStream, template: Template.fromStack(stack) };
}

function functionOf(template: Template, prefix: string): any {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0][1].Properties;
}

function roleStatements(template: Template, rolePrefix: string): any[] {
  const roleIds = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith(rolePrefix));
  expect(roleIds).toHaveLength(1);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleIds[0]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('LedgerChangeStream', () => {
  test('the Kinesis stream is KMS-encrypted and on demand by default, provisioned with a shard count', () => {
    build().template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    });
    const provisioned = build({ shardCount: 4 }, (stack) => ({ encryptionKey: new kms.Key(stack, 'K', { enableKeyRotation: true }) })).template;
    provisioned.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 4,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: Match.anyValue() },
    });
  });

  test('the event source mapping bisects, retries a bounded number of times, ages records out to SQS and reports item failures', () => {
    const { template } = build({ retryAttempts: 5, maxRecordAge: Duration.hours(6), batchSize: 500 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 500,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 21600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChangesDeadLetterQueue'), 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
  });

  test('the consumer\'s environment and asset are what the consumer reads: the cluster, the secret and the mapping', () => {
    const { app, template } = build({ databaseName: 'ledger', afterBlock: 99 });
    const variables = functionOf(template, 'ChangesConsumer').Environment.Variables;
    expect(variables).toMatchObject({ CLUSTER_ARN, SECRET_ARN, DATABASE: 'ledger', MAPPING_FILE: 'mapping.json', AFTER_BLOCK: '99' });
    const assembly = app.synth();
    const code = functionOf(template, 'ChangesConsumer').Code.S3Key.replace(/\.zip$/, '');
    const env = { ...variables, CLUSTER_ARN: 'arn:aws:rds:us-east-1:123456789012:cluster:target-cluster' };
    const settings = consumerSettings(env, join(assembly.directory, `asset.${code}`));
    expect(settings.mapping.toJson()).toBe(dmvMapping().toJson());
    expect(settings).toMatchObject({ database: 'ledger', afterBlock: 99, secretArn: SECRET_ARN });
  });

  test('the consumer may use the Data API on the cluster and read the exact secret; the QLDB role may only write the stream', () => {
    const { template } = build();
    const consumer = roleStatements(template, 'ChangesConsumerRole');
    expect(consumer).toContainEqual({
      Effect: 'Allow',
      Action: ['rds-data:BeginTransaction', 'rds-data:ExecuteStatement', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'],
      Resource: CLUSTER_ARN,
    });
    expect(consumer).toContainEqual({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN });
    expect(consumer.filter((s) => JSON.stringify(s.Resource) === '"*"')).toEqual([]);
    expect(roleStatements(template, 'ChangesQldbStreamRole')).toEqual([{
      Effect: 'Allow',
      Action: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ChangesStream/), 'Arn'] },
    }]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'qldb.amazonaws.com' }, Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '123456789012' } }) })] },
    });
  });

  test('with a start time the QLDB stream is a resource with aggregation on; without one a starter function starts it', () => {
    const created = build({ inclusiveStartTime: '2025-07-01T12:00:00Z' });
    created.template.hasResourceProperties('AWS::QLDB::Stream', {
      LedgerName: 'vehicle-registration',
      StreamName: 'aurora-migration',
      InclusiveStartTime: '2025-07-01T12:00:00Z',
      KinesisConfiguration: { AggregationEnabled: true, StreamArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChangesStream'), 'Arn'] } },
    });
    expect(created.changeStream.starterFunction).toBeUndefined();

    const later = build();
    later.template.resourceCountIs('AWS::QLDB::Stream', 0);
    const variables = functionOf(later.template, 'ChangesStarter').Environment.Variables;
    const settings = streamStarterSettings({ ...variables, ROLE_ARN: 'arn:aws:iam::123456789012:role/r', KINESIS_STREAM_ARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' });
    expect(settings).toMatchObject({ ledgerName: 'vehicle-registration', streamName: 'aurora-migration' });
    const starter = roleStatements(later.template, 'ChangesStarterRole').filter((s) => !JSON.stringify(s.Action).includes('logs:'));
    expect(starter[0]).toEqual({
      Effect: 'Allow',
      Action: ['qldb:StreamJournalToKinesis', 'qldb:ListJournalKinesisStreamsForLedger'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':qldb:us-east-1:123456789012:ledger/vehicle-registration']] },
    });
    expect(starter[1]).toMatchObject({ Action: 'iam:PassRole', Condition: { StringEquals: { 'iam:PassedToService': 'qldb.amazonaws.com' } } });
  });

  test('alarms watch the iterator age, the errors, the dead-letter queue and the consumer\'s reject metric', () => {
    const { template } = build({ iteratorAgeAlarmThreshold: Duration.minutes(2) });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'IteratorAge', Namespace: 'AWS/Lambda', Threshold: 120000, Statistic: 'Maximum' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Rejects',
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'Consumer', Value: { Ref: Match.stringLikeRegexp('^ChangesConsumer') } }],
    });
    expect(CHANGE_CONSUMER_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
  });

  test('two syntheses give the same template', () => {
    expect(build().template.toJSON()).toEqual(build().template.toJSON());
  });

  test('cdk-nag finds nothing unacknowledged, with the default key and with a customer key', () => {
    for (const withKey of [false, true]) {
      const { app, stack } = plainStack();
      const { cluster } = auroraTarget(stack);
      new LedgerChangeStream(stack, 'Changes', {
        ledgerName: 'vehicle-registration',
        mapping: dmvMapping(),
        targetCluster: cluster,
        targetSecret: cluster.secret!,
        ...(withKey ? { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) } : {}),
      });
      expect(unacknowledgedNagFindings(app).filter((f) => f.includes('/Changes/'))).toEqual([]);
    }
  });
});

describe('LedgerChangeStream validation', () => {
  test.each(['-bad', 'a'.repeat(33), '1234'])('ledgerName %p is refused', (ledgerName) => {
    expect(() => build({ ledgerName })).toThrow(`LedgerChangeStream ledgerName ${JSON.stringify(ledgerName)}: a QLDB ledger name is`);
  });
  test('a bad QLDB stream name is refused', () => {
    expect(() => build({ qldbStreamName: 'two--hyphens' })).toThrow('LedgerChangeStream qldbStreamName "two--hyphens"');
  });
  test('an existing stream with new-stream settings is refused', () => {
    expect(() => build({ shardCount: 2 }, (stack) => ({ existingStreamObj: new kinesis.Stream(stack, 'S') }))).toThrow('LedgerChangeStream: existingStreamObj cannot be combined with streamProps, shardCount or encryptionKey');
  });
  test.each([
    ['shardCount', 0, 'from 1 to 500'], ['batchSize', 10001, 'from 1 to 10000'], ['parallelizationFactor', 11, 'from 1 to 10'],
    ['retryAttempts', -1, 'from 0 to 10000'], ['afterBlock', 1.5, 'from 0 to'],
  ])('%s %p is refused', (prop, value, allowed) => {
    expect(() => build({ [prop]: value })).toThrow(`LedgerChangeStream ${prop} ${value}: must be an integer ${allowed}`);
  });
  test.each(['2025-07-01', 'yesterday'])('inclusiveStartTime %p is refused', (inclusiveStartTime) => {
    expect(() => build({ inclusiveStartTime })).toThrow(`LedgerChangeStream inclusiveStartTime ${JSON.stringify(inclusiveStartTime)}: must be an ISO 8601 date-time with a zone`);
  });
  test.each([Duration.seconds(30), Duration.days(8)])('maxRecordAge %s is refused', (maxRecordAge) => {
    expect(() => build({ maxRecordAge })).toThrow(`LedgerChangeStream maxRecordAge ${maxRecordAge.toHumanString()}: must be from 60 seconds to 7 days`);
  });
  test('grantStartStream without a starter function is refused', () => {
    const { changeStream } = build({ inclusiveStartTime: '2025-07-01T12:00:00Z' });
    expect(() => changeStream.grantStartStream(new iam.AccountRootPrincipal())).toThrow(
      'LedgerChangeStream grantStartStream: the QLDB stream is created at deployment');
  });
});
