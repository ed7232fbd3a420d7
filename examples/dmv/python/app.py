"""The DMV sample migration in Python: the same stack as examples/dmv/app.ts, from the published package.

    python examples/dmv/python/app.py   (writes examples/dmv/python/cdk.out, or CDK_OUTDIR)
"""
import os

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from cdk_qldb_aurora_migration import LedgerMapping, QldbToAuroraMigration

HERE = os.path.dirname(os.path.abspath(__file__))


class DmvMigrationStack(cdk.Stack):
    def __init__(self, scope, construct_id, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        vpc = ec2.Vpc(
            self, "Vpc",
            max_azs=2,
            nat_gateways=1,
            flow_logs={"all": ec2.FlowLogOptions(traffic_type=ec2.FlowLogTrafficType.REJECT)},
        )
        cluster = rds.DatabaseCluster(
            self, "Database",
            engine=rds.DatabaseClusterEngine.aurora_postgres(version=rds.AuroraPostgresEngineVersion.VER_17_7),
            writer=rds.ClusterInstance.serverless_v2("Writer"),
            serverless_v2_min_capacity=0.5,
            serverless_v2_max_capacity=8,
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            enable_data_api=True,
            storage_encrypted=True,
            iam_authentication=True,
            deletion_protection=True,
            port=5433,
            default_database_name="dmv",
        )
        self.migration = QldbToAuroraMigration(
            self, "Migration",
            ledger_name="vehicle-registration",
            mapping=LedgerMapping.from_file(os.path.join(HERE, "..", "mapping.json")),
            target_cluster=cluster,
            target_secret=cluster.secret,
            vpc=vpc,
            database_name="dmv",
        )


app = cdk.App(
    outdir=os.environ.get("CDK_OUTDIR", os.path.join(HERE, "cdk.out")),
    context={"@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": True},
)
DmvMigrationStack(app, "DmvMigration")
app.synth()
