import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { applySchema } from '../../core/schema/apply-schema';
import { rdsDataApi } from '../../core/schema/rds-data-api';
import { parseSchemaTarget } from '../../core/schema/schema-target';

/** A direct invocation (a state machine step after the bulk load) applies the post-load DDL. */
export interface PostLoadEvent {
  readonly action: 'PostLoad';
}

const rdsData = new RDSDataClient({});
const s3 = new S3Client({});

async function load(bucket: string, key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return response.Body!.transformToString('utf8');
}

/**
 * The Provider framework's onEvent handler (custom resource requests: the target comes from the
 * resource properties) and the post-load step (the target comes from the function's environment, which
 * the construct fills from the same values).
 */
export async function handler(event: CloudFormationCustomResourceEvent | PostLoadEvent) {
  if ('action' in event) {
    if (event.action !== 'PostLoad') {
      throw new Error(`schema applier: unknown action ${JSON.stringify(event.action)}; a direct invocation takes {"action": "PostLoad"}`);
    }
    const target = parseSchemaTarget(process.env, 'schema applier environment');
    const result = await applySchema(rdsDataApi(rdsData), load, 'PostLoad', target);
    console.log(JSON.stringify({ message: 'applied post-load DDL', ...result }));
    return { statementCount: result.statementCount };
  }
  const target = parseSchemaTarget(event.ResourceProperties, `${event.RequestType} ${event.LogicalResourceId}`);
  const physicalId = event.RequestType === 'Create' ? undefined : event.PhysicalResourceId;
  const result = await applySchema(rdsDataApi(rdsData), load, event.RequestType, target, physicalId);
  console.log(JSON.stringify({ message: 'applied schema request', requestType: event.RequestType, ...result }));
  return { PhysicalResourceId: result.physicalResourceId, Data: { StatementCount: result.statementCount } };
}
