import { DataApi, runInTransaction } from './data-api-transaction';
import { SchemaAction, statementsFor } from './schema-request-plan';
import { parseSchemaStatementsDocument } from './schema-statements-document';
import { SchemaTarget, schemaPhysicalId } from './schema-target';

/** Reads the statements document (S3 in the handler). */
export type DocumentLoader = (bucket: string, key: string) => Promise<string>;

export interface SchemaApplyResult {
  readonly physicalResourceId: string;
  readonly statementCount: number;
}

/**
 * Applies one request. A Delete whose physical id is not this target's (the create never succeeded, or
 * the id was replaced) runs nothing, so a failed create cannot drop a schema it did not make.
 */
export async function applySchema(
  api: DataApi,
  load: DocumentLoader,
  action: SchemaAction,
  target: SchemaTarget,
  currentPhysicalId?: string,
): Promise<SchemaApplyResult> {
  const physicalResourceId = schemaPhysicalId(target);
  if (action === 'Delete' && (target.removalPolicy !== 'destroy' || currentPhysicalId !== physicalResourceId)) {
    return { physicalResourceId: currentPhysicalId ?? physicalResourceId, statementCount: 0 };
  }
  const where = `s3://${target.statementsBucket}/${target.statementsKey}`;
  const document = parseSchemaStatementsDocument(await load(target.statementsBucket, target.statementsKey), where);
  const statements = statementsFor(action, target, document);
  const statementCount = await runInTransaction(
    api,
    { resourceArn: target.clusterArn, secretArn: target.secretArn, database: target.database },
    statements,
  );
  return { physicalResourceId, statementCount };
}
