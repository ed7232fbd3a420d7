/** The RDS Data API calls used to apply statements (request and response fields of the API model). */
export interface DataApiTarget {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly database: string;
}

export interface DataApi {
  beginTransaction(request: DataApiTarget): Promise<{ transactionId?: string }>;
  executeStatement(request: DataApiTarget & { sql: string; transactionId: string }): Promise<unknown>;
  commitTransaction(request: { resourceArn: string; secretArn: string; transactionId: string }): Promise<unknown>;
  rollbackTransaction(request: { resourceArn: string; secretArn: string; transactionId: string }): Promise<unknown>;
}

/**
 * Runs the statements one per ExecuteStatement call in one transaction: all of them or none. A failing
 * statement rolls the transaction back; the error names the statement's position and first line.
 */
export async function runInTransaction(api: DataApi, target: DataApiTarget, statements: readonly string[]): Promise<number> {
  if (statements.length === 0) {
    return 0;
  }
  const { transactionId } = await api.beginTransaction(target);
  if (!transactionId) {
    throw new Error(`BeginTransaction on ${target.resourceArn} database ${target.database} returned no transactionId`);
  }
  const ids = { resourceArn: target.resourceArn, secretArn: target.secretArn, transactionId };
  for (const [index, sql] of statements.entries()) {
    try {
      await api.executeStatement({ ...target, sql, transactionId });
    } catch (error) {
      await api.rollbackTransaction(ids).catch(() => undefined);
      const firstLine = sql.split('\n', 1)[0];
      throw new Error(
        `statement ${index + 1} of ${statements.length} (${firstLine}) failed on ${target.resourceArn} database ${target.database}; ` +
          `the transaction was rolled back: ${(error as Error).message}`,
      );
    }
  }
  await api.commitTransaction(ids);
  return statements.length;
}
