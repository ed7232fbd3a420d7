import { Client, types } from 'pg';
import { toPositionalParameters } from './named-parameters';
import { RetryNotice, RetryPolicy, withRetry } from './retry';
import { SqlClient, SqlParameter, SqlResult, SqlRow, SqlSession } from './sql-client';

/** PostgreSQL error codes worth another attempt: serialization failure, deadlock, shutdown, connection trouble. */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** True for errors of a `pg` connection that another attempt may not meet. */
export function isTransientPgError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code !== undefined && (TRANSIENT_SQLSTATES.has(e.code) || TRANSIENT_NODE_CODES.has(e.code))) {
    return true;
  }
  return /Connection terminated|connection error|Client was closed/i.test(e?.message ?? '');
}

const asText = (value: string) => value;
const INTEGER_OIDS = new Set([20, 21, 23]);
const BOOLEAN_OID = 16;

/** Result values as the Data API client gives them: integers as numbers (when exact), booleans, everything else text. */
function parserFor(oid: number): (value: string) => unknown {
  if (INTEGER_OIDS.has(oid)) {
    return (value) => (Number.isSafeInteger(Number(value)) ? Number(value) : value);
  }
  if (oid === BOOLEAN_OID) {
    return (value) => value === 't';
  }
  return asText;
}

const TYPES = { getTypeParser: ((oid: number) => parserFor(oid)) as typeof types.getTypeParser };

export interface PgSqlClientOptions {
  readonly connectionString: string;
  readonly retry?: RetryPolicy;
  readonly onRetry?: (notice: RetryNotice) => void;
}

/** The SQL client for local runs and tests: one `pg` connection, opened on first use and reopened after a loss. */
export class PgSqlClient implements SqlClient {
  private client: Client | undefined;
  private callCount = 0;
  public readonly description: string;

  constructor(private readonly options: PgSqlClientOptions) {
    this.description = `PostgreSQL ${safeUrl(options.connectionString)}`;
  }

  get calls(): number {
    return this.callCount;
  }

  async execute(sql: string, parameters: readonly SqlParameter[] = []): Promise<SqlResult> {
    const attempt = async () => this.run(await this.connection(), sql, parameters);
    return withRetry(attempt, (e) => this.transient(e), this.options.retry, this.options.onRetry);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    return withRetry(async () => {
      const client = await this.connection();
      await this.run(client, 'begin', []);
      try {
        const result = await work({ execute: (sql, parameters = []) => this.run(client, sql, parameters) });
        await this.run(client, 'commit', []);
        return result;
      } catch (error) {
        await this.run(client, 'rollback', []).catch(() => this.discard());
        throw error;
      }
    }, (e) => this.transient(e), this.options.retry, this.options.onRetry);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private transient(error: unknown): boolean {
    const transient = isTransientPgError(error);
    if (transient) {
      this.discard();
    }
    return transient;
  }

  private discard(): void {
    const client = this.client;
    this.client = undefined;
    client?.end().catch(() => undefined);
  }

  private async connection(): Promise<Client> {
    if (!this.client) {
      const client = new Client({ connectionString: this.options.connectionString, types: TYPES });
      client.on('error', () => {
        if (this.client === client) this.client = undefined;
      });
      await client.connect();
      this.client = client;
    }
    return this.client;
  }

  private async run(client: Client, sql: string, parameters: readonly SqlParameter[]): Promise<SqlResult> {
    const { text, names } = toPositionalParameters(sql);
    const byName = new Map(parameters.map((p) => [p.name, p.value]));
    const values = names.map((name) => {
      if (!byName.has(name)) {
        throw new Error(`statement parameter :${name} has no value (statement starts "${sql.slice(0, 80)}")`);
      }
      return byName.get(name);
    });
    this.callCount++;
    const result = await client.query({ text, values });
    return { rows: result.rows as SqlRow[], rowCount: result.rowCount ?? 0 };
  }
}

function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
