/**
 * One statement parameter, bound by name (`:name` in the SQL text). Values are canonical PostgreSQL text (what the
 * row transform produces) or NULL; `sqlType` is the PostgreSQL type the value is for, so that each client can bind it
 * the way its protocol needs (a type hint for the RDS Data API, plain text for `pg`).
 */
export interface SqlParameter {
  readonly name: string;
  readonly value: string | null;
  readonly sqlType: string;
}

/** A row of a result, by column name. Numbers that do not fit a double and every non-integer number are text. */
export type SqlRow = Record<string, string | number | boolean | null>;

export interface SqlResult {
  readonly rows: SqlRow[];
  /** Rows inserted, updated or deleted (0 for a statement that changes nothing). */
  readonly rowCount: number;
}

/** Runs statements, inside a transaction when obtained from `SqlClient.transaction`. */
export interface SqlSession {
  execute(sql: string, parameters?: readonly SqlParameter[]): Promise<SqlResult>;
}

/**
 * A PostgreSQL reached through one protocol (`pg` locally, the RDS Data API in AWS). Statements use `:name`
 * parameters and hold exactly one SQL statement each (the Data API refuses several).
 */
export interface SqlClient extends SqlSession {
  /** Where the client connects to, for messages (no secrets). */
  readonly description: string;
  /** Number of calls made to the database so far (statements, begin, commit and rollback). */
  readonly calls: number;
  /**
   * Runs `work` in one transaction and commits it. On a transient failure (throttling, an unavailable or resuming
   * database, a lost connection, a deadlock) the transaction is rolled back and `work` runs again from the start,
   * with backoff, so `work` must be repeatable. Other errors roll back and are thrown.
   */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
