import * as path from 'path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The folder of a bundled handler: `assets/<name>` at the package root, written by scripts/bundle.js.
 * This file is `src/constructs/common/` under ts-jest and `lib/constructs/common/` once compiled: both are
 * three levels below the root.
 */
export function handlerAssetPath(name: string): string {
  return path.join(__dirname, '..', '..', '..', 'assets', name);
}

/** How to build one handler function. */
export interface HandlerFunctionOptions {
  /** The bundle in assets/ (a folder of lambda-src/handlers/). */
  readonly assetName: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  readonly environment?: { [key: string]: string };
  /** The function's code, when it is more than the bundle (for example the bundle with a file beside it). @default - the bundle */
  readonly code?: lambda.Code;
}

/**
 * A Node.js 22 function running a bundled handler, with its own log group (retention set, kept on
 * delete) and a role that may write only to that log group (no managed policy).
 */
export function handlerFunction(scope: Construct, id: string, options: HandlerFunctionOptions): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
    retention: options.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs ${options.assetName}`,
  });
  logGroup.grantWrite(role);
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: options.code ?? lambda.Code.fromAsset(handlerAssetPath(options.assetName)),
    description: options.description,
    timeout: options.timeout,
    memorySize: options.memorySize ?? 256,
    logGroup,
    role,
    environment: options.environment,
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The runtime is pinned to Node.js 22, the target the handler bundles are built for.',
  });
  return fn;
}
