import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { GlueWorkerType, LedgerFullLoad, LedgerFullLoadProps, LedgerMapping } from '../../../src';
import { dmsExternalTableDefinition, dmsTaskTableMappings } from '../../../src/generators/dms-definition';
import { GLUE_MODULES } from '../../../src/generators/glue-arguments';
import { auroraTarget } from '../../support/aurora-target';
import { plainStack, unacknowledgedNagFindings } from '../../support/cdk-checks';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:target-secret-AbCdEf';

function build(props: Partial<LedgerFullLoadProps> = {}) {
  const { app, stack } = plainStack();
  const { vpc, cluster } = auroraTarget(stack);
  const exportBucket = s3.Bucket.fromBucketName(stack, 'Exports', 'ledger-exports');
  const targetSecret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN);
  const fullLoad = new LedgerFullLoad(stack, 'FullLoad', {
    mapping: dmvMapping(), exportBucket, exportPrefix: 'qldb-exports/vehicle-registration/run-1/', targetCluster: cluster, targetSecret, vpc, ...props,
  });
  return { app, stack, fullLoad, cluster, template: Template.fromStack(stack) };
}

function roleStatements(template: Template, rolePrefix: string): any[] {
  const roleIds = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith(rolePrefix));
  expect(roleIds).toHaveLength(1);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleIds[0]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

