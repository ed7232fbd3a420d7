import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { consumerSettings } from './consumer-settings';
import { consumeKinesisEvent } from './kinesis-batch-consumer';
import { ChangeApplier } from '../../core/replication/change-applier';
import { DataApiSqlClient } from '../../core/sql/data-api-sql-client';

/*
 * The change consumer: a Lambda on the QLDB stream's Kinesis event source (with ReportBatchItemFailures). The
 * applier and its Data API client live as long as the execution environment, so the target is prepared once.
 */

let applier: ChangeApplier | undefined;
let maxRecordsPerTransaction = 1000;

function log(line: string): void {
  process.stdout.write(line + '\n');
}

function init(): ChangeApplier {
  if (!applier) {
    const settings = consumerSettings(process.env, __dirname);
    const client = new DataApiSqlClient({
      resourceArn: settings.clusterArn,
      secretArn: settings.secretArn,
      database: settings.database,
      retry: { maxAttempts: settings.retryMaxAttempts, baseDelayMs: settings.retryBaseDelayMs },
      onRetry: (notice) => log(JSON.stringify({
        level: 'WARN',
        message: 'retrying after a transient Data API error',
        attempt: notice.attempt,
        delayMs: notice.delayMs,
        error: notice.error.name,
      })),
    });
    applier = new ChangeApplier(client, settings.mapping, {
      afterBlock: settings.afterBlock,
      verifyHashes: settings.verifyHashes,
      createMissingTables: settings.createMissingTables,
    });
    maxRecordsPerTransaction = settings.maxRecordsPerTransaction;
    log(JSON.stringify({
      level: 'INFO',
      message: 'change consumer ready',
      mapping: settings.mappingSource,
      schema: settings.mapping.schema,
      database: settings.database,
      afterBlock: settings.afterBlock ?? null,
      maxRecordsPerTransaction,
    }));
  }
  return applier;
}

export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  return consumeKinesisEvent(event, {
    applier: init(),
    maxRecordsPerTransaction,
    log,
    now: () => Date.now(),
    consumer: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'cdc-consumer',
  });
}
