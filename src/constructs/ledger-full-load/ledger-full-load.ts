import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, Duration, FileSystem, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as dms from 'aws-cdk-lib/aws-dms';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DMS_S3_CSV_SETTINGS, dmsFullLoadTaskSettings } from './dms-task-settings';
import { GlueWorkerType } from './glue-worker-type';
import { dmsExternalTableDefinition, dmsTaskTableMappings } from '../../generators/dms-definition';
import { GLUE_MODULES, GLUE_SCRIPT, GLUE_VERSION, glueJobDefaultArguments } from '../../generators/glue-arguments';
import type { LedgerMapping } from '../../mapping/ledger-mapping';
import { handlerAssetPath } from '../common/handler-function';
import { acknowledgeFinding, acknowledgeOwnWildcardResource, acknowledgeWildcardResource } from '../common/nag-acknowledgments';
import { validateExportPrefix, validateIntegerProp } from '../ledger-export/ledger-export-validation';

/** The folder of the output bucket the Glue job writes the CSV files to and DMS reads them from. */
const CSV_FOLDER = 'full-load';
/** The Glue job's temporary folder in the output bucket. */
const GLUE_TEMP_FOLDER = 'glue-temp';
const INSTANCE_CLASS = /^dms\.[a-z0-9]+\.[a-z0-9]+$/;

/** Properties of a LedgerFullLoad. */
export interface LedgerFullLoadProps {
  /** The ledger mapping: the Glue job transforms with it, DMS loads the tables it declares. */
  readonly mapping: LedgerMapping;

  /** The bucket holding the journal export(s). */
  readonly exportBucket: s3.IBucket;

  /**
   * The key prefix of the export: the Glue job may read only under it, and reads every completed export under it
   * unless a job run's `--export_uris` argument names others under it (the migration workflow passes the prefix of
   * the export it just made). Empty, or ending in `/`.
   */
  readonly exportPrefix: string;

  /** The Aurora PostgreSQL cluster DMS loads (its tables are created by MigrationTargetSchema). */
  readonly targetCluster: rds.IDatabaseCluster;

  /** The secret (host, port, username, password) DMS connects with. */
  readonly targetSecret: secretsmanager.ISecret;

  /** The VPC of the DMS replication instance (it must reach the cluster and S3). */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the DMS replication instance.
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The database DMS loads.
   * @default 'postgres'
   */
  readonly databaseName?: string;

  /**
   * An existing bucket for the CSV files (DMS's source). Do not set `outputBucketProps` with it.
   * @default - a new bucket: SSE-KMS with `encryptionKey`, TLS enforced, public access blocked, retained on delete
   */
  readonly existingOutputBucketObj?: s3.IBucket;

  /**
   * Overrides of the new output bucket's properties. Do not set `existingOutputBucketObj` with it.
   * @default - the defaults described on `existingOutputBucketObj`
   */
  readonly outputBucketProps?: s3.BucketProps;

  /**
   * The key that encrypts the CSV files, the Glue job's logs and bookmarks, and the DMS replication instance's
   * storage and endpoints.
   * @default - a new KMS key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The Glue job's worker type.
   * @default GlueWorkerType.G_1X
   */
  readonly glueWorkerType?: GlueWorkerType;

  /**
   * The Glue job's number of workers (2 to 299).
   * @default 10
   */
  readonly glueWorkerCount?: number;

  /**
   * The longest a Glue job run may take (whole minutes, up to 48 hours).
   * @default Duration.hours(8)
   */
  readonly glueTimeout?: Duration;

  /**
   * Only blocks up to this sequence number are loaded, unless a job run's `--last_block` says otherwise.
   * @default - every block of the export
   */
  readonly lastBlock?: number;

  /**
   * Fail the Glue job on the first value that cannot be converted, instead of writing a reject row.
   * @default false
   */
  readonly strict?: boolean;

  /**
   * The DMS replication instance class.
   * @default 'dms.r6i.large'
   */
  readonly replicationInstanceClass?: string;

  /**
   * The DMS replication instance's storage, in GiB (5 to 6144).
   * @default 100
   */
  readonly replicationInstanceStorageGiB?: number;

  /**
   * The DMS engine version.
   * @default - the default version DMS chooses
   */
  readonly replicationEngineVersion?: string;

