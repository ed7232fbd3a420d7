import { randomBytes } from 'crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { Pool, PoolClient, QueryResult } from 'pg';
import { toPositionalParameters } from '../../lambda-src/core/sql/named-parameters';

/*
 * A small HTTP server that speaks the RDS Data API (REST-JSON protocol of @aws-sdk/client-rds-data) in front of a
 * real PostgreSQL, for tests and benchmarks. It implements ExecuteStatement (POST /Execute), BatchExecuteStatement
 * (POST /BatchExecute), BeginTransaction, CommitTransaction and RollbackTransaction as the API reference documents
 * them, including the service's strictness:
 *   - a stringValue is bound as varchar unless a typeHint (DATE, DECIMAL, JSON, TIME, TIMESTAMP, UUID) says
 *     otherwise, so binding a plain string to a jsonb column fails as it does on Aurora PostgreSQL;
 *   - longValue binds as bigint, doubleValue as double precision, booleanValue as boolean, blobValue as bytea;
 *   - array parameters are refused ("Array parameters are not supported");
 *   - one statement per call (multi-statement SQL is refused);
 *   - SQL errors come back as DatabaseErrorException with the PostgreSQL message and "; SQLState: <code>";
 *   - an unknown or finished transaction id is TransactionNotFoundException; a transaction idle for longer than
 *     the idle timeout (3 minutes on the service) is rolled back; a call on a transaction that is still running a
 *     statement is refused.
 * Tests can add a fixed latency per call and inject faults into chosen calls.
 */

/** What to do to one call. */
export type DataApiFault =
  /** Answer DatabaseUnavailableException (504) without running anything. */
  | 'unavailable'
  /** Answer ThrottlingException (429) without running anything. */
  | 'throttle'
  /** Close the connection without running anything. */
  | 'kill-before'
  /** Run the call, then close the connection instead of answering (the caller never learns the outcome). */
  | 'kill-after';

export interface DataApiCall {
  /** 1-based number of the call since the server started. */
  readonly number: number;
  readonly operation: string;
  readonly transactionId?: string;
}

export interface DataApiServerOptions {
  /** postgres:// URL of the database the Data API fronts. */
  readonly databaseUrl: string;
  /** Added to every call before it is answered. @default 0 */
  readonly latencyMs?: number;
  /** Chooses a fault for a call, or none. */
  readonly fault?: (call: DataApiCall) => DataApiFault | undefined;
  /** Idle time after which an open transaction is rolled back. @default 180000 */
  readonly transactionIdleTimeoutMs?: number;
}

interface DataApiParameter {
  name?: string;
  typeHint?: string;
  value?: {
    isNull?: boolean;
    stringValue?: string;
    longValue?: number;
    doubleValue?: number;
    booleanValue?: boolean;
    blobValue?: string;
    arrayValue?: unknown;
  };
}

interface OpenTransaction {
  readonly client: PoolClient;
  busy: boolean;
  timer: NodeJS.Timeout;
}

class DataApiError extends Error {
  constructor(readonly type: string, readonly status: number, message: string) {
    super(message);
  }
}

const HINT_TYPES: Record<string, string> = {
  DATE: 'date', DECIMAL: 'numeric', JSON: 'json', TIME: 'time', TIMESTAMP: 'timestamp', UUID: 'uuid',
};

/** Every type arrives as text; the response fields are chosen from the type OID, as the service does. */
const RAW_TYPES = { getTypeParser: () => (value: string) => value };
const LONG_OIDS = new Set([20, 21, 23, 26]);
const DOUBLE_OIDS = new Set([700, 701]);
const BOOLEAN_OID = 16;
const BYTEA_OID = 17;

function badRequest(message: string): DataApiError {
  return new DataApiError('BadRequestException', 400, message);
}

/** The SQL with its quoted text and comments removed, to find statement separators. */
function withoutLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
}

function bind(parameters: DataApiParameter[] | undefined, sql: string): { text: string; values: unknown[] } {
  const byName = new Map<string, DataApiParameter>();
  for (const p of parameters ?? []) {
    if (!p.name) throw badRequest('Parameter name must be specified');
    if (p.value?.arrayValue !== undefined) throw badRequest('Array parameters are not supported.');
    byName.set(p.name, p);
  }
  const values: unknown[] = [];
  const { text } = toPositionalParameters(sql, (position, name) => {
    const p = byName.get(name);
    if (!p) {
      throw new DataApiError('DatabaseErrorException', 400, `ERROR: No value specified for parameter ${name}.; SQLState: 22023`);
    }
    const v = p.value ?? {};
    let type: string | undefined;
    if (v.isNull) {
      values.push(null);
    } else if (v.stringValue !== undefined) {
      values.push(v.stringValue);
      type = p.typeHint === undefined ? 'varchar' : HINT_TYPES[p.typeHint];
      if (type === undefined) throw badRequest(`Invalid typeHint ${p.typeHint} for parameter ${name}`);
    } else if (v.longValue !== undefined) {
      values.push(String(v.longValue));
      type = 'bigint';
    } else if (v.doubleValue !== undefined) {
      values.push(String(v.doubleValue));
      type = 'double precision';
    } else if (v.booleanValue !== undefined) {
      values.push(v.booleanValue);
      type = 'boolean';
    } else if (v.blobValue !== undefined) {
      values.push(Buffer.from(v.blobValue, 'base64'));
      type = 'bytea';
    } else {
      throw badRequest(`Parameter ${name} has no value`);
    }
    return type === undefined ? `$${position}` : `($${position}::${type})`;
  });
  return { text, values };
}

