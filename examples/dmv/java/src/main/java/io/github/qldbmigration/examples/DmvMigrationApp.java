package io.github.qldbmigration.examples;

import io.github.qldbmigration.cdk.LedgerMapping;
import io.github.qldbmigration.cdk.QldbToAuroraMigration;
import java.nio.file.Path;
import java.nio.file.Paths;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;

/** The DMV sample migration in Java: a VPC, Aurora Serverless v2 PostgreSQL with the Data API, and the migration. */
public final class DmvMigrationApp {
    private DmvMigrationApp() {
    }

    public static void main(final String[] args) {
        // Run from examples/dmv/java: the mapping is examples/dmv/mapping.json.
        Path mapping = Paths.get(System.getProperty("dmv.mapping", "../mapping.json")).toAbsolutePath();
        String outdir = System.getenv().getOrDefault("CDK_OUTDIR", "cdk.out");
        App app = new App(AppProps.builder().outdir(outdir).build());
        Stack stack = new Stack(app, "DmvMigration");

        Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(1).build();
        DatabaseCluster cluster = DatabaseCluster.Builder.create(stack, "Database")
                .engine(DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                        .version(AuroraPostgresEngineVersion.VER_17_7)
                        .build()))
                .writer(ClusterInstance.serverlessV2("Writer"))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .enableDataApi(true)
                .storageEncrypted(true)
                .defaultDatabaseName("dmv")
                .build();

        QldbToAuroraMigration.Builder.create(stack, "Migration")
                .ledgerName("vehicle-registration")
                .mapping(LedgerMapping.fromFile(mapping.toString()))
                .targetCluster(cluster)
                .targetSecret(cluster.getSecret())
                .vpc(vpc)
                .databaseName("dmv")
                .build();
        app.synth();
    }
}
