import * as fs from 'fs';
import * as path from 'path';
import { Duration, FileSystem, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as qldb from 'aws-cdk-lib/aws-qldb';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { LedgerMapping } from '../../mapping/ledger-mapping';
import { handlerAssetPath, handlerFunction } from '../common/handler-function';
import { validateIntegerProp, validateLedgerName } from '../ledger-export/ledger-export-validation';

/** The namespace of the consumer's Embedded Metric Format metrics (lambda-src/handlers/cdc-consumer). */
export const CHANGE_CONSUMER_METRICS_NAMESPACE = 'QldbAuroraMigration/ChangeConsumer';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Properties of a LedgerChangeStream. */
export interface LedgerChangeStreamProps {
  /** The QLDB ledger whose journal is streamed. */
  readonly ledgerName: string;

  /** The ledger mapping the consumer applies (shipped beside the consumer as mapping.json). */
  readonly mapping: LedgerMapping;

  /** The Aurora PostgreSQL cluster, with the Data API enabled. */
  readonly targetCluster: rds.IDatabaseCluster;

  /** The secret the Data API connects with. */
  readonly targetSecret: secretsmanager.ISecret;

  /**
   * The database the consumer writes to.
   * @default 'postgres'
   */
  readonly databaseName?: string;

  /**
   * Where the QLDB stream starts (ISO 8601, for example an export's `exportEndTime`): an `AWS::QLDB::Stream` is
   * created with it. Without it no QLDB stream is created at deployment: invoke `starterFunction` with
   * `{"inclusiveStartTime": "..."}` (QldbToAuroraMigration does so after the full load).
   * @default - the QLDB stream is started later by `starterFunction`
   */
  readonly inclusiveStartTime?: string;

  /**
   * The QLDB stream's name (1 to 32 letters, digits and hyphens).
   * @default 'aurora-migration'
   */
  readonly qldbStreamName?: string;

  /**
   * An existing Kinesis stream. Do not set `streamProps`, `shardCount` or `encryptionKey` with it.
   * @default - a new stream encrypted with KMS (`encryptionKey`, or aws/kinesis), on-demand unless `shardCount` is set, 24 hours retention
   */
  readonly existingStreamObj?: kinesis.IStream;

  /**
   * Overrides of the new Kinesis stream's properties. Do not set `existingStreamObj` with it.
   * @default - the defaults described on `existingStreamObj`
   */
  readonly streamProps?: kinesis.StreamProps;

  /**
   * The new Kinesis stream's shard count (provisioned mode, 1 to 500).
   * @default - on-demand capacity
   */
  readonly shardCount?: number;

  /**
   * A customer managed KMS key for the new Kinesis stream and the dead-letter queue.
   * @default - the stream is encrypted with the AWS managed key aws/kinesis, the queue with SQS managed keys
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Revisions in blocks at or below this sequence number are skipped by the consumer (the last block of the full load).
   * Applying them again is harmless (the apply is idempotent); skipping them saves work.
   * @default - every revision is applied
   */
  readonly afterBlock?: number;

  /**
   * Kinesis records per Lambda batch (1 to 10000).
   * @default 1000
   */
  readonly batchSize?: number;

  /**
   * Concurrent batches per shard (1 to 10). Order does not matter to the apply.
   * @default 1
   */
  readonly parallelizationFactor?: number;

  /**
   * How often a failing batch is retried (after bisecting it) before its records go to the dead-letter queue (0 to
   * 10000).
   * @default 10
   */
  readonly retryAttempts?: number;

  /**
   * Records older than this go to the dead-letter queue instead of being retried (60 seconds to 7 days).
   * @default Duration.days(1)
   */
  readonly maxRecordAge?: Duration;

  /**
   * The consumer's memory.
   * @default 1024
   */
  readonly memorySize?: number;

  /**
   * The consumer's timeout.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;

  /**
   * The iterator age above which the replication-lag alarm fires.
   * @default Duration.minutes(5)
   */
  readonly iteratorAgeAlarmThreshold?: Duration;

  /**
   * Retention of the functions' logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Change replication: the QLDB stream writes KPL-aggregated records to a KMS-encrypted Kinesis stream; a Lambda
 * consumer applies them to Aurora PostgreSQL through the RDS Data API (idempotent, order-independent), reporting
 * partial batch failures; failed records land in an encrypted SQS dead-letter queue. Alarms watch the iterator age,
 * the consumer's errors, the dead-letter queue and the rejects.
 */
export class LedgerChangeStream extends Construct {
  /** The Kinesis stream the QLDB stream writes to. */
  public readonly stream: kinesis.IStream;
  /** The customer managed key of the Kinesis stream and the dead-letter queue, when one was given. */
  public readonly encryptionKey?: kms.IKey;
  /** The role QLDB assumes to write to the Kinesis stream. */
  public readonly qldbStreamRole: iam.IRole;
  /** The QLDB stream's name. */
  public readonly qldbStreamName: string;
  /** The QLDB stream, when `inclusiveStartTime` was given. */
  public readonly qldbStream?: qldb.CfnStream;
  /** Starts the QLDB stream (StreamJournalToKinesis), when `inclusiveStartTime` was not given. */
  public readonly starterFunction?: lambda.IFunction;
  /** The consumer. */
  public readonly consumerFunction: lambda.IFunction;
  /** The consumer's event source mapping id. */
  public readonly eventSourceMappingId: string;
  /** Where records that failed every retry go (SQS, encrypted, TLS only). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when the consumer falls behind (iterator age). */
  public readonly iteratorAgeAlarm: cloudwatch.IAlarm;
  /** Fires when the consumer fails. */
  public readonly errorsAlarm: cloudwatch.IAlarm;
  /** Fires when a record lands in the dead-letter queue. */
  public readonly deadLetterQueueAlarm: cloudwatch.IAlarm;
  /** Fires when the consumer writes reject rows (values it could not convert, records it could not decode). */
  public readonly rejectsAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: LedgerChangeStreamProps) {
    super(scope, id);
    validateProps(props);
    const stack = Stack.of(this);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const databaseName = props.databaseName ?? 'postgres';
    this.qldbStreamName = props.qldbStreamName ?? 'aurora-migration';
    const ledgerArn = stack.formatArn({ service: 'qldb', resource: 'ledger', resourceName: props.ledgerName });
    const qldbStreamArns = stack.formatArn({ service: 'qldb', resource: 'stream', resourceName: `${props.ledgerName}/*` });

    if (props.existingStreamObj) {
      this.stream = props.existingStreamObj;
      this.encryptionKey = props.existingStreamObj.encryptionKey;
    } else {
      this.encryptionKey = props.encryptionKey;
      const stream = new kinesis.Stream(this, 'Stream', {
        ...(props.encryptionKey
          ? { encryption: kinesis.StreamEncryption.KMS, encryptionKey: props.encryptionKey }
          : { encryption: kinesis.StreamEncryption.MANAGED }),
        ...(props.shardCount !== undefined
          ? { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: props.shardCount }
          : { streamMode: kinesis.StreamMode.ON_DEMAND }),
        retentionPeriod: Duration.hours(24),
        ...props.streamProps,
      });
      if (props.encryptionKey) {
        Validations.of(stream).acknowledge({ id: 'AwsSolutions-KDS3', reason: 'The stream is encrypted with the customer managed key given as encryptionKey' });
      }
      this.stream = stream;
    }

    const qldbStreamRole = new iam.Role(this, 'QldbStreamRole', {
      assumedBy: new iam.ServicePrincipal('qldb.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account }, ArnLike: { 'aws:SourceArn': qldbStreamArns } },
      }),
      description: `QLDB writes the journal of ledger ${props.ledgerName} to Kinesis with this role`,
    });
    qldbStreamRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'],
      resources: [this.stream.streamArn],
    }));
    this.encryptionKey?.grant(qldbStreamRole, 'kms:GenerateDataKey');
    this.qldbStreamRole = qldbStreamRole;

    if (props.inclusiveStartTime !== undefined) {
      const qldbStream = new qldb.CfnStream(this, 'QldbStream', {
        ledgerName: props.ledgerName,
        streamName: this.qldbStreamName,
        roleArn: qldbStreamRole.roleArn,
        inclusiveStartTime: props.inclusiveStartTime,
        kinesisConfiguration: { streamArn: this.stream.streamArn, aggregationEnabled: true },
      });
      qldbStream.node.addDependency(qldbStreamRole);
      this.qldbStream = qldbStream;
    } else {
      const starter = handlerFunction(this, 'Starter', {
        assetName: 'stream-starter',
        description: `Starts the QLDB stream ${this.qldbStreamName} of ledger ${props.ledgerName}`,
        timeout: Duration.minutes(1),
        logRetention,
        environment: {
          LEDGER_NAME: props.ledgerName,
          STREAM_NAME: this.qldbStreamName,
          ROLE_ARN: qldbStreamRole.roleArn,
          KINESIS_STREAM_ARN: this.stream.streamArn,
        },
      });
      starter.addToRolePolicy(new iam.PolicyStatement({
        actions: ['qldb:StreamJournalToKinesis', 'qldb:ListJournalKinesisStreamsForLedger'],
        resources: [ledgerArn],
      }));
      starter.addToRolePolicy(new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [qldbStreamRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'qldb.amazonaws.com' } },
      }));
      this.starterFunction = starter;
    }

    const consumer = handlerFunction(this, 'Consumer', {
      assetName: 'cdc-consumer',
      description: `Applies the QLDB stream of ledger ${props.ledgerName} to schema ${props.mapping.schema} through the RDS Data API`,
      timeout: props.timeout ?? Duration.minutes(5),
      memorySize: props.memorySize ?? 1024,
      logRetention,
      code: lambda.Code.fromAsset(consumerCodeWithMapping(props.mapping)),
      environment: {
        CLUSTER_ARN: props.targetCluster.clusterArn,
        SECRET_ARN: props.targetSecret.secretArn,
        DATABASE: databaseName,
        MAPPING_FILE: 'mapping.json',
        ...(props.afterBlock !== undefined ? { AFTER_BLOCK: String(props.afterBlock) } : {}),
      },
    });
    consumer.addToRolePolicy(new iam.PolicyStatement({
      actions: ['rds-data:BeginTransaction', 'rds-data:ExecuteStatement', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'],
      resources: [props.targetCluster.clusterArn],
    }));
    consumer.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.targetSecret.secretArn] }));
    props.targetSecret.encryptionKey?.grantDecrypt(consumer);
    this.consumerFunction = consumer;

    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...(this.encryptionKey
        ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: this.encryptionKey }
        : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (this.encryptionKey) {
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
        Validations.of(consumer.role!).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: 'aws-cdk-lib grants these KMS actions to send to the encrypted dead-letter queue (on-failure destination)',
        });
      }
    }
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the on-failure destination of the consumer\'s event source mapping: it is the dead-letter queue',
    });
    this.deadLetterQueue = deadLetterQueue;

    const eventSource = new sources.KinesisEventSource(this.stream, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize ?? 1000,
      maxBatchingWindow: Duration.seconds(1),
      parallelizationFactor: props.parallelizationFactor ?? 1,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts ?? 10,
      maxRecordAge: props.maxRecordAge ?? Duration.days(1),
      reportBatchItemFailures: true,
      onFailure: new sources.SqsDlq(deadLetterQueue),
    });
    consumer.addEventSource(eventSource);
    this.eventSourceMappingId = eventSource.eventSourceMappingId;

    this.iteratorAgeAlarm = this.metricIteratorAge().createAlarm(this, 'IteratorAgeAlarm', {
      alarmDescription: `The consumer of ledger ${props.ledgerName}'s change stream is falling behind`,
      threshold: (props.iteratorAgeAlarmThreshold ?? Duration.minutes(5)).toMilliseconds(),
      evaluationPeriods: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm = consumer.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'ErrorsAlarm', {
      alarmDescription: `The consumer of ledger ${props.ledgerName}'s change stream failed`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterQueueAlarm = deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'DeadLetterQueueAlarm', {
        alarmDescription: `Records of ledger ${props.ledgerName}'s change stream failed every retry (replay them with qldb-migrate replay)`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.rejectsAlarm = this.metricRejects().createAlarm(this, 'RejectsAlarm', {
      alarmDescription: `The consumer of ledger ${props.ledgerName}'s change stream wrote rows to ${props.mapping.schema}.qldb_migration_rejects`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** The age of the oldest record the consumer read (maximum per minute): the replication lag. */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumerFunction.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /** Reject rows the consumer wrote (sum per 5 minutes). */
  public metricRejects(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumerMetric('Rejects', props);
  }

  /** Revisions the consumer applied (sum per 5 minutes). */
  public metricRevisionsApplied(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumerMetric('RevisionsApplied', props);
  }

  /** Milliseconds between the last applied block's commit and its apply (maximum per 5 minutes). */
  public metricLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumerMetric('LagMs', { statistic: 'Maximum', ...props });
  }

  /** Lets `grantee` invoke the starter function (when there is one). */
  public grantStartStream(grantee: iam.IGrantable): iam.Grant {
    if (!this.starterFunction) {
      throw new Error('LedgerChangeStream grantStartStream: the QLDB stream is created at deployment (inclusiveStartTime); there is no starter function');
    }
    return this.starterFunction.grantInvoke(grantee);
  }

  private consumerMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: CHANGE_CONSUMER_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { Consumer: this.consumerFunction.functionName },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }
}

function validateProps(props: LedgerChangeStreamProps): void {
  validateLedgerName(props.ledgerName, 'LedgerChangeStream ledgerName');
  if (props.qldbStreamName !== undefined) {
    validateLedgerName(props.qldbStreamName, 'LedgerChangeStream qldbStreamName');
  }
  if (props.existingStreamObj && (props.streamProps || props.shardCount !== undefined || props.encryptionKey)) {
    throw new Error('LedgerChangeStream: existingStreamObj cannot be combined with streamProps, shardCount or encryptionKey (they configure a new stream)');
  }
  validateIntegerProp('shardCount', props.shardCount, 1, 500, 'LedgerChangeStream');
  validateIntegerProp('batchSize', props.batchSize, 1, 10000, 'LedgerChangeStream');
  validateIntegerProp('parallelizationFactor', props.parallelizationFactor, 1, 10, 'LedgerChangeStream');
  validateIntegerProp('retryAttempts', props.retryAttempts, 0, 10000, 'LedgerChangeStream');
  validateIntegerProp('afterBlock', props.afterBlock, 0, Number.MAX_SAFE_INTEGER, 'LedgerChangeStream');
  const start = props.inclusiveStartTime;
  if (start !== undefined && !Token.isUnresolved(start) && (!ISO_8601.test(start) || Number.isNaN(Date.parse(start)))) {
    throw new Error(`LedgerChangeStream inclusiveStartTime ${JSON.stringify(start)}: must be an ISO 8601 date-time with a zone, such as "2025-07-01T12:00:00Z"`);
  }
  const age = props.maxRecordAge;
  if (age !== undefined && !age.isUnresolved() && (age.toSeconds() < 60 || age.toSeconds() > 604800)) {
    throw new Error(`LedgerChangeStream maxRecordAge ${age.toHumanString()}: must be from 60 seconds to 7 days`);
  }
}

/** The consumer bundle with the mapping beside it, in a new temporary folder (hashed by content). */
function consumerCodeWithMapping(mapping: LedgerMapping): string {
  const bundle = handlerAssetPath('cdc-consumer');
  const dir = FileSystem.mkdtemp('qldb-migration-consumer-');
  for (const name of fs.readdirSync(bundle)) {
    fs.copyFileSync(path.join(bundle, name), path.join(dir, name));
  }
  fs.writeFileSync(path.join(dir, 'mapping.json'), `${mapping.toJson()}\n`);
  return dir;
}
