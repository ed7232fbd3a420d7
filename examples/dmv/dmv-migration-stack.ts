import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { dmvMapping } from './dmv-mapping';
import { QldbToAuroraMigration } from '../../src';

/** Feature flags of the example app (a new app's cdk.json would set them): access logs delivered through a bucket policy. */
export const DMV_APP_CONTEXT = { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true };

/**
 * The DMV sample migration: a VPC, Aurora Serverless v2 PostgreSQL with the Data API and its generated secret, and
 * the migration of the `vehicle-registration` ledger with the DMV mapping.
 */
export class DmvMigrationStack extends Stack {
  public readonly migration: QldbToAuroraMigration;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    const cluster = new rds.DatabaseCluster(this, 'Database', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_7 }),
      writer: rds.ClusterInstance.serverlessV2('Writer'),
      serverlessV2MinCapacity: 0.5,
      serverlessV2MaxCapacity: 8,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      enableDataApi: true,
      storageEncrypted: true,
      iamAuthentication: true,
      deletionProtection: true,
      port: 5433,
      defaultDatabaseName: 'dmv',
    });
    // cluster.secret is the secret's attachment to the cluster; the finding is on the secret itself.
    Validations.of(cluster.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The sample leaves rotation off during the migration window (DMS reads the secret when its task starts); turn it on after the cutover',
    });
    this.migration = new QldbToAuroraMigration(this, 'Migration', {
      ledgerName: 'vehicle-registration',
      mapping: dmvMapping(),
      targetCluster: cluster,
      targetSecret: cluster.secret!,
      vpc,
      databaseName: 'dmv',
    });
  }
}
