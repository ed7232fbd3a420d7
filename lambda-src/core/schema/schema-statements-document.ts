/**
 * The statements a MigrationTargetSchema applies, generated from the mapping at synthesis and shipped as a
 * JSON asset (the mapping's DDL can exceed what a custom resource property or a template should hold).
 */
export interface SchemaStatementsDocument {
  /** Generated target DDL followed by the user's own statements; every one re-runnable. */
  readonly targetDdl: string[];
  /** Generated post-load DDL (keys and indexes) followed by the user's own statements. */
  readonly postLoadDdl: string[];
  /** Run on delete only when the removal policy is destroy. */
  readonly dropDdl: string[];
}

/** Parses and checks the document; errors name `where` and the field. */
export function parseSchemaStatementsDocument(text: string, where: string): SchemaStatementsDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: not a JSON object`);
  }
  const record = value as Record<string, unknown>;
  const list = (field: keyof SchemaStatementsDocument): string[] => {
    const statements = record[field];
    if (!Array.isArray(statements) || statements.some((s) => typeof s !== 'string' || s.trim().length === 0)) {
      throw new Error(`${where}: ${field} is not a list of non-empty SQL statements`);
    }
    return statements as string[];
  };
  return { targetDdl: list('targetDdl'), postLoadDdl: list('postLoadDdl'), dropDdl: list('dropDdl') };
}
