import {
  BeginTransactionCommand, CommitTransactionCommand, ExecuteStatementCommand, Field, RDSDataClient, RDSDataClientConfig,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { isTransientDataApiError } from './data-api-errors';
import { toDataApiParameter } from './data-api-parameters';
import { DATA_API_REQUEST_LIMIT_BYTES, statementBytes } from './request-size';
import { RetryNotice, RetryPolicy, withRetry } from './retry';
import { SqlClient, SqlParameter, SqlResult, SqlRow, SqlSession } from './sql-client';

export interface DataApiSqlClientOptions {
  /** ARN of the Aurora cluster. */
  readonly resourceArn: string;
  /** ARN of the Secrets Manager secret with the database credentials. */
  readonly secretArn: string;
  readonly database: string;
  /** Configuration of the SDK client (region, endpoint, credentials). Its own retries are turned off: see retry. */
  readonly clientConfig?: RDSDataClientConfig;
  readonly retry?: RetryPolicy;
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** A result value the way `pg` gives it: numbers for integers, booleans, text for everything else. */
function fieldValue(field: Field): string | number | boolean | null {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.doubleValue !== undefined) return String(field.doubleValue);
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('base64');
  if (field.arrayValue !== undefined) return JSON.stringify(field.arrayValue);
  return null;
}

/**
 * The SQL client for AWS: the RDS Data API (`@aws-sdk/client-rds-data`). Each statement is one ExecuteStatement
 * call (with `continueAfterTimeout`, so a statement that outlives the call's 45 s still finishes inside its
 * transaction); transactions are BeginTransaction ... CommitTransaction, rolled back and run again as a whole on
 * the transient errors listed in data-api-errors.ts, with exponential backoff. Statements larger than the
 * service's 4 MiB request limit are refused before they are sent (the apply planner splits its statements).
 */
export class DataApiSqlClient implements SqlClient {
  private readonly client: RDSDataClient;
  private callCount = 0;
  public readonly description: string;

  constructor(private readonly options: DataApiSqlClientOptions) {
    this.client = new RDSDataClient({ maxAttempts: 1, ...options.clientConfig });
    this.description = `RDS Data API ${options.resourceArn} database ${options.database}`;
  }

  get calls(): number {
    return this.callCount;
  }

  async execute(sql: string, parameters: readonly SqlParameter[] = []): Promise<SqlResult> {
    return withRetry(() => this.executeIn(undefined, sql, parameters), isTransientDataApiError, this.options.retry, this.options.onRetry);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return withRetry(async () => {
      const { transactionId } = await this.counted(() => this.client.send(new BeginTransactionCommand({
        resourceArn: this.options.resourceArn, secretArn: this.options.secretArn, database: this.options.database,
      })));
      if (!transactionId) {
        throw new Error(`${this.description}: BeginTransaction returned no transactionId`);
      }
      try {
        const result = await work({ execute: (sql, parameters = []) => this.executeIn(transactionId, sql, parameters) });
        await this.counted(() => this.client.send(new CommitTransactionCommand({ ...this.secret(), transactionId })));
        return result;
      } catch (error) {
        // Best effort: the transaction may already be gone (committed, aborted, or unknown after a lost connection).
        await this.counted(() => this.client.send(new RollbackTransactionCommand({ ...this.secret(), transactionId }))).catch(() => undefined);
        throw error;
      }
    }, isTransientDataApiError, this.options.retry, this.options.onRetry);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async executeIn(transactionId: string | undefined, sql: string, parameters: readonly SqlParameter[]): Promise<SqlResult> {
    const bytes = statementBytes(sql, parameters);
    if (bytes > DATA_API_REQUEST_LIMIT_BYTES) {
      throw new Error(`${this.description}: a statement of about ${bytes} bytes exceeds the Data API's ${DATA_API_REQUEST_LIMIT_BYTES}-byte ` +
        `request limit (statement starts "${sql.slice(0, 80)}")`);
    }
    const response = await this.counted(() => this.client.send(new ExecuteStatementCommand({
      ...this.secret(),
      database: this.options.database,
      sql,
      parameters: parameters.map(toDataApiParameter),
      includeResultMetadata: true,
      continueAfterTimeout: true,
      ...(transactionId === undefined ? {} : { transactionId }),
    })));
    const names = (response.columnMetadata ?? []).map((c, i) => c.label ?? c.name ?? `column${i + 1}`);
    const rows = (response.records ?? []).map((record) => {
      const row: SqlRow = {};
      record.forEach((field, i) => { row[names[i] ?? `column${i + 1}`] = fieldValue(field); });
      return row;
    });
    return { rows, rowCount: response.numberOfRecordsUpdated ?? 0 };
  }

  private secret(): { resourceArn: string; secretArn: string } {
    return { resourceArn: this.options.resourceArn, secretArn: this.options.secretArn };
  }

  private counted<T>(call: () => Promise<T>): Promise<T> {
    this.callCount++;
    return call();
  }
}
