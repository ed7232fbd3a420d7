import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { DataApi, DataApiTarget } from '../../lambda-src/core/schema/data-api-transaction';

/**
 * The RDS Data API's transaction calls over a real PostgreSQL: BeginTransaction opens a connection and runs
 * BEGIN, ExecuteStatement runs one statement on it, Commit/RollbackTransaction end it. Every call is recorded
 * (`Begin`, `Execute <first line>`, `Commit`, `Rollback`).
 */
export class PostgresDataApi implements DataApi {
  public readonly calls: string[] = [];
  private readonly transactions = new Map<string, Client>();

  constructor(private readonly connect: () => Promise<Client>) {}

  public async beginTransaction(request: DataApiTarget): Promise<{ transactionId?: string }> {
    this.calls.push(`Begin ${request.database}`);
    const client = await this.connect();
    await client.query('begin');
    const transactionId = randomUUID();
    this.transactions.set(transactionId, client);
    return { transactionId };
  }

  public async executeStatement(request: DataApiTarget & { sql: string; transactionId: string }): Promise<unknown> {
    this.calls.push(`Execute ${request.sql.split('\n', 1)[0]}`);
    return this.client(request.transactionId).query(request.sql);
  }

  public async commitTransaction(request: { transactionId: string }): Promise<unknown> {
    this.calls.push('Commit');
    return this.end(request.transactionId, 'commit');
  }

  public async rollbackTransaction(request: { transactionId: string }): Promise<unknown> {
    this.calls.push('Rollback');
    return this.end(request.transactionId, 'rollback');
  }

  private client(transactionId: string): Client {
    const client = this.transactions.get(transactionId);
    if (!client) {
      throw Object.assign(new Error(`Transaction ${transactionId} is not found`), { name: 'BadRequestException' });
    }
    return client;
  }

  private async end(transactionId: string, statement: 'commit' | 'rollback'): Promise<void> {
    const client = this.client(transactionId);
    this.transactions.delete(transactionId);
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }
}
