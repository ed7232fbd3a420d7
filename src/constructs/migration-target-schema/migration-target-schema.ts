import * as fs from 'fs';
import * as path from 'path';
import { CustomResource, Duration, FileSystem, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { PROTECTED_SCHEMAS, schemaDropStatements } from './schema-drop-statements';
import { MigrationSql } from '../../generators/migration-sql';
import type { TargetDdlOptions } from '../../generators/target-ddl';
import type { LedgerMapping } from '../../mapping/ledger-mapping';
import { handlerFunction } from '../common/handler-function';
import { acknowledgeWildcardResource } from '../common/nag-acknowledgments';

/** Properties of a MigrationTargetSchema. */
export interface MigrationTargetSchemaProps {
  /** The ledger mapping whose target DDL is applied. */
  readonly mapping: LedgerMapping;

  /** The Aurora PostgreSQL cluster, with the Data API enabled. */
  readonly targetCluster: rds.IDatabaseCluster;

  /** The secret (username and password) the Data API connects with. */
  readonly targetSecret: secretsmanager.ISecret;

  /**
   * The database the schema is created in.
   * @default 'postgres'
   */
  readonly databaseName?: string;

  /**
   * Options of the generated target DDL (for example a least-privilege migration role).
   * @default - no migration role
   */
  readonly ddlOptions?: TargetDdlOptions;

  /**
   * Your own statements, run after the generated target DDL in the same transaction (on create and update, so
   * they must be re-runnable).
   * @default - none
   */
  readonly additionalTargetDdl?: string[];

  /**
   * Your own statements, run after the generated post-load DDL (grants, views) in the same transaction.
   * @default - none
   */
  readonly additionalPostLoadDdl?: string[];

  /**
   * Also apply the post-load DDL (keys and indexes) on create and update. Leave it off when a bulk load
   * follows: run the post-load DDL after the load by invoking `handler` with `{"action": "PostLoad"}`.
   * @default false
   */
  readonly applyPostLoadDdl?: boolean;

  /**
   * What deleting the resource does to the database: RETAIN leaves everything; DESTROY drops the mapping's
   * schema with everything in it (refused for the public schema).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Retention of the handler's logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * A custom resource that applies the mapping's generated target DDL to Aurora PostgreSQL through the RDS Data
 * API, one statement per call in one transaction: on create, and again on update (every statement is
 * re-runnable and nothing is dropped). On delete nothing is dropped unless the removal policy is DESTROY.
 *
 * The statements travel as a JSON asset (generated DDL can exceed what a resource property should hold).
 */
export class MigrationTargetSchema extends Construct {
  /** Applies the statements (the custom resource's handler, also invocable with `{"action": "PostLoad"}`). */
  public readonly handler: lambda.IFunction;
  /** The custom resource. */
  public readonly resource: CustomResource;
  /** The custom resource provider (its service token). */
  public readonly provider: cr.Provider;
  /** The generated target DDL plus `additionalTargetDdl`, as applied. */
  public readonly targetStatements: string[];
  /** The generated post-load DDL plus `additionalPostLoadDdl`. */
  public readonly postLoadStatements: string[];

  constructor(scope: Construct, id: string, props: MigrationTargetSchemaProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (removalPolicy !== RemovalPolicy.RETAIN && removalPolicy !== RemovalPolicy.DESTROY) {
      throw new Error(`MigrationTargetSchema removalPolicy ${removalPolicy}: must be RemovalPolicy.RETAIN or RemovalPolicy.DESTROY`);
    }
    if (removalPolicy === RemovalPolicy.DESTROY && PROTECTED_SCHEMAS.includes(props.mapping.schema)) {
      throw new Error(
        `MigrationTargetSchema removalPolicy DESTROY: the mapping's schema "${props.mapping.schema}" is never dropped ` +
          `(${PROTECTED_SCHEMAS.join(', ')}); map the tables into a schema of their own or keep RemovalPolicy.RETAIN`,
      );
    }
    const databaseName = props.databaseName ?? 'postgres';
    if (!Token.isUnresolved(databaseName) && (databaseName.length === 0 || databaseName.length > 63)) {
      throw new Error(`MigrationTargetSchema databaseName ${JSON.stringify(databaseName)}: must be 1 to 63 characters`);
    }
    checkStatements('additionalTargetDdl', props.additionalTargetDdl);
    checkStatements('additionalPostLoadDdl', props.additionalPostLoadDdl);

    this.targetStatements = [...MigrationSql.targetDdl(props.mapping, props.ddlOptions), ...(props.additionalTargetDdl ?? [])];
    this.postLoadStatements = [...MigrationSql.postLoadDdl(props.mapping), ...(props.additionalPostLoadDdl ?? [])];
    const statements = new s3assets.Asset(this, 'Statements', {
      path: writeStatementsFile({
        targetDdl: this.targetStatements,
        postLoadDdl: this.postLoadStatements,
        dropDdl: schemaDropStatements(props.mapping),
      }),
    });

    const target = {
      ClusterArn: props.targetCluster.clusterArn,
      SecretArn: props.targetSecret.secretArn,
      Database: databaseName,
      Schema: props.mapping.schema,
      StatementsBucket: statements.s3BucketName,
      StatementsKey: statements.s3ObjectKey,
      ApplyPostLoadDdl: String(props.applyPostLoadDdl ?? false),
      RemovalPolicy: removalPolicy === RemovalPolicy.DESTROY ? 'destroy' : 'retain',
    };
    const handler = handlerFunction(this, 'Handler', {
      assetName: 'schema-applier',
      description: `Applies the migration DDL of schema ${props.mapping.schema} through the RDS Data API`,
      // Inside the Provider framework's 15 minutes; each Data API statement may take up to 45 seconds.
      timeout: Duration.minutes(14),
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      environment: target,
    });
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['rds-data:BeginTransaction', 'rds-data:ExecuteStatement', 'rds-data:CommitTransaction', 'rds-data:RollbackTransaction'],
      resources: [props.targetCluster.clusterArn],
    }));
    handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.targetSecret.secretArn] }));
    props.targetSecret.encryptionKey?.grantDecrypt(handler);
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [Stack.of(this).formatArn({ service: 's3', region: '', account: '', resource: statements.s3BucketName, resourceName: statements.s3ObjectKey })],
    }));
    this.handler = handler;

    // The Provider framework's function gets a role of its own that may write only to its log group (and invoke the
    // handler, granted by the framework), instead of the AWSLambdaBasicExecutionRole managed policy.
    const providerLogGroup = new logs.LogGroup(this, 'ProviderLogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const providerRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the custom resource provider framework of a MigrationTargetSchema',
    });
    providerLogGroup.grantWrite(providerRole);
    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler, logGroup: providerLogGroup, frameworkOnEventRole: providerRole });
    this.provider = provider;
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'aws-cdk-lib chooses the runtime of the Provider framework\'s function (the latest Node.js runtime it knows)',
    });
    acknowledgeWildcardResource(providerRole, `${handler.functionArn}:*`, 'The Provider framework may invoke any version of the handler (granted by aws-cdk-lib)');

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::QldbMigrationTargetSchema',
      properties: target,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

function checkStatements(prop: string, statements: string[] | undefined): void {
  (statements ?? []).forEach((statement, index) => {
    if (typeof statement !== 'string' || statement.trim().length === 0) {
      throw new Error(`MigrationTargetSchema ${prop}[${index}] ${JSON.stringify(statement)}: must be a non-empty SQL statement`);
    }
  });
}

/** Writes the statements document to a new temporary folder (the asset's hash depends only on its content). */
function writeStatementsFile(document: { targetDdl: string[]; postLoadDdl: string[]; dropDdl: string[] }): string {
  const file = path.join(FileSystem.mkdtemp('qldb-migration-schema-'), 'schema-statements.json');
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
