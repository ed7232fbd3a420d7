import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** What the workflow's states need, resolved by the construct. */
export interface LedgerExportWorkflowOptions {
  readonly ledgerArn: string;
  /** The planner's deployed configuration (lambda-src/core/ledger-export/export-request.ts ExportConfiguration). */
  readonly plannerConfig: { [key: string]: unknown };
  readonly planner: lambda.IFunction;
  readonly starter: lambda.IFunction;
  readonly proofWriter: lambda.IFunction;
  readonly maxConcurrentExports: number;
  readonly pollInterval: Duration;
}

/**
 * PlanExport -> ExportRanges (a map over the planned ranges, at most `maxConcurrentExports` at once:
 * StartExport -> WaitForExport -> DescribeExport -> ExportStatus, looping until COMPLETED, failing on
 * CANCELLED) -> WriteDigestProof. The state after each step carries everything the next one needs.
 */
export function ledgerExportDefinition(scope: Construct, options: LedgerExportWorkflowOptions): sfn.IChainable {
  const plan = new tasks.LambdaInvoke(scope, 'PlanExport', {
    lambdaFunction: options.planner,
    payload: sfn.TaskInput.fromObject({
      config: options.plannerConfig,
      input: sfn.JsonPath.entirePayload,
      executionName: sfn.JsonPath.stringAt('$$.Execution.Name'),
    }),
    payloadResponseOnly: true,
    comment: 'GetDigest, pick split blocks, GetBlock their commit times, plan the time ranges',
  });

  const start = new tasks.LambdaInvoke(scope, 'StartExport', {
    lambdaFunction: options.starter,
    payloadResponseOnly: true,
    resultPath: '$.export',
    comment: 'ExportJournalToS3 for one range',
  });
  // QLDB refuses a third concurrent export with LimitExceededException (another execution may hold a slot).
  start.addRetry({ errors: ['LimitExceededException'], interval: Duration.minutes(1), maxAttempts: 30, backoffRate: 1.5, maxDelay: Duration.minutes(10) });

  const wait = new sfn.Wait(scope, 'WaitForExport', { time: sfn.WaitTime.duration(options.pollInterval) });
  const describe = new tasks.CallAwsService(scope, 'DescribeExport', {
    service: 'qldb',
    action: 'describeJournalS3Export',
    parameters: { Name: sfn.JsonPath.stringAt('$.ledgerName'), ExportId: sfn.JsonPath.stringAt('$.export.exportId') },
    iamResources: [options.ledgerArn],
    iamAction: 'qldb:DescribeJournalS3Export',
    resultSelector: { status: sfn.JsonPath.stringAt('$.ExportDescription.Status') },
    resultPath: '$.status',
  });
  const completed = new sfn.Pass(scope, 'ExportCompleted', {
    parameters: {
      exportId: sfn.JsonPath.stringAt('$.export.exportId'),
      index: sfn.JsonPath.numberAt('$.range.index'),
      inclusiveStartTime: sfn.JsonPath.stringAt('$.range.inclusiveStartTime'),
      exclusiveEndTime: sfn.JsonPath.stringAt('$.range.exclusiveEndTime'),
    },
  });
  const cancelled = new sfn.Fail(scope, 'ExportCancelled', {
    error: 'ExportCancelled',
    causePath: sfn.JsonPath.format('Export {} of ledger {} was cancelled', sfn.JsonPath.stringAt('$.export.exportId'), sfn.JsonPath.stringAt('$.ledgerName')),
  });
  const status = new sfn.Choice(scope, 'ExportStatus')
    .when(sfn.Condition.stringEquals('$.status.status', 'COMPLETED'), completed)
    .when(sfn.Condition.stringEquals('$.status.status', 'CANCELLED'), cancelled)
    .otherwise(wait);

  const exportRanges = new sfn.Map(scope, 'ExportRanges', {
    itemsPath: '$.ranges',
    itemSelector: {
      'ledgerName.$': '$.ledgerName',
      'bucket.$': '$.bucket',
      'prefix.$': '$.prefix',
      'outputFormat.$': '$.outputFormat',
      'exportRoleArn.$': '$.exportRoleArn',
      ...(options.plannerConfig.kmsKeyArn !== undefined ? { 'kmsKeyArn.$': '$.kmsKeyArn' } : {}),
      'range.$': '$$.Map.Item.Value',
    },
    maxConcurrency: options.maxConcurrentExports,
    resultPath: '$.exports',
  });
  exportRanges.itemProcessor(start.next(wait).next(describe).next(status));

  const writeProof = new tasks.LambdaInvoke(scope, 'WriteDigestProof', {
    lambdaFunction: options.proofWriter,
    payloadResponseOnly: true,
    comment: 'Find the last exported block, GetDigest, GetBlock with its proof, write the proof file beside the export',
  });

  return plan.next(exportRanges).next(writeProof);
}