function field(value: unknown, oid: number): Record<string, unknown> {
  if (value === null || value === undefined) return { isNull: true };
  const text = String(value);
  if (LONG_OIDS.has(oid)) return { longValue: Number(text) };
  if (DOUBLE_OIDS.has(oid)) return { doubleValue: Number(text) };
  if (oid === BOOLEAN_OID) return { booleanValue: text === 't' };
  if (oid === BYTEA_OID) return { blobValue: Buffer.from(text.replace(/^\\x/, ''), 'hex').toString('base64') };
  return { stringValue: text };
}

function executeResponse(result: QueryResult, includeResultMetadata: boolean): Record<string, unknown> {
  const isSelect = result.command === 'SELECT' || (result.fields?.length ?? 0) > 0;
  const response: Record<string, unknown> = {
    numberOfRecordsUpdated: isSelect && result.command === 'SELECT' ? 0 : (result.rowCount ?? 0),
    generatedFields: [],
  };
  if (result.fields && result.fields.length > 0) {
    response.records = result.rows.map((row: Record<string, unknown>) => result.fields.map((f) => field(row[f.name], f.dataTypeID)));
    if (includeResultMetadata) {
      response.columnMetadata = result.fields.map((f) => ({ name: f.name, label: f.name, type: f.dataTypeID, typeName: String(f.dataTypeID) }));
    }
  }
  return response;
}

function databaseError(error: unknown): DataApiError {
  if (error instanceof DataApiError) return error;
  const e = error as { message?: string; code?: string; hint?: string; position?: string };
  const hint = e.hint ? `\n  Hint: ${e.hint}` : '';
  const position = e.position ? `\n  Position: ${e.position}` : '';
  return new DataApiError('DatabaseErrorException', 400, `ERROR: ${e.message}${hint}${position}; SQLState: ${e.code ?? 'XX000'}`);
}

