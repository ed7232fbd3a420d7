import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LedgerExportFormat } from './ledger-export-format';
import {
  MAX_CONCURRENT_EXPORTS, MAX_EXPORT_COUNT, validateExportPrefix, validateIntegerProp, validateLedgerName, validatePollInterval,
} from './ledger-export-validation';
import { ledgerExportDefinition } from './ledger-export-workflow';
import { handlerFunction } from '../common/handler-function';
import { acknowledgeWildcardResource } from '../common/nag-acknowledgments';

/** Properties of a LedgerExport. */
export interface LedgerExportProps {
  /** The QLDB ledger to export. Every QLDB permission of the workflow is scoped to this ledger. */
  readonly ledgerName: string;

  /**
   * An existing bucket to export into (in the ledger's region). Do not set `bucketProps` with it.
   * @default - a new bucket: SSE-S3 (or SSE-KMS with `encryptionKey`), TLS enforced, public access blocked,
   * retained on delete, with server access logs in a second bucket
   */
  readonly existingBucketObj?: s3.IBucket;

  /**
   * Overrides of the new bucket's properties, merged over the defaults. Do not set `existingBucketObj` with it.
   * @default - the defaults described on `existingBucketObj`
   */
  readonly bucketProps?: s3.BucketProps;

  /**
   * Keep server access logs of the new export bucket in a separate log bucket.
   * @default true
   */
  readonly logS3AccessLogs?: boolean;

  /**
   * A KMS key: exports are written with SSE_KMS under this key (and a new bucket uses it as its default
   * encryption).
   * @default - the bucket's own KMS key when it has one, otherwise SSE_S3
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Every export is written under this key prefix (empty, or ending in `/`); the export role may write nowhere
   * else. An execution writes to `<exportPrefix><ledgerName>/<execution name>/` unless its input names a
   * `bucketPrefix` under this one.
   * @default 'qldb-exports/'
   */
  readonly exportPrefix?: string;

  /**
   * How many exports (time ranges of about equal block counts) an execution splits the journal into, when its
   * input does not say (`exportCount`). From 1 to 100.
   * @default 2
   */
  readonly exportCount?: number;

  /**
   * The export format when the execution input does not say (`outputFormat`).
   * @default LedgerExportFormat.ION_TEXT
   */
  readonly outputFormat?: LedgerExportFormat;

  /**
   * How many exports run at once. QLDB allows 2 per ledger unless the quota was raised. From 1 to 20.
   * @default 2
   */
  readonly maxConcurrentExports?: number;

  /**
   * How long to wait between two checks of a running export (whole seconds, 5 seconds to 1 hour).
   * @default Duration.minutes(1)
   */
  readonly pollInterval?: Duration;

  /**
   * The longest an execution may run.
   * @default Duration.hours(24)
   */
  readonly timeout?: Duration;

  /**
   * Retention of the workflow's and the functions' logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A Step Functions workflow that exports a QLDB journal to S3 in parallel time ranges and keeps the ledger
 * digest, its tip address and the last exported block's proof beside the export, so that the export can be
 * verified after the ledger is gone.
 *
 * An execution takes `{ledgerName?, bucketPrefix?, exportCount?, outputFormat?}` (every field optional) and
 * outputs `{ledgerName, bucket, prefix, outputFormat, exportIds, exportEndTime, lastBlock: {strandId,
 * sequenceNo, timestamp}, digestTipAddress, proofKey}`: `exportEndTime` is where a stream continuing the export
 * starts, and `proofKey` the object key of the proof file (`qldb-migrate verify --digest`).
 */
export class LedgerExport extends Construct {
  /** JSON path of the export ids (in range order) in an execution's output. */
  public static readonly OUTPUT_EXPORT_IDS_PATH = '$.exportIds';
  /** JSON path of the export's S3 prefix in an execution's output. */
  public static readonly OUTPUT_PREFIX_PATH = '$.prefix';
  /** JSON path of the exclusive end time of the last range (ISO 8601) in an execution's output. */
  public static readonly OUTPUT_EXPORT_END_TIME_PATH = '$.exportEndTime';
  /** JSON path of the last exported block (`{strandId, sequenceNo, timestamp}`) in an execution's output. */
  public static readonly OUTPUT_LAST_BLOCK_PATH = '$.lastBlock';
  /** JSON path of the proof file's object key in an execution's output. */
  public static readonly OUTPUT_PROOF_KEY_PATH = '$.proofKey';

