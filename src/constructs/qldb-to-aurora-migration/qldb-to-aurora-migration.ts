import { ArnFormat, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { migrationDashboard } from './migration-dashboard';
import { migrationDefinition } from './migration-workflow';
import type { LedgerMapping } from '../../mapping/ledger-mapping';
import { acknowledgeOwnWildcardResource, acknowledgeWildcardResource } from '../common/nag-acknowledgments';
import { LedgerChangeStream } from '../ledger-change-stream/ledger-change-stream';
import { LedgerExport } from '../ledger-export/ledger-export';
import { LedgerExportFormat } from '../ledger-export/ledger-export-format';
import { validateExportPrefix, validateLedgerName } from '../ledger-export/ledger-export-validation';
import { GlueWorkerType } from '../ledger-full-load/glue-worker-type';
import { LedgerFullLoad } from '../ledger-full-load/ledger-full-load';
import { MigrationTargetSchema } from '../migration-target-schema/migration-target-schema';

/** A journal export already in S3 (for example one made before the ledger was deleted). */
export interface ExistingLedgerExport {
  /** The bucket holding the export. */
  readonly bucket: s3.IBucket;
  /**
   * The key prefix holding the export's manifests (empty, or ending in `/`). Every completed export under it is
   * loaded; the exports must be contiguous (the Glue job checks).
   */
  readonly prefix: string;
}

/** Your own SQL statements, run beside the generated ones. */
export interface MigrationDdl {
  /**
   * Run after the generated target DDL, before the load (on every deployment: make them re-runnable).
   * @default - none
   */
  readonly beforeLoad?: string[];
  /**
   * Run after the generated post-load DDL, once the data is loaded (grants, views).
   * @default - none
   */
  readonly afterLoad?: string[];
}

/** Properties of a QldbToAuroraMigration. */
export interface QldbToAuroraMigrationProps {
  /**
   * The QLDB ledger to migrate: the workflow exports it and then streams its changes. Give this or
   * `existingExport`, not both.
   * @default - none: `existingExport` is loaded and there is no change stream
   */
  readonly ledgerName?: string;

  /**
   * An export already in S3, loaded without any call to QLDB. Give this or `ledgerName`, not both.
   * @default - none: the workflow exports `ledgerName`
   */
  readonly existingExport?: ExistingLedgerExport;

  /** The ledger mapping. */
  readonly mapping: LedgerMapping;

  /** The Aurora PostgreSQL cluster, with the Data API enabled. */
  readonly targetCluster: rds.IDatabaseCluster;

  /** The secret of the cluster (host, port, username, password): the Data API and DMS connect with it. */
  readonly targetSecret: secretsmanager.ISecret;

  /** The VPC of the DMS replication instance. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the DMS replication instance.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The database migrated into.
   * @default 'postgres'
   */
  readonly databaseName?: string;

  /**
   * Your own statements before and after the load.
   * @default - none
   */
  readonly ddl?: MigrationDdl;

  /**
   * How many parallel exports the journal is split into.
   * @default 2
   */
  readonly exportCount?: number;

  /**
   * The export format.
   * @default LedgerExportFormat.ION_TEXT
   */
  readonly exportFormat?: LedgerExportFormat;

  /**
   * The Glue job's worker type.
   * @default GlueWorkerType.G_1X
   */
  readonly glueWorkerType?: GlueWorkerType;

  /**
   * The Glue job's number of workers.
   * @default 10
   */
  readonly glueWorkerCount?: number;

  /**
   * The DMS replication instance class.
   * @default 'dms.r6i.large'
   */
  readonly replicationInstanceClass?: string;

  /**
   * Create the account-wide DMS service roles (`dms-vpc-role`, `dms-cloudwatch-logs-role`); leave off if they exist.
   * @default false
   */
  readonly createDmsServiceRoles?: boolean;

  /**
   * The change stream's shard count.
   * @default - on-demand capacity
   */
  readonly shardCount?: number;

  /**
   * An existing Kinesis stream for the change stream.
   * @default - a new KMS-encrypted stream
   */
  readonly existingStreamObj?: kinesis.IStream;

  /**
   * Overrides of the new Kinesis stream's properties.
   * @default - see LedgerChangeStream
   */
  readonly streamProps?: kinesis.StreamProps;

  /**
   * The key of the export bucket, the full load and the change stream.
   * @default - the export bucket uses SSE-S3; the full load and the change stream each create a KMS key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What deleting the stack does to the target schema: RETAIN keeps it, DESTROY drops it.
   * @default RemovalPolicy.RETAIN
   */
  readonly schemaRemovalPolicy?: RemovalPolicy;

  /**
   * How long the workflow waits between two checks of the DMS task.
   * @default Duration.minutes(1)
   */
  readonly dmsPollInterval?: Duration;

  /**
   * The longest a migration execution may run.
   * @default Duration.hours(48)
   */
  readonly timeout?: Duration;

  /**
   * Retention of the workflows' and functions' logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The whole migration of a QLDB ledger (or of its export) into Aurora PostgreSQL, from one mapping: the target schema
 * (MigrationTargetSchema), the export (LedgerExport, with a ledger), the full load (LedgerFullLoad: Glue and DMS), the
 * change stream (LedgerChangeStream, with a ledger), one Step Functions workflow that runs them in order, and a
 * CloudWatch dashboard for the cutover.
 *
 * Start an execution of `stateMachine` (with any input): export -> Glue -> DMS -> post-load DDL -> change stream from
 * the export's end time. Every value a step needs comes from the step before it.
 */
export class QldbToAuroraMigration extends Construct {
  /** The export workflow, when migrating a ledger. */
  public readonly ledgerExport?: LedgerExport;
  /** The target schema custom resource (and the post-load DDL handler). */
  public readonly targetSchema: MigrationTargetSchema;
  /** The Glue job and the DMS task. */
  public readonly fullLoad: LedgerFullLoad;
  /** The change stream, when migrating a ledger. */
  public readonly changeStream?: LedgerChangeStream;
  /** The migration workflow. */
  public readonly stateMachine: sfn.IStateMachine;
  /** The migration workflow's execution log. */
  public readonly stateMachineLogGroup: logs.ILogGroup;
  /** The cutover dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: QldbToAuroraMigrationProps) {
    super(scope, id);
    validateProps(props);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const databaseName = props.databaseName ?? 'postgres';

    this.targetSchema = new MigrationTargetSchema(this, 'TargetSchema', {
      mapping: props.mapping,
      targetCluster: props.targetCluster,
      targetSecret: props.targetSecret,
      databaseName,
      additionalTargetDdl: props.ddl?.beforeLoad,
      additionalPostLoadDdl: props.ddl?.afterLoad,
      removalPolicy: props.schemaRemovalPolicy,
      logRetention,
    });

    if (props.ledgerName !== undefined) {
      this.ledgerExport = new LedgerExport(this, 'Export', {
        ledgerName: props.ledgerName,
        exportCount: props.exportCount,
        outputFormat: props.exportFormat,
        encryptionKey: props.encryptionKey,
        logRetention,
      });
    }
    const exportBucket = this.ledgerExport ? this.ledgerExport.bucket : props.existingExport!.bucket;
    const exportPrefix = this.ledgerExport ? this.ledgerExport.exportPrefix : props.existingExport!.prefix;

    this.fullLoad = new LedgerFullLoad(this, 'FullLoad', {
      mapping: props.mapping,
      exportBucket,
      exportPrefix,
      targetCluster: props.targetCluster,
      targetSecret: props.targetSecret,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      databaseName,
      encryptionKey: props.encryptionKey,
      glueWorkerType: props.glueWorkerType,
      glueWorkerCount: props.glueWorkerCount,
      replicationInstanceClass: props.replicationInstanceClass,
      createDmsServiceRoles: props.createDmsServiceRoles,
    });
    // DMS loads tables the schema resource creates.
    this.fullLoad.replicationTask.node.addDependency(this.targetSchema);

    if (props.ledgerName !== undefined) {
      this.changeStream = new LedgerChangeStream(this, 'ChangeStream', {
        ledgerName: props.ledgerName,
        mapping: props.mapping,
        targetCluster: props.targetCluster,
        targetSecret: props.targetSecret,
        databaseName,
        shardCount: props.shardCount,
        existingStreamObj: props.existingStreamObj,
        streamProps: props.streamProps,
        encryptionKey: props.existingStreamObj ? undefined : props.encryptionKey,
        logRetention,
      });
      // The consumer writes to tables the schema resource creates.
      this.changeStream.consumerFunction.node.addDependency(this.targetSchema);
    }

    this.stateMachineLogGroup = new logs.LogGroup(this, 'StateMachineLogGroup', { retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(migrationDefinition(this, {
        exportStateMachine: this.ledgerExport?.stateMachine,
        existingExport: props.existingExport
          ? { bucketName: props.existingExport.bucket.bucketName, prefix: props.existingExport.prefix }
          : undefined,
        glueJobName: this.fullLoad.glueJobName,
        replicationTaskArn: this.fullLoad.replicationTaskArn,
        postLoadFunction: this.targetSchema.handler,
        streamStarter: this.changeStream?.starterFunction,
        dmsPollInterval: props.dmsPollInterval ?? Duration.minutes(1),
      })),
      timeout: props.timeout ?? Duration.hours(48),
      tracingEnabled: true,
      logs: { destination: this.stateMachineLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    this.stateMachine = stateMachine;
    this.acknowledgeWorkflowWildcards(stateMachine);

    this.dashboard = migrationDashboard(this, 'Dashboard', {
      migrationStateMachine: stateMachine,
      exportStateMachine: this.ledgerExport?.stateMachine,
      fullLoad: this.fullLoad,
      changeStream: this.changeStream,
    });
  }

  private acknowledgeWorkflowWildcards(stateMachine: sfn.StateMachine): void {
    const functions = [this.targetSchema.handler, ...(this.changeStream?.starterFunction ? [this.changeStream.starterFunction] : [])];
    for (const fn of functions) {
      acknowledgeWildcardResource(stateMachine, `${fn.functionArn}:*`, 'Step Functions may invoke any version of the workflow\'s own function');
    }
    acknowledgeWildcardResource(stateMachine, '*', 'X-Ray, log delivery and DescribeReplicationTasks (filtered by the task ARN) have no resource-level permissions');
    if (this.ledgerExport) {
      // The execution ARNs aws-cdk-lib grants for startExecution.sync (stepfunctions-tasks StepFunctionsStartExecution).
      const executions = Stack.of(this).formatArn({
        service: 'states',
        resource: 'execution',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        resourceName: `${Fn.select(6, Fn.split(':', this.ledgerExport.stateMachine.stateMachineArn))}*`,
      });
      acknowledgeOwnWildcardResource(stateMachine, executions, 'The workflow waits for the export executions it starts (startExecution.sync), whose names it does not know in advance');
    }
  }
}

function validateProps(props: QldbToAuroraMigrationProps): void {
  if ((props.ledgerName === undefined) === (props.existingExport === undefined)) {
    throw new Error('QldbToAuroraMigration: give exactly one of ledgerName (export the ledger, then stream its changes) and existingExport (load an export already in S3)');
  }
  if (props.ledgerName !== undefined) {
    validateLedgerName(props.ledgerName, 'QldbToAuroraMigration ledgerName');
  }
  if (props.existingExport) {
    validateExportPrefix(props.existingExport.prefix, 'QldbToAuroraMigration existingExport.prefix');
    for (const prop of ['shardCount', 'existingStreamObj', 'streamProps', 'exportCount', 'exportFormat'] as const) {
      if (props[prop] !== undefined) {
        throw new Error(`QldbToAuroraMigration ${prop}: applies only to a migration from a ledger (ledgerName); an existing export has no export step and no change stream`);
      }
    }
  }
  const interval = props.dmsPollInterval;
  if (interval !== undefined && !interval.isUnresolved()) {
    const seconds = interval.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 10 || seconds > 3600) {
      throw new Error(`QldbToAuroraMigration dmsPollInterval ${interval.toHumanString()}: must be a whole number of seconds from 10 seconds to 1 hour`);
    }
  }
  const databaseName = props.databaseName;
  if (databaseName !== undefined && !Token.isUnresolved(databaseName) && (databaseName.length === 0 || databaseName.length > 63)) {
    throw new Error(`QldbToAuroraMigration databaseName ${JSON.stringify(databaseName)}: must be 1 to 63 characters`);
  }
}
