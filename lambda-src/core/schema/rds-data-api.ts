import {
  BeginTransactionCommand, CommitTransactionCommand, ExecuteStatementCommand, RDSDataClient, RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { DataApi } from './data-api-transaction';

/** The Data API calls through the RDS Data client. */
export function rdsDataApi(client: RDSDataClient): DataApi {
  return {
    beginTransaction: (request) => client.send(new BeginTransactionCommand(request)),
    executeStatement: (request) => client.send(new ExecuteStatementCommand(request)),
    commitTransaction: (request) => client.send(new CommitTransactionCommand(request)),
    rollbackTransaction: (request) => client.send(new RollbackTransactionCommand(request)),
  };
}