  /**
   * Create the account-wide roles DMS needs before its first use in an account, `dms-vpc-role` and
   * `dms-cloudwatch-logs-role`. Leave it off when they exist (creating them again fails).
   * @default false
   */
  readonly createDmsServiceRoles?: boolean;
}

/**
 * The full load: a Glue 5.0 job (the PySpark script of assets/glue, driven by the mapping JSON) turns a journal export
 * into CSV files, and a DMS full-load task loads them into Aurora PostgreSQL, with settings that stop the task instead
 * of losing anything quietly (no LOB truncation, every data or table error stops it).
 *
 * Run it with the Glue job (`glueJobName`), then the DMS task (`replicationTaskArn`), then the post-load DDL;
 * `QldbToAuroraMigration` runs all three in order.
 */
export class LedgerFullLoad extends Construct {
  /** The bucket the CSV files are written to (the DMS source). */
  public readonly outputBucket: s3.IBucket;
  /** The key of the CSV files, the Glue job's logs and the DMS resources. */
  public readonly encryptionKey: kms.IKey;
  /** The S3 URI of the CSV folder (`s3://<bucket>/full-load`). */
  public readonly csvUri: string;
  /** The Glue job. */
  public readonly glueJob: glue.CfnJob;
  /** The Glue job's name. */
  public readonly glueJobName: string;
  /** The role the Glue job runs with. */
  public readonly glueRole: iam.IRole;
  /** The Glue security configuration (encrypted logs, bookmarks and S3 output). */
  public readonly glueSecurityConfiguration: glue.CfnSecurityConfiguration;
  /** The mapping JSON the Glue job reads. */
  public readonly mappingAsset: s3assets.Asset;
  /** The DMS replication instance. */
  public readonly replicationInstance: dms.CfnReplicationInstance;
  /** The DMS replication instance's subnet group. */
  public readonly replicationSubnetGroup: dms.CfnReplicationSubnetGroup;
  /** The security group of the DMS replication instance (allowed into the cluster's port when it has one). */
  public readonly replicationSecurityGroup: ec2.ISecurityGroup;
  /** The DMS S3 source endpoint (the generated ExternalTableDefinition). */
  public readonly sourceEndpoint: dms.CfnEndpoint;
  /** The DMS Aurora PostgreSQL target endpoint. */
  public readonly targetEndpoint: dms.CfnEndpoint;
  /** The DMS full-load task. */
  public readonly replicationTask: dms.CfnReplicationTask;
  /** The DMS full-load task's ARN. */
  public readonly replicationTaskArn: string;
  /** The DMS replication instance's identifier (the dimension of its AWS/DMS metrics). */
  public readonly replicationInstanceIdentifier: string;
  /** The DMS task's identifier (the dimension of its AWS/DMS metrics). */
  public readonly replicationTaskIdentifier: string;
  /** The role DMS reads the CSV files with. */
  public readonly dmsSourceRole: iam.IRole;
  /** The role DMS reads the target secret with. */
  public readonly dmsSecretRole: iam.IRole;

