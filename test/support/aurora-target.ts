import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';

/** A VPC and an Aurora Serverless v2 PostgreSQL cluster with the Data API: the target every migration test uses. */
export function auroraTarget(stack: Stack): { vpc: ec2.Vpc; cluster: rds.DatabaseCluster } {
  const vpc = new ec2.Vpc(stack, 'Vpc');
  const cluster = new rds.DatabaseCluster(stack, 'Cluster', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.serverlessV2('Writer'),
    vpc,
    enableDataApi: true,
  });
  return { vpc, cluster };
}
