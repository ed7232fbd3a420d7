import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** Where the full load reads an export that already exists. */
export interface ExistingExportLocation {
  readonly bucketName: string;
  readonly prefix: string;
}

/** What the migration workflow's states need, resolved by the construct. */
export interface MigrationWorkflowOptions {
  /** The LedgerExport workflow, when the migration starts from a ledger. */
  readonly exportStateMachine?: sfn.IStateMachine;
  /** The export to load, when the migration starts from an existing export. */
  readonly existingExport?: ExistingExportLocation;
  readonly glueJobName: string;
  readonly replicationTaskArn: string;
  /** The MigrationTargetSchema handler (`{"action": "PostLoad"}`). */
  readonly postLoadFunction: lambda.IFunction;
  /** Starts the QLDB stream from the export's end time (only with a ledger). */
  readonly streamStarter?: lambda.IFunction;
  readonly dmsPollInterval: Duration;
}

/** DMS's stop reason of a full-load task that finished its work. */
const FULL_LOAD_FINISHED = '*FULL_LOAD_ONLY_FINISHED*';

/**
 * Export (a ledger) or the existing export -> TransformExport (Glue, run to completion) -> the DMS full-load task
 * (started, or reloaded on a later run; polled; any stop other than a finished full load fails the execution) ->
 * ApplyPostLoadDdl -> StartChangeStream from the export's end time (a ledger only). Each step reads what the one
 * before it wrote into the state: `$.export`, `$.glueArguments`, `$.glue`, `$.dms`, `$.postLoad`, `$.stream`.
 */
export function migrationDefinition(scope: Construct, options: MigrationWorkflowOptions): sfn.IChainable {
  const start = exportSteps(scope, options);

  const transform = new tasks.GlueStartJobRun(scope, 'TransformExport', {
    glueJobName: options.glueJobName,
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    arguments: sfn.TaskInput.fromJsonPathAt('$.glueArguments'),
    resultSelector: { 'jobRunId.$': '$.Id', 'state.$': '$.JobRunState' },
    resultPath: '$.glue',
    comment: 'The Glue job writes the CSV files of every table; the state fails when the job run fails',
  });

  const describeTask = (id: string, resultSelector: { [key: string]: string }) => new tasks.CallAwsService(scope, id, {
    service: 'databasemigration',
    action: 'describeReplicationTasks',
    iamAction: 'dms:DescribeReplicationTasks',
    iamResources: ['*'],
    parameters: { Filters: [{ Name: 'replication-task-arn', Values: [options.replicationTaskArn] }], WithoutSettings: true },
    resultSelector,
    resultPath: '$.dms',
  });
  const startTask = (id: string, type: string) => new tasks.CallAwsService(scope, id, {
    service: 'databasemigration',
    action: 'startReplicationTask',
    iamAction: 'dms:StartReplicationTask',
    iamResources: [options.replicationTaskArn],
    parameters: { ReplicationTaskArn: options.replicationTaskArn, StartReplicationTaskType: type },
    resultPath: sfn.JsonPath.DISCARD,
  });

  const prepare = describeTask('DescribeLoadTask', { 'status.$': '$.ReplicationTasks[0].Status' });
  const wait = new sfn.Wait(scope, 'WaitForLoad', { time: sfn.WaitTime.duration(options.dmsPollInterval) });
  const check = describeTask('CheckLoadTask', {
    'status.$': '$.ReplicationTasks[0].Status',
    'stopReason.$': '$.ReplicationTasks[0].StopReason',
    'stats.$': '$.ReplicationTasks[0].ReplicationTaskStats',
  });
  const busy = new sfn.Fail(scope, 'LoadTaskBusy', {
    error: 'LoadTaskBusy',
    causePath: sfn.JsonPath.format('The DMS task {} is {}: wait for it to stop, then run the migration again', options.replicationTaskArn, sfn.JsonPath.stringAt('$.dms.status')),
  });
  const firstLoad = startTask('StartLoadTask', 'start-replication');
  const reload = startTask('ReloadLoadTask', 'reload-target');
  const startChoice = new sfn.Choice(scope, 'LoadTaskState')
    .when(sfn.Condition.stringEquals('$.dms.status', 'ready'), firstLoad)
    .when(sfn.Condition.or(sfn.Condition.stringEquals('$.dms.status', 'stopped'), sfn.Condition.stringEquals('$.dms.status', 'failed')), reload)
    .otherwise(busy);
  firstLoad.next(wait);
  reload.next(wait);
  wait.next(check);

  const postLoad = new tasks.LambdaInvoke(scope, 'ApplyPostLoadDdl', {
    lambdaFunction: options.postLoadFunction,
    payload: sfn.TaskInput.fromObject({ action: 'PostLoad' }),
    payloadResponseOnly: true,
    resultPath: '$.postLoad',
    comment: 'Keys, indexes and the user\'s own post-load statements, through the RDS Data API',
  });
  const loadFailed = new sfn.Fail(scope, 'LoadFailed', {
    error: 'LoadFailed',
    causePath: sfn.JsonPath.format('The DMS full-load task {} stopped: {} (see its CloudWatch logs and table statistics)', options.replicationTaskArn, sfn.JsonPath.stringAt('$.dms.status')),
  });
  const loaded = sfn.Condition.and(
    sfn.Condition.stringEquals('$.dms.status', 'stopped'),
    sfn.Condition.isPresent('$.dms.stopReason'),
    sfn.Condition.stringMatches('$.dms.stopReason', FULL_LOAD_FINISHED),
    sfn.Condition.isPresent('$.dms.stats.TablesErrored'),
    sfn.Condition.numberEquals('$.dms.stats.TablesErrored', 0),
  );
  const loadStatus = new sfn.Choice(scope, 'LoadStatus')
    .when(loaded, postLoad)
    .when(sfn.Condition.or(sfn.Condition.stringEquals('$.dms.status', 'stopped'), sfn.Condition.stringEquals('$.dms.status', 'failed')), loadFailed)
    .otherwise(wait);
  check.next(loadStatus);

  const chain = start.next(transform).next(prepare).next(startChoice);
  if (options.streamStarter) {
    postLoad.next(new tasks.LambdaInvoke(scope, 'StartChangeStream', {
      lambdaFunction: options.streamStarter,
      payload: sfn.TaskInput.fromObject({ inclusiveStartTime: sfn.JsonPath.stringAt('$.export.exportEndTime') }),
      payloadResponseOnly: true,
      resultPath: '$.stream',
      comment: 'StreamJournalToKinesis from the export\'s exclusive end time (the apply is idempotent: overlap is harmless)',
    }));
  }
  return chain;
}