  constructor(scope: Construct, id: string, props: LedgerFullLoadProps) {
    super(scope, id);
    validateProps(props);
    const stack = Stack.of(this);
    const databaseName = props.databaseName ?? 'postgres';

    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: 'Encrypts the QLDB full load: CSV files, Glue logs and bookmarks, DMS storage',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Glue writes its logs to CloudWatch Logs encrypted with the key (security configuration).
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
    }));

    this.outputBucket = props.existingOutputBucketObj ?? this.newOutputBucket(props);
    this.csvUri = `s3://${this.outputBucket.bucketName}/${CSV_FOLDER}`;

    const glueRole = this.newGlueRole(props);
    this.glueRole = glueRole;

    const glueFolder = handlerAssetPath('glue');
    const script = new s3assets.Asset(this, 'GlueScript', { path: path.join(glueFolder, GLUE_SCRIPT) });
    // Python imports modules by file name: the modules travel as one zip (an asset of a folder), on --extra-py-files.
    const modules = new s3assets.Asset(this, 'GlueModules', { path: copyFiles(glueFolder, GLUE_MODULES, 'qldb-migration-glue-') });
    this.mappingAsset = new s3assets.Asset(this, 'Mapping', { path: writeFile('mapping.json', props.mapping.toJson(), 'qldb-migration-mapping-') });
    glueRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [script, modules, this.mappingAsset].map((asset) => stack.formatArn({
        service: 's3', region: '', account: '', resource: asset.s3BucketName, resourceName: asset.s3ObjectKey,
      })),
    }));

    this.glueSecurityConfiguration = new glue.CfnSecurityConfiguration(this, 'GlueSecurityConfiguration', {
      name: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      encryptionConfiguration: {
        cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: this.encryptionKey.keyArn },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: this.encryptionKey.keyArn },
        s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: this.encryptionKey.keyArn }],
      },
    });

    const defaultArguments = {
      ...glueJobDefaultArguments({
        scriptsUri: script.s3ObjectUrl,
        mappingUri: this.mappingAsset.s3ObjectUrl,
        exportUris: [`s3://${props.exportBucket.bucketName}/${props.exportPrefix}`],
        outputUri: this.csvUri,
        lastBlock: props.lastBlock,
        strict: props.strict,
      }),
      '--extra-py-files': modules.s3ObjectUrl,
      '--TempDir': `s3://${this.outputBucket.bucketName}/${GLUE_TEMP_FOLDER}/`,
      '--enable-metrics': 'true',
      '--enable-continuous-cloudwatch-log': 'true',
    };
    this.glueJob = new glue.CfnJob(this, 'GlueJob', {
      description: `Transforms QLDB journal exports into the CSV files of schema ${props.mapping.schema}`,
      role: glueRole.roleArn,
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: script.s3ObjectUrl },
      glueVersion: GLUE_VERSION,
      workerType: props.glueWorkerType ?? GlueWorkerType.G_1X,
      numberOfWorkers: props.glueWorkerCount ?? 10,
      timeout: (props.glueTimeout ?? Duration.hours(8)).toMinutes(),
      maxRetries: 0,
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: this.glueSecurityConfiguration.ref,
      defaultArguments,
    });
    this.glueJobName = this.glueJob.ref;

    this.dmsSourceRole = this.newDmsSourceRole();
    this.dmsSecretRole = this.newDmsSecretRole(props);

    const serviceRoles = props.createDmsServiceRoles ? this.newDmsServiceRoles() : [];
    this.replicationSubnetGroup = new dms.CfnReplicationSubnetGroup(this, 'ReplicationSubnetGroup', {
      replicationSubnetGroupDescription: `Subnets of the QLDB full load of schema ${props.mapping.schema}`,
      subnetIds: props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });
    serviceRoles.forEach((role) => this.replicationSubnetGroup.node.addDependency(role));

    const securityGroup = new ec2.SecurityGroup(this, 'ReplicationSecurityGroup', {
      vpc: props.vpc,
      description: 'DMS replication instance of the QLDB full load',
      allowAllOutbound: true,
    });
    if (props.targetCluster.connections.defaultPort) {
      props.targetCluster.connections.allowDefaultPortFrom(securityGroup, 'DMS full load of the QLDB migration');
    }
    this.replicationSecurityGroup = securityGroup;

    this.replicationInstanceIdentifier = dmsIdentifier(this, 'instance');
    this.replicationTaskIdentifier = dmsIdentifier(this, 'task');
    this.replicationInstance = new dms.CfnReplicationInstance(this, 'ReplicationInstance', {
      replicationInstanceIdentifier: this.replicationInstanceIdentifier,
      replicationInstanceClass: props.replicationInstanceClass ?? 'dms.r6i.large',
      allocatedStorage: props.replicationInstanceStorageGiB ?? 100,
      engineVersion: props.replicationEngineVersion,
      publiclyAccessible: false,
      multiAz: false,
      autoMinorVersionUpgrade: true,
      kmsKeyId: this.encryptionKey.keyArn,
      replicationSubnetGroupIdentifier: this.replicationSubnetGroup.ref,
      vpcSecurityGroupIds: [securityGroup.securityGroupId],
    });

    this.sourceEndpoint = new dms.CfnEndpoint(this, 'SourceEndpoint', {
      endpointType: 'source',
      engineName: 's3',
      s3Settings: {
        bucketName: this.outputBucket.bucketName,
        bucketFolder: CSV_FOLDER,
        serviceAccessRoleArn: this.dmsSourceRole.roleArn,
        externalTableDefinition: JSON.stringify(dmsExternalTableDefinition(props.mapping)),
        ...DMS_S3_CSV_SETTINGS,
      },
    });
    this.targetEndpoint = new dms.CfnEndpoint(this, 'TargetEndpoint', {
      endpointType: 'target',
      engineName: 'aurora-postgresql',
      databaseName,
      sslMode: 'require',
      kmsKeyId: this.encryptionKey.keyArn,
      postgreSqlSettings: {
        secretsManagerSecretId: props.targetSecret.secretArn,
        secretsManagerAccessRoleArn: this.dmsSecretRole.roleArn,
      },
    });

    this.replicationTask = new dms.CfnReplicationTask(this, 'ReplicationTask', {
      replicationTaskIdentifier: this.replicationTaskIdentifier,
      migrationType: 'full-load',
      replicationInstanceArn: this.replicationInstance.ref,
      sourceEndpointArn: this.sourceEndpoint.ref,
      targetEndpointArn: this.targetEndpoint.ref,
      tableMappings: JSON.stringify(dmsTaskTableMappings(props.mapping)),
      replicationTaskSettings: JSON.stringify(dmsFullLoadTaskSettings(props.mapping)),
    });
    this.replicationTaskArn = this.replicationTask.ref;
  }

  /** Lets `grantee` start and read runs of the Glue job. */
  public grantStartJobRun(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
      resourceArns: [this.glueJobArn()],
    });
  }

  /** Lets `grantee` start, stop and describe the DMS task. */
  public grantRunReplicationTask(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['dms:StartReplicationTask', 'dms:StopReplicationTask', 'dms:DescribeReplicationTasks'],
      resourceArns: [this.replicationTaskArn],
    });
  }

  /** The Glue job's ARN. */
  public glueJobArn(): string {
    return Stack.of(this).formatArn({ service: 'glue', resource: 'job', resourceName: this.glueJobName });
  }

  private newOutputBucket(props: LedgerFullLoadProps): s3.Bucket {
    const bucket = new s3.Bucket(this, 'OutputBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      ...props.outputBucketProps,
    });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds only intermediate CSV files, written by the Glue job and read by DMS; both are logged by their own services',
    });
    return bucket;
  }

  private newGlueRole(props: LedgerFullLoadProps): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'GlueRole', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: 'Runs the QLDB full-load Glue job',
    });
    const exportObjects = props.exportBucket.arnForObjects(`${props.exportPrefix}*`);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [exportObjects] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [props.exportBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${props.exportPrefix}*`] } },
    }));
    props.exportBucket.encryptionKey?.grantDecrypt(role);
    const outputObjects = [this.outputBucket.arnForObjects(`${CSV_FOLDER}/*`), this.outputBucket.arnForObjects(`${GLUE_TEMP_FOLDER}/*`)];
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: outputObjects }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.outputBucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${CSV_FOLDER}/*`, CSV_FOLDER, `${GLUE_TEMP_FOLDER}/*`, GLUE_TEMP_FOLDER] } },
    }));
    this.encryptionKey.grant(role, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey');
    const glueLogs = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws-glue/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:AssociateKmsKey'],
      resources: [glueLogs],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': 'Glue' } },
    }));
    acknowledgeOwnWildcardResource(role, exportObjects, 'The Glue job reads the export objects QLDB named under the export prefix');
    for (const objects of outputObjects) {
      acknowledgeWildcardResource(role, objects, 'Spark names the CSV part files and temporary files it writes under its own folders');
    }
    acknowledgeOwnWildcardResource(role, glueLogs, 'Glue names the log groups and streams of each job run under /aws-glue/');
    acknowledgeWildcardResource(role, '*', 'CloudWatch PutMetricData has no resource-level permissions (limited to the Glue namespace)');
    return role;
  }

  private newDmsSourceRole(): iam.Role {
    const role = new iam.Role(this, 'DmsSourceRole', {
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com'),
      description: 'DMS reads the CSV files of the QLDB full load',
    });
    const csvObjects = this.outputBucket.arnForObjects(`${CSV_FOLDER}/*`);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [csvObjects] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.outputBucket.bucketArn] }));
    this.encryptionKey.grantDecrypt(role);
    acknowledgeWildcardResource(role, csvObjects, 'DMS reads every CSV part file the Glue job wrote under the CSV folder');
    return role;
  }

  private newDmsSecretRole(props: LedgerFullLoadProps): iam.Role {
    const role = new iam.Role(this, 'DmsSecretRole', {
      // DMS assumes a Secrets Manager access role through its regional service principal.
      assumedBy: new iam.ServicePrincipal(`dms.${Stack.of(this).region}.amazonaws.com`),
      description: 'DMS reads the target database secret of the QLDB full load',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.targetSecret.secretArn] }));
    props.targetSecret.encryptionKey?.grantDecrypt(role);
    return role;
  }

  private newDmsServiceRoles(): iam.Role[] {
    const vpcRole = new iam.Role(this, 'DmsVpcRole', {
      roleName: 'dms-vpc-role',
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonDMSVPCManagementRole')],
    });
    const logsRole = new iam.Role(this, 'DmsCloudWatchLogsRole', {
      roleName: 'dms-cloudwatch-logs-role',
      assumedBy: new iam.ServicePrincipal('dms.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonDMSCloudWatchLogsRole')],
    });
    for (const [role, policy] of [[vpcRole, 'AmazonDMSVPCManagementRole'], [logsRole, 'AmazonDMSCloudWatchLogsRole']] as const) {
      acknowledgeFinding(
        role,
        `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        'DMS requires this account-wide service role by name, with exactly this AWS managed policy',
      );
    }
    return [vpcRole, logsRole];
  }
}

function validateProps(props: LedgerFullLoadProps): void {
  if (props.existingOutputBucketObj && props.outputBucketProps) {
    throw new Error('LedgerFullLoad: give either existingOutputBucketObj or outputBucketProps, not both');
  }
  validateExportPrefix(props.exportPrefix, 'LedgerFullLoad exportPrefix');
  validateIntegerProp('glueWorkerCount', props.glueWorkerCount, 2, 299, 'LedgerFullLoad');
  validateIntegerProp('replicationInstanceStorageGiB', props.replicationInstanceStorageGiB, 5, 6144, 'LedgerFullLoad');
  if (props.lastBlock !== undefined && !Token.isUnresolved(props.lastBlock) && (!Number.isInteger(props.lastBlock) || props.lastBlock < 0)) {
    throw new Error(`LedgerFullLoad lastBlock ${props.lastBlock}: must be a block sequence number (a whole number from 0)`);
  }
  const timeout = props.glueTimeout;
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const minutes = timeout.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 2880) {
      throw new Error(`LedgerFullLoad glueTimeout ${timeout.toHumanString()}: must be a whole number of minutes from 1 minute to 48 hours`);
    }
  }
  const instanceClass = props.replicationInstanceClass;
  if (instanceClass !== undefined && !Token.isUnresolved(instanceClass) && !INSTANCE_CLASS.test(instanceClass)) {
    throw new Error(`LedgerFullLoad replicationInstanceClass ${JSON.stringify(instanceClass)}: must be a DMS instance class such as "dms.r6i.large"`);
  }
  const databaseName = props.databaseName;
  if (databaseName !== undefined && !Token.isUnresolved(databaseName) && (databaseName.length === 0 || databaseName.length > 63)) {
    throw new Error(`LedgerFullLoad databaseName ${JSON.stringify(databaseName)}: must be 1 to 63 characters`);
  }
}

/** A DMS identifier unique to the construct's path: lower case letters, digits and single hyphens, at most 63. */
function dmsIdentifier(scope: Construct, kind: string): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: 63 - kind.length - 1, separator: '-' }).toLowerCase();
  return `${unique}-${kind}`.replace(/^[^a-z]+/, '').replace(/-+/g, '-');
}

/** Copies `names` from `folder` into a new temporary folder (an asset's hash depends only on the content). */
function copyFiles(folder: string, names: readonly string[], prefix: string): string {
  const dir = FileSystem.mkdtemp(prefix);
  for (const name of names) {
    fs.copyFileSync(path.join(folder, name), path.join(dir, name));
  }
  return dir;
}

/** Writes one file into a new temporary folder; returns the file's path. */
function writeFile(name: string, text: string, prefix: string): string {
  const file = path.join(FileSystem.mkdtemp(prefix), name);
  fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  return file;
}