/** A running Data API test server. */
export class DataApiServer {
  static async start(options: DataApiServerOptions): Promise<DataApiServer> {
    const server = new DataApiServer(options);
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** The ARNs the server accepts (any non-empty ARN is accepted; these are for convenience). */
  readonly resourceArn = 'arn:aws:rds:us-east-1:123456789012:cluster:data-api-test';
  readonly secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:data-api-test';
  /** Calls answered or faulted, by operation. */
  readonly callsByOperation: Record<string, number> = {};
  private callNumber = 0;
  private readonly pool: Pool;
  private readonly http: Server;
  private readonly transactions = new Map<string, OpenTransaction>();
  private latency: number;

  private constructor(private readonly options: DataApiServerOptions) {
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 20, types: RAW_TYPES });
    this.pool.on('error', () => undefined);
    this.latency = options.latencyMs ?? 0;
    this.http = createServer((request, response) => { void this.handle(request, response); });
  }

  /** The endpoint to give the SDK client (`new RDSDataClient({ endpoint })`). */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Total calls received. */
  get calls(): number {
    return this.callNumber;
  }

  /** Transactions begun and neither committed nor rolled back. */
  get openTransactions(): number {
    return this.transactions.size;
  }

  setLatency(ms: number): void {
    this.latency = ms;
  }

  /** SDK client configuration that points at this server. */
  clientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
    return { endpoint: this.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  }

  async stop(): Promise<void> {
    for (const id of [...this.transactions.keys()]) {
      await this.finish(id, 'rollback').catch(() => undefined);
    }
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.pool.end();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const operation = (request.url ?? '').replace(/^\//, '').split('?')[0];
    let body: Record<string, any>;
    try {
      body = chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return this.send(response, 400, { message: 'Malformed JSON body' }, 'BadRequestException');
    }
    const call: DataApiCall = { number: ++this.callNumber, operation, ...(body.transactionId ? { transactionId: body.transactionId } : {}) };
    this.callsByOperation[operation] = (this.callsByOperation[operation] ?? 0) + 1;
    if (this.latency > 0) await new Promise((resolve) => setTimeout(resolve, this.latency));
    const fault = this.options.fault?.(call);
    if (fault === 'kill-before') {
      request.socket.destroy();
      return;
    }
    if (fault === 'unavailable') {
      return this.send(response, 504, {}, 'DatabaseUnavailableException');
    }
    if (fault === 'throttle') {
      return this.send(response, 429, { message: 'Rate exceeded' }, 'ThrottlingException');
    }
    let status = 200;
    let result: unknown;
    let type: string | undefined;
    try {
      result = await this.dispatch(operation, body);
    } catch (error) {
      const e = databaseError(error);
      status = e.status;
      type = e.type;
      result = { message: e.message };
    }
    if (fault === 'kill-after') {
      request.socket.destroy();
      return;
    }
    this.send(response, status, result, type);
  }

  private send(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomBytes(16).toString('hex'),
      ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
    });
    response.end(text);
  }

  private async dispatch(operation: string, body: Record<string, any>): Promise<unknown> {
    if (typeof body.resourceArn !== 'string' || body.resourceArn === '') throw badRequest('resourceArn is required');
    if (typeof body.secretArn !== 'string' || body.secretArn === '') throw badRequest('secretArn is required');
    switch (operation) {
      case 'Execute':
        return this.execute(body);
      case 'BatchExecute':
        return this.batchExecute(body);
      case 'BeginTransaction':
        return this.begin();
      case 'CommitTransaction':
        return { transactionStatus: await this.finish(this.requireTransactionId(body), 'commit') };
      case 'RollbackTransaction':
        return { transactionStatus: await this.finish(this.requireTransactionId(body), 'rollback') };
      default:
        throw new DataApiError('UnknownOperationException', 404, `Unknown operation ${operation}`);
    }
  }

  private requireTransactionId(body: Record<string, any>): string {
    if (typeof body.transactionId !== 'string' || body.transactionId === '') throw badRequest('transactionId is required');
    return body.transactionId;
  }

  private requireSql(body: Record<string, any>): string {
    if (typeof body.sql !== 'string' || body.sql.trim() === '') throw badRequest('sql is required');
    if (/;\s*\S/.test(withoutLiterals(body.sql))) throw badRequest('Multistatements aren\'t supported.');
    return body.sql;
  }

  private async execute(body: Record<string, any>): Promise<unknown> {
    const sql = this.requireSql(body);
    const { text, values } = bind(body.parameters, sql);
    const result = await this.inTransactionOrNot(body.transactionId, (client) => client.query({ text, values }));
    return executeResponse(result, body.includeResultMetadata === true);
  }

  private async batchExecute(body: Record<string, any>): Promise<unknown> {
    const sql = this.requireSql(body);
    const sets: DataApiParameter[][] = body.parameterSets ?? [];
    const updateResults = await this.inTransactionOrNot(body.transactionId, async (client, own) => {
      if (own) await client.query('begin');
      try {
        const results = [];
        for (const set of sets) {
          const { text, values } = bind(set, sql);
          await client.query({ text, values });
          results.push({ generatedFields: [] });
        }
        if (own) await client.query('commit');
        return results;
      } catch (error) {
        if (own) await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
    return { updateResults };
  }

  private async inTransactionOrNot<T>(
    transactionId: string | undefined, work: (client: PoolClient, ownConnection: boolean) => Promise<T>,
  ): Promise<T> {
    if (transactionId === undefined) {
      const client = await this.pool.connect();
      try {
        return await work(client, true);
      } finally {
        client.release();
      }
    }
    const transaction = this.transactions.get(transactionId);
    if (!transaction) throw new DataApiError('TransactionNotFoundException', 404, `Transaction ${transactionId} is not found`);
    if (transaction.busy) throw new DataApiError('DatabaseErrorException', 400, 'Transaction is still running a query');
    transaction.busy = true;
    try {
      return await work(transaction.client, false);
    } finally {
      transaction.busy = false;
      this.touch(transactionId);
    }
  }

  private async begin(): Promise<unknown> {
    const client = await this.pool.connect();
    await client.query('begin');
    const transactionId = randomBytes(48).toString('base64');
    this.transactions.set(transactionId, { client, busy: false, timer: this.idleTimer(transactionId) });
    return { transactionId };
  }

  private idleTimer(transactionId: string): NodeJS.Timeout {
    const timer = setTimeout(() => { void this.finish(transactionId, 'rollback').catch(() => undefined); }, this.options.transactionIdleTimeoutMs ?? 180_000);
    timer.unref();
    return timer;
  }

  private touch(transactionId: string): void {
    const transaction = this.transactions.get(transactionId);
    if (transaction) {
      clearTimeout(transaction.timer);
      transaction.timer = this.idleTimer(transactionId);
    }
  }

  private async finish(transactionId: string, how: 'commit' | 'rollback'): Promise<string> {
    const transaction = this.transactions.get(transactionId);
    if (!transaction) throw new DataApiError('TransactionNotFoundException', 404, `Transaction ${transactionId} is not found`);
    if (transaction.busy) throw new DataApiError('DatabaseErrorException', 400, 'Transaction is still running a query');
    this.transactions.delete(transactionId);
    clearTimeout(transaction.timer);
    try {
      await transaction.client.query(how);
      return how === 'commit' ? 'Transaction Committed' : 'Rollback Complete';
    } finally {
      transaction.client.release();
    }
  }
}