/** The first steps: run the export and name it for the Glue job, or name the existing export. */
function exportSteps(scope: Construct, options: MigrationWorkflowOptions): sfn.Chain {
  if (options.exportStateMachine) {
    const run = new tasks.StepFunctionsStartExecution(scope, 'ExportLedger', {
      stateMachine: options.exportStateMachine,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      input: sfn.TaskInput.fromObject({}),
      associateWithParent: true,
      resultSelector: {
        'bucket.$': '$.Output.bucket',
        'prefix.$': '$.Output.prefix',
        'exportIds.$': '$.Output.exportIds',
        'exportEndTime.$': '$.Output.exportEndTime',
        'lastBlock.$': '$.Output.lastBlock.sequenceNo',
        'proofKey.$': '$.Output.proofKey',
      },
      resultPath: '$.export',
      comment: 'The LedgerExport workflow: parallel exports and the digest proof',
    });
    const args = new sfn.Pass(scope, 'GlueArguments', {
      parameters: {
        '--export_uris': sfn.JsonPath.format('s3://{}/{}', sfn.JsonPath.stringAt('$.export.bucket'), sfn.JsonPath.stringAt('$.export.prefix')),
        '--last_block': sfn.JsonPath.format('{}', sfn.JsonPath.stringAt('$.export.lastBlock')),
      },
      resultPath: '$.glueArguments',
    });
    return sfn.Chain.start(run).next(args);
  }
  const existing = options.existingExport!;
  return sfn.Chain.start(new sfn.Pass(scope, 'UseExistingExport', {
    parameters: {
      export: { bucket: existing.bucketName, prefix: existing.prefix },
      glueArguments: { '--export_uris': `s3://${existing.bucketName}/${existing.prefix}` },
    },
    comment: 'The export is already in S3: no call to QLDB',
  }));
}
