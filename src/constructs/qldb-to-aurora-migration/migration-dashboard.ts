import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LedgerChangeStream } from '../ledger-change-stream/ledger-change-stream';
import type { LedgerFullLoad } from '../ledger-full-load/ledger-full-load';

/** What the cutover dashboard shows. */
export interface MigrationDashboardOptions {
  readonly migrationStateMachine: sfn.IStateMachine;
  readonly exportStateMachine?: sfn.IStateMachine;
  readonly fullLoad: LedgerFullLoad;
  readonly changeStream?: LedgerChangeStream;
}

const PERIOD = Duration.minutes(5);

function stateMachineRuns(title: string, machine: sfn.IStateMachine): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    width: 8,
    left: [
      machine.metricStarted({ period: PERIOD, label: 'started' }),
      machine.metricSucceeded({ period: PERIOD, label: 'succeeded' }),
      machine.metricFailed({ period: PERIOD, label: 'failed' }),
      machine.metricTimedOut({ period: PERIOD, label: 'timed out' }),
    ],
  });
}

/**
 * The cutover dashboard: the migration and export workflows, the Glue job, the DMS task, then the change stream's
 * lag, throughput, rejects and dead-letter queue.
 */
export function migrationDashboard(scope: Construct, id: string, options: MigrationDashboardOptions): cloudwatch.Dashboard {
  const { fullLoad, changeStream } = options;
  const glue = (metricName: string, label: string) => new cloudwatch.Metric({
    namespace: 'Glue',
    metricName,
    dimensionsMap: { JobName: fullLoad.glueJobName, JobRunId: 'ALL', Type: 'count' },
    statistic: 'Sum',
    period: PERIOD,
    label,
  });
  const dmsTask = (metricName: string, label: string) => new cloudwatch.Metric({
    namespace: 'AWS/DMS',
    metricName,
    dimensionsMap: {
      ReplicationInstanceIdentifier: fullLoad.replicationInstanceIdentifier,
      ReplicationTaskIdentifier: fullLoad.replicationTaskIdentifier,
    },
    statistic: 'Average',
    period: PERIOD,
    label,
  });
  const dashboard = new cloudwatch.Dashboard(scope, id, { defaultInterval: Duration.days(1) });
  dashboard.addWidgets(new cloudwatch.TextWidget({
    markdown: '# QLDB to Aurora migration\nExport -> Glue -> DMS -> post-load DDL -> change stream. ' +
      'Cut over when the full load succeeded, the replication lag is near zero and there are no rejects or dead letters.',
    width: 24,
    height: 2,
  }));
  dashboard.addWidgets(
    stateMachineRuns('Migration workflow', options.migrationStateMachine),
    ...(options.exportStateMachine ? [stateMachineRuns('Ledger export', options.exportStateMachine)] : []),
    new cloudwatch.GraphWidget({
      title: 'Glue job tasks',
      width: 8,
      left: [glue('glue.driver.aggregate.numCompletedTasks', 'completed'), glue('glue.driver.aggregate.numFailedTasks', 'failed')],
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'DMS full load (rows/s)',
      width: 12,
      left: [dmsTask('FullLoadThroughputRowsSource', 'read from S3'), dmsTask('FullLoadThroughputRowsTarget', 'written to Aurora')],
    }),
    new cloudwatch.GraphWidget({
      title: 'DMS replication instance',
      width: 12,
      left: [new cloudwatch.Metric({
        namespace: 'AWS/DMS',
        metricName: 'CPUUtilization',
        dimensionsMap: { ReplicationInstanceIdentifier: fullLoad.replicationInstanceIdentifier },
        statistic: 'Average',
        period: PERIOD,
        label: 'CPU %',
      })],
    }),
  );
  if (changeStream) {
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Replication lag',
        width: 8,
        left: [changeStream.metricIteratorAge({ label: 'iterator age (ms)' }), changeStream.metricLag({ label: 'commit to apply (ms)' })],
      }),
      new cloudwatch.GraphWidget({
        title: 'Revisions applied',
        width: 8,
        left: [changeStream.metricRevisionsApplied({ label: 'revisions' })],
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Change stream alarms',
        width: 8,
        alarms: [changeStream.iteratorAgeAlarm, changeStream.errorsAlarm, changeStream.deadLetterQueueAlarm, changeStream.rejectsAlarm],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Rejects and dead letters',
        width: 24,
        left: [
          changeStream.metricRejects({ label: 'reject rows' }),
          changeStream.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: 'dead-letter queue depth' }),
        ],
      }),
    );
  }
  return dashboard;
}