  /** The bucket the exports are written to. */
  public readonly bucket: s3.IBucket;
  /** The server access log bucket, when one was created. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The key exports are encrypted with, when SSE_KMS is used. */
  public readonly encryptionKey?: kms.IKey;
  /** The key prefix every export is written under. */
  public readonly exportPrefix: string;
  /** The ledger's ARN. */
  public readonly ledgerArn: string;
  /** The role QLDB assumes to write the exports. */
  public readonly exportRole: iam.IRole;
  /** Plans the time ranges (GetDigest, GetBlock). */
  public readonly plannerFunction: lambda.IFunction;
  /** Starts one export (ExportJournalToS3). */
  public readonly starterFunction: lambda.IFunction;
  /** Writes the digest proof file. */
  public readonly proofWriterFunction: lambda.IFunction;
  /** The export workflow. */
  public readonly stateMachine: sfn.IStateMachine;
  /** The workflow's execution log. */
  public readonly stateMachineLogGroup: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: LedgerExportProps) {
    super(scope, id);
    validateLedgerName(props.ledgerName);
    if (props.existingBucketObj && props.bucketProps) {
      throw new Error('LedgerExport: give either existingBucketObj or bucketProps, not both');
    }
    if (props.existingBucketObj && props.logS3AccessLogs !== undefined) {
      throw new Error('LedgerExport logS3AccessLogs: applies only to a new bucket; do not set it with existingBucketObj');
    }
    validateIntegerProp('exportCount', props.exportCount, 1, MAX_EXPORT_COUNT);
    validateIntegerProp('maxConcurrentExports', props.maxConcurrentExports, 1, MAX_CONCURRENT_EXPORTS);
    validateExportPrefix(props.exportPrefix);
    validatePollInterval(props.pollInterval);

    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    this.exportPrefix = props.exportPrefix ?? 'qldb-exports/';
    this.ledgerArn = Stack.of(this).formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });

    const { bucket, accessLogsBucket } = this.exportBucket(props);
    this.bucket = bucket;
    this.accessLogsBucket = accessLogsBucket;
    this.encryptionKey = props.encryptionKey ?? bucket.encryptionKey;
    const exportObjects = this.bucket.arnForObjects(`${this.exportPrefix}*`);

    const exportRole = new iam.Role(this, 'ExportRole', {
      assumedBy: new iam.ServicePrincipal('qldb.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnEquals: { 'aws:SourceArn': this.ledgerArn },
        },
      }),
      description: `QLDB writes exports of ledger ${props.ledgerName} with this role`,
    });
    exportRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:PutObjectAcl'], resources: [exportObjects] }));
    this.encryptionKey?.grant(exportRole, 'kms:GenerateDataKey');
    this.exportRole = exportRole;
    acknowledgeWildcardResource(exportRole, exportObjects, 'QLDB chooses the names of the export objects under the export prefix');

    const planner = handlerFunction(this, 'Planner', {
      assetName: 'export-planner',
      description: `Plans the journal export time ranges of ledger ${props.ledgerName}`,
      timeout: Duration.minutes(5),
      logRetention,
    });
    planner.addToRolePolicy(new iam.PolicyStatement({ actions: ['qldb:GetDigest', 'qldb:GetBlock'], resources: [this.ledgerArn] }));

    const starter = handlerFunction(this, 'Starter', {
      assetName: 'export-starter',
      description: `Starts one journal export of ledger ${props.ledgerName}`,
      timeout: Duration.minutes(1),
      logRetention,
    });
    starter.addToRolePolicy(new iam.PolicyStatement({ actions: ['qldb:ExportJournalToS3'], resources: [this.ledgerArn] }));
    starter.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [exportRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'qldb.amazonaws.com' } },
    }));

    const proofWriter = handlerFunction(this, 'ProofWriter', {
      assetName: 'export-proof-writer',
      description: `Writes the digest and the last exported block's proof of ledger ${props.ledgerName}`,
      timeout: Duration.minutes(5),
      memorySize: 512,
      logRetention,
    });
    proofWriter.addToRolePolicy(new iam.PolicyStatement({ actions: ['qldb:GetDigest', 'qldb:GetBlock'], resources: [this.ledgerArn] }));
    proofWriter.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${this.exportPrefix}*`] } },
    }));
    proofWriter.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [exportObjects] }));
    this.encryptionKey?.grant(proofWriter, 'kms:Decrypt', 'kms:GenerateDataKey');
    acknowledgeWildcardResource(proofWriter.role!, exportObjects, 'The proof writer reads the manifests QLDB writes under the export prefix and writes the proof file there');

    this.plannerFunction = planner;
    this.starterFunction = starter;
    this.proofWriterFunction = proofWriter;

    const plannerConfig = {
      ledgerName: props.ledgerName,
      bucket: this.bucket.bucketName,
      basePrefix: this.exportPrefix,
      defaultExportCount: props.exportCount ?? 2,
      maxExportCount: MAX_EXPORT_COUNT,
      defaultOutputFormat: props.outputFormat ?? LedgerExportFormat.ION_TEXT,
      exportRoleArn: exportRole.roleArn,
      ...(this.encryptionKey ? { kmsKeyArn: this.encryptionKey.keyArn } : {}),
    };
    this.stateMachineLogGroup = new logs.LogGroup(this, 'StateMachineLogGroup', { retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(ledgerExportDefinition(this, {
        ledgerArn: this.ledgerArn,
        plannerConfig,
        planner,
        starter,
        proofWriter,
        maxConcurrentExports: props.maxConcurrentExports ?? 2,
        pollInterval: props.pollInterval ?? Duration.minutes(1),
      })),
      timeout: props.timeout ?? Duration.hours(24),
      tracingEnabled: true,
      logs: { destination: this.stateMachineLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    this.stateMachine = stateMachine;
    for (const fn of [planner, starter, proofWriter]) {
      acknowledgeWildcardResource(stateMachine, `${fn.functionArn}:*`, 'Step Functions may invoke any version of the workflow\'s own function');
    }
    acknowledgeWildcardResource(stateMachine, '*', 'X-Ray tracing and log delivery to CloudWatch Logs have no resource-level permissions');
  }

  /** Lets `grantee` start executions of the export workflow. */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Lets `grantee` read the exports and the proof files (and decrypt them when a KMS key is used). */
  public grantReadExports(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee, `${this.exportPrefix}*`);
  }

  private exportBucket(props: LedgerExportProps): { bucket: s3.IBucket; accessLogsBucket?: s3.IBucket } {
    if (props.existingBucketObj) {
      return { bucket: props.existingBucketObj };
    }
    let accessLogsBucket: s3.Bucket | undefined;
    if (props.logS3AccessLogs ?? true) {
      accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(accessLogsBucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This is the server access log bucket of the export bucket; logging its own access would loop',
      });
    }
    const bucket = new s3.Bucket(this, 'Bucket', {
      ...(props.encryptionKey
        ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
        : { encryption: s3.BucketEncryption.S3_MANAGED }),
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(accessLogsBucket ? { serverAccessLogsBucket: accessLogsBucket, serverAccessLogsPrefix: 'export-bucket/' } : {}),
      ...props.bucketProps,
    });
    if (!accessLogsBucket) {
      Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'Server access logs were turned off (logS3AccessLogs: false)' });
    }
    return { bucket, accessLogsBucket };
  }
}
