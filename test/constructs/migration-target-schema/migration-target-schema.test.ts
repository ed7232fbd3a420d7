import { readFileSync } from 'fs';
import { join } from 'path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { parseSchemaStatementsDocument } from '../../../lambda-src/core/schema/schema-statements-document';
import { parseSchemaTarget } from '../../../lambda-src/core/schema/schema-target';
import { LedgerMapping, MigrationSql, MigrationTargetSchema, MigrationTargetSchemaProps } from '../../../src';
import { auroraTarget } from '../../support/aurora-target';
import { plainStack, unacknowledgedNagFindings } from '../../support/cdk-checks';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:target-secret-AbCdEf';

function build(props: Partial<MigrationTargetSchemaProps> = {}) {
  const { app, stack } = plainStack();
  const targetCluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, 'Cluster', { clusterIdentifier: 'target-cluster' });
  const targetSecret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN);
  const schema = new MigrationTargetSchema(stack, 'Schema', { mapping: dmvMapping(), targetCluster, targetSecret, ...props });
  return { app, stack, schema, template: Template.fromStack(stack) };
}

function handlerStatements(template: Template): any[] {
  const [role] = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('SchemaHandlerRole'));
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role[0]))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('MigrationTargetSchema', () => {
  test('the custom resource carries the target and the statements asset; nothing is dropped on delete by default', () => {
    const { template } = build();
    template.hasResource('Custom::QldbMigrationTargetSchema', {
      DeletionPolicy: 'Delete',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchemaProviderframeworkonEvent'), 'Arn'] },
        ClusterArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:cluster:target-cluster']] },
        SecretArn: SECRET_ARN,
        Database: 'postgres',
        Schema: 'dmv',
        StatementsBucket: 'cdk-hnb659fds-assets-123456789012-us-east-1',
        StatementsKey: Match.stringLikeRegexp('^[0-9a-f]{64}\\.json$'),
        ApplyPostLoadDdl: 'false',
        RemovalPolicy: 'retain',
      },
    });
  });

  test('the properties are ones the handler accepts, and the function environment holds the same target', () => {
    const { template } = build({ removalPolicy: RemovalPolicy.DESTROY, applyPostLoadDdl: true, databaseName: 'ledger' });
    const [resource] = Object.values(template.findResources('Custom::QldbMigrationTargetSchema'));
    const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
    const properties = Object.fromEntries(Object.entries(resource.Properties).map(([k, v]) => [k, asText(v)]));
    expect(parseSchemaTarget(properties, 'template')).toMatchObject({ database: 'ledger', schema: 'dmv', applyPostLoadDdl: true, removalPolicy: 'destroy' });
    const [fn] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith('SchemaHandler'));
    const { ServiceToken, ...target } = resource.Properties;
    expect(ServiceToken).toBeDefined();
    expect(fn[1].Properties.Environment.Variables).toEqual(target);
  });

  test('the statements asset holds the generated DDL plus the user\'s own, in a document the handler parses', () => {
    const additionalTargetDdl = ['create or replace view dmv.owners as select 1'];
    const additionalPostLoadDdl = ['grant select on all tables in schema dmv to reporting'];
    const { app, schema } = build({ additionalTargetDdl, additionalPostLoadDdl, ddlOptions: { migrationRole: 'qldb_migration' } });
    const assembly = app.synth();
    const key = JSON.stringify(assembly.getStackByName('TestStack').template).match(/([0-9a-f]{64})\.json/)?.[1];
    const text = readFileSync(join(assembly.directory, `asset.${key}.json`), 'utf8');
    const document = parseSchemaStatementsDocument(text, 'asset');
    expect(document.targetDdl).toEqual([...MigrationSql.targetDdl(dmvMapping(), { migrationRole: 'qldb_migration' }), ...additionalTargetDdl]);
    expect(document.postLoadDdl).toEqual([...MigrationSql.postLoadDdl(dmvMapping()), ...additionalPostLoadDdl]);
    expect(document.dropDdl).toEqual(['drop schema if exists "dmv" cascade']);
    expect(schema.targetStatements).toEqual(document.targetDdl);
    expect(schema.postLoadStatements).toEqual(document.postLoadDdl);
  });

  test('the handler may use the Data API on the cluster only, read the exact secret and the exact statements object', () => {
    const { template } = build();
    const statements = handlerStatements(template).filter((s) => !JSON.stringify(s.Action).includes('logs:'));
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['rds-data:BeginTransaction', 'rds-data:ExecuteStatement', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':rds:us-east-1:123456789012:cluster:target-cluster']] },
      },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, expect.stringMatching(/^:s3:::cdk-hnb659fds-assets-123456789012-us-east-1\/[0-9a-f]{64}\.json$/)]] },
      },
    ]);
  });

  test('a secret encrypted with a customer key may be decrypted by the handler', () => {
    const { stack } = plainStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const targetSecret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
    const targetCluster = rds.DatabaseCluster.fromDatabaseClusterAttributes(stack, 'Cluster', { clusterIdentifier: 'target-cluster' });
    new MigrationTargetSchema(stack, 'Schema', { mapping: dmvMapping(), targetCluster, targetSecret });
    expect(handlerStatements(Template.fromStack(stack))).toContainEqual(expect.objectContaining({
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
    }));
  });

  test('the handler runs on Node.js 22 with a log group that keeps its logs for a year', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x', Handler: 'index.handler', Timeout: 840 });
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 2);
  });

  test('two syntheses give the same template (the statements asset hash depends only on the statements)', () => {
    expect(build().template.toJSON()).toEqual(build().template.toJSON());
  });

  test('with default props cdk-nag finds nothing unacknowledged, with a real cluster and its secret', () => {
    const { app, stack } = plainStack();
    const { cluster } = auroraTarget(stack);
    new MigrationTargetSchema(stack, 'Schema', { mapping: dmvMapping(), targetCluster: cluster, targetSecret: cluster.secret! });
    const findings = unacknowledgedNagFindings(app).filter((f) => f.includes('TestStack/Schema/'));
    expect(findings).toEqual([]);
  });
});

describe('MigrationTargetSchema validation', () => {
  test.each([RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE])('removalPolicy %s is refused', (removalPolicy) => {
    expect(() => build({ removalPolicy })).toThrow(`MigrationTargetSchema removalPolicy ${removalPolicy}: must be RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`);
  });
  test('DESTROY of the public schema is refused', () => {
    const mapping = LedgerMapping.fromJson(dmvMapping().toJson().replace('"schema": "dmv"', '"schema": "public"'));
    expect(mapping.schema).toBe('public');
    expect(() => build({ mapping, removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /MigrationTargetSchema removalPolicy DESTROY: the mapping's schema "public" is never dropped/,
    );
  });
  test.each(['', 'x'.repeat(64)])('databaseName %p is refused', (databaseName) => {
    expect(() => build({ databaseName })).toThrow(`MigrationTargetSchema databaseName ${JSON.stringify(databaseName)}: must be 1 to 63 characters`);
  });
  test('an empty additional statement is refused, naming its position', () => {
    expect(() => build({ additionalTargetDdl: ['select 1', '  '] })).toThrow('MigrationTargetSchema additionalTargetDdl[1] "  ": must be a non-empty SQL statement');
    expect(() => build({ additionalPostLoadDdl: [''] })).toThrow('MigrationTargetSchema additionalPostLoadDdl[0] "": must be a non-empty SQL statement');
  });
});