function only(template: Template, type: string): any {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

describe('LedgerFullLoad Glue job', () => {
  test('Glue 5.0 with the worker type and count, the security configuration and no retries', () => {
    const { template } = build({ glueWorkerType: GlueWorkerType.G_2X, glueWorkerCount: 20, glueTimeout: Duration.hours(3) });
    const job = only(template, 'AWS::Glue::Job');
    expect(job).toMatchObject({ GlueVersion: '5.0', WorkerType: 'G.2X', NumberOfWorkers: 20, Timeout: 180, MaxRetries: 0, ExecutionProperty: { MaxConcurrentRuns: 1 } });
    expect(job.Command).toMatchObject({ Name: 'glueetl', PythonVersion: '3' });
    expect(job.Command.ScriptLocation).toMatch(/^s3:\/\/cdk-hnb659fds-assets-123456789012-us-east-1\/[0-9a-f]{64}\.py$/);
    expect(job.SecurityConfiguration).toEqual({ Ref: expect.stringMatching(/^FullLoadGlueSecurityConfiguration/) });
    const security = only(template, 'AWS::Glue::SecurityConfiguration').EncryptionConfiguration;
    expect(security.CloudWatchEncryption.CloudWatchEncryptionMode).toBe('SSE-KMS');
    expect(security.JobBookmarksEncryption.JobBookmarksEncryptionMode).toBe('CSE-KMS');
    expect(security.S3Encryptions[0].S3EncryptionMode).toBe('SSE-KMS');
  });

  test('the job arguments name the mapping, the export prefix, the CSV folder and the module zip the job imports', () => {
    const { template } = build({ lastBlock: 1234, strict: true });
    const args = only(template, 'AWS::Glue::Job').DefaultArguments;
    const asset = '^s3://cdk-hnb659fds-assets-123456789012-us-east-1/[0-9a-f]{64}';
    expect(args['--mapping_uri']).toMatch(new RegExp(`${asset}\\.json$`));
    expect(args['--export_uris']).toBe('s3://ledger-exports/qldb-exports/vehicle-registration/run-1/');
    expect(args['--output_uri']).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: expect.stringMatching(/^FullLoadOutputBucket/) }, '/full-load']] });
    expect(args['--extra-py-files']).toMatch(new RegExp(`${asset}\\.zip$`));
    expect(args['--last_block']).toBe('1234');
    expect(args['--strict']).toBe('true');
    expect(args['--job-bookmark-option']).toBe('job-bookmark-disable');
  });

  test('the module zip holds exactly the job\'s modules, and the mapping asset is the mapping', () => {
    const { app } = build();
    const assembly = app.synth();
    const directories = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.') && !name.endsWith('.py') && !name.endsWith('.json'));
    const moduleFolder = directories.map((name) => join(assembly.directory, name)).find((dir) => existsSync(join(dir, 'ledger_rows.py')));
    expect(readdirSync(moduleFolder!).sort()).toEqual([...GLUE_MODULES].sort());
    const mappingFile = readdirSync(assembly.directory).find((name) => name.startsWith('asset.') && name.endsWith('.json'));
    expect(LedgerMapping.fromJson(readFileSync(join(assembly.directory, mappingFile!), 'utf8')).toJson()).toBe(dmvMapping().toJson());
  });

  test('the Glue role reads only the export prefix and its three assets, and writes only its folders', () => {
    const { template } = build();
    const statements = roleStatements(template, 'FullLoadGlueRole');
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::ledger-exports/qldb-exports/vehicle-registration/run-1/*']] },
    });
    const assets = statements.find((s) => s.Action === 's3:GetObject' && Array.isArray(s.Resource));
    expect(assets.Resource).toHaveLength(3);
    const writes = statements.find((s) => JSON.stringify(s.Action) === JSON.stringify(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']));
    expect(JSON.stringify(writes.Resource)).toContain('/full-load/*');
    expect(JSON.stringify(writes.Resource)).toContain('/glue-temp/*');
    expect(statements.filter((s) => JSON.stringify(s.Resource) === '"*"')).toEqual([
      { Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'Glue' } } },
    ]);
  });
});

describe('LedgerFullLoad DMS', () => {
  test('the S3 source endpoint carries the generated table definition and reads the CSV the Glue job writes', () => {
    const { template } = build();
    const source = Object.values(template.findResources('AWS::DMS::Endpoint')).map((r) => r.Properties).find((p) => p.EndpointType === 'source');
    expect(source.EngineName).toBe('s3');
    expect(JSON.parse(source.S3Settings.ExternalTableDefinition)).toEqual(dmsExternalTableDefinition(dmvMapping()));
    expect(source.S3Settings).toMatchObject({
      BucketFolder: 'full-load', CsvDelimiter: ',', CsvRowDelimiter: '\n', CsvNullValue: '', Rfc4180: true, IgnoreHeaderRows: 0,
    });
  });

  test('the target endpoint reads the secret through a role DMS assumes in the region, with TLS', () => {
    const { template } = build({ databaseName: 'ledger' });
    const target = Object.values(template.findResources('AWS::DMS::Endpoint')).map((r) => r.Properties).find((p) => p.EndpointType === 'target');
    expect(target).toMatchObject({ EngineName: 'aurora-postgresql', DatabaseName: 'ledger', SslMode: 'require' });
    expect(target.PostgreSqlSettings.SecretsManagerSecretId).toBe(SECRET_ARN);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'dms.us-east-1.amazonaws.com' } })] },
    });
    expect(roleStatements(template, 'FullLoadDmsSecretRole')).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN }]);
  });

  test('the task is a full load of the generated table mappings with settings that stop instead of losing data', () => {
    const { template } = build();
    const task = only(template, 'AWS::DMS::ReplicationTask');
    expect(task.MigrationType).toBe('full-load');
    expect(JSON.parse(task.TableMappings)).toEqual(dmsTaskTableMappings(dmvMapping()));
    const settings = JSON.parse(task.ReplicationTaskSettings);
    // QLDB documents are at most 128 KB; as JSON text they are given 4 times that inline; larger ones still load.
    expect(settings.TargetMetadata).toMatchObject({ SupportLobs: true, FullLobMode: true, LimitedSizeLobMode: false, InlineLobMaxSize: 512 });
    expect(settings.FullLoadSettings.TargetTablePrepMode).toBe('TRUNCATE_BEFORE_LOAD');
    for (const policy of ['DataErrorPolicy', 'DataTruncationErrorPolicy', 'DataErrorEscalationPolicy', 'TableErrorPolicy', 'TableErrorEscalationPolicy']) {
      expect([policy, settings.ErrorBehavior[policy]]).toEqual([policy, 'STOP_TASK']);
    }
    expect(settings.ErrorBehavior).toMatchObject({
      FailOnTransactionConsistencyBreached: true, FailOnNoTablesCaptured: true, FullLoadIgnoreConflicts: false,
    });
  });

  test('the replication instance is private, encrypted, in the private subnets, and allowed into the cluster port', () => {
    const { template } = build({ replicationInstanceClass: 'dms.r6i.xlarge' });
    const instance = only(template, 'AWS::DMS::ReplicationInstance');
    expect(instance).toMatchObject({ ReplicationInstanceClass: 'dms.r6i.xlarge', PubliclyAccessible: false, AllocatedStorage: 100 });
    expect(instance.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FullLoadKey/), 'Arn'] });
    expect(instance.ReplicationInstanceIdentifier).toMatch(/^[a-z][a-z0-9-]{0,62}$/);
    const subnets = only(template, 'AWS::DMS::ReplicationSubnetGroup').SubnetIds;
    const privateSubnets = Object.keys(template.findResources('AWS::EC2::Subnet')).filter((id) => id.startsWith('VpcPrivateSubnet'));
    expect(subnets).toEqual(privateSubnets.map((id) => ({ Ref: id })));
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'Endpoint.Port'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FullLoadReplicationSecurityGroup'), 'GroupId'] },
    });
  });

  test('the output bucket is KMS-encrypted with the load key, TLS only, private and retained', () => {
    const { template } = build();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
    });
  });

  test('createDmsServiceRoles creates the two named roles DMS needs before the subnet group', () => {
    const { template } = build({ createDmsServiceRoles: true });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'dms-vpc-role' });
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'dms-cloudwatch-logs-role' });
    const [group] = Object.values(template.findResources('AWS::DMS::ReplicationSubnetGroup'));
    expect(group.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^FullLoadDmsVpcRole/)]));
  });

  test('two syntheses give the same template', () => {
    expect(build().template.toJSON()).toEqual(build().template.toJSON());
  });

  test('cdk-nag finds nothing unacknowledged, with and without the DMS service roles', () => {
    for (const createDmsServiceRoles of [false, true]) {
      const { app } = build({ createDmsServiceRoles });
      expect(unacknowledgedNagFindings(app).filter((f) => f.includes('/FullLoad/'))).toEqual([]);
    }
  });
});

describe('LedgerFullLoad validation', () => {
  test('an output bucket and its overrides together are refused', () => {
    const { stack } = plainStack('Other');
    expect(() => build({ existingOutputBucketObj: new s3.Bucket(stack, 'B'), outputBucketProps: {} })).toThrow(
      'LedgerFullLoad: give either existingOutputBucketObj or outputBucketProps, not both');
  });
  test.each(['/abs/', 'no-slash', 'a//b/'])('exportPrefix %p is refused', (exportPrefix) => {
    expect(() => build({ exportPrefix })).toThrow(`LedgerFullLoad exportPrefix ${JSON.stringify(exportPrefix)}: must be empty or a key prefix ending in "/"`);
  });
  test.each([1, 300, 2.5])('glueWorkerCount %p is refused', (glueWorkerCount) => {
    expect(() => build({ glueWorkerCount })).toThrow(`LedgerFullLoad glueWorkerCount ${glueWorkerCount}: must be an integer from 2 to 299`);
  });
  test.each([4, 7000])('replicationInstanceStorageGiB %p is refused', (replicationInstanceStorageGiB) => {
    expect(() => build({ replicationInstanceStorageGiB })).toThrow(`LedgerFullLoad replicationInstanceStorageGiB ${replicationInstanceStorageGiB}: must be an integer from 5 to 6144`);
  });
  test.each([-1, 1.5])('lastBlock %p is refused', (lastBlock) => {
    expect(() => build({ lastBlock })).toThrow(`LedgerFullLoad lastBlock ${lastBlock}: must be a block sequence number`);
  });
  test.each([Duration.seconds(90), Duration.hours(49)])('glueTimeout %s is refused', (glueTimeout) => {
    expect(() => build({ glueTimeout })).toThrow(`LedgerFullLoad glueTimeout ${glueTimeout.toHumanString()}: must be a whole number of minutes from 1 minute to 48 hours`);
  });
  test('a replication instance class that is not a DMS class is refused', () => {
    expect(() => build({ replicationInstanceClass: 'r6i.large' })).toThrow('LedgerFullLoad replicationInstanceClass "r6i.large": must be a DMS instance class');
  });
  test.each(['', 'x'.repeat(64)])('databaseName %p is refused', (databaseName) => {
    expect(() => build({ databaseName })).toThrow(`LedgerFullLoad databaseName ${JSON.stringify(databaseName)}: must be 1 to 63 characters`);
  });
});
