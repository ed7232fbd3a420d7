/** Where and how a MigrationTargetSchema applies its statements. */
export interface SchemaTarget {
  /** The Aurora cluster ARN (the Data API's resourceArn). */
  readonly clusterArn: string;
  readonly secretArn: string;
  readonly database: string;
  /** The mapping's schema (part of the physical resource id). */
  readonly schema: string;
  /** Where the SchemaStatementsDocument is stored. */
  readonly statementsBucket: string;
  readonly statementsKey: string;
  /** Also apply the post-load DDL on create and update. */
  readonly applyPostLoadDdl: boolean;
  /** `destroy` runs the drop statements on delete; `retain` leaves everything in place. */
  readonly removalPolicy: 'retain' | 'destroy';
}

/** Custom resource property names (CloudFormation passes every value as a string). */
export const SCHEMA_PROPERTY = {
  clusterArn: 'ClusterArn',
  secretArn: 'SecretArn',
  database: 'Database',
  schema: 'Schema',
  statementsBucket: 'StatementsBucket',
  statementsKey: 'StatementsKey',
  applyPostLoadDdl: 'ApplyPostLoadDdl',
  removalPolicy: 'RemovalPolicy',
} as const satisfies Record<keyof SchemaTarget, string>;

/** Reads a SchemaTarget from string-valued properties (custom resource properties or environment variables). */
export function parseSchemaTarget(values: Record<string, unknown>, where: string): SchemaTarget {
  const text = (name: string): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new Error(`${where}: ${name} is missing or empty`);
    }
    return value;
  };
  const flag = text(SCHEMA_PROPERTY.applyPostLoadDdl);
  if (flag !== 'true' && flag !== 'false') {
    throw new Error(`${where}: ${SCHEMA_PROPERTY.applyPostLoadDdl} is ${JSON.stringify(flag)}, expected "true" or "false"`);
  }
  const removalPolicy = text(SCHEMA_PROPERTY.removalPolicy);
  if (removalPolicy !== 'retain' && removalPolicy !== 'destroy') {
    throw new Error(`${where}: ${SCHEMA_PROPERTY.removalPolicy} is ${JSON.stringify(removalPolicy)}, expected "retain" or "destroy"`);
  }
  return {
    clusterArn: text(SCHEMA_PROPERTY.clusterArn),
    secretArn: text(SCHEMA_PROPERTY.secretArn),
    database: text(SCHEMA_PROPERTY.database),
    schema: text(SCHEMA_PROPERTY.schema),
    statementsBucket: text(SCHEMA_PROPERTY.statementsBucket),
    statementsKey: text(SCHEMA_PROPERTY.statementsKey),
    applyPostLoadDdl: flag === 'true',
    removalPolicy,
  };
}

/** The custom resource's physical id: a new cluster, database or schema is a new resource. */
export function schemaPhysicalId(target: SchemaTarget): string {
  return `${target.clusterArn}/${target.database}/${target.schema}`;
}
