import { parseSchemaTarget, SCHEMA_PROPERTY } from '../../../lambda-src/core/schema/schema-target';

const PROPERTIES = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  ClusterArn: 'arn:aws:rds:us-east-1:123456789012:cluster:target',
  SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:target-AbCdEf',
  Database: 'postgres',
  Schema: 'dmv',
  StatementsBucket: 'cdk-assets',
  StatementsKey: 'abc.json',
  ApplyPostLoadDdl: 'false',
  RemovalPolicy: 'retain',
};

describe('parseSchemaTarget', () => {
  test('reads the string-valued properties CloudFormation sends', () => {
    expect(parseSchemaTarget(PROPERTIES, 'Create Schema')).toEqual({
      clusterArn: PROPERTIES.ClusterArn,
      secretArn: PROPERTIES.SecretArn,
      database: 'postgres',
      schema: 'dmv',
      statementsBucket: 'cdk-assets',
      statementsKey: 'abc.json',
      applyPostLoadDdl: false,
      removalPolicy: 'retain',
    });
    expect(parseSchemaTarget({ ...PROPERTIES, ApplyPostLoadDdl: 'true', RemovalPolicy: 'destroy' }, 'x')).toMatchObject({ applyPostLoadDdl: true, removalPolicy: 'destroy' });
  });

  test.each(Object.values(SCHEMA_PROPERTY))('a missing %s is named', (name) => {
    const properties: Record<string, string> = { ...PROPERTIES };
    delete properties[name];
    expect(() => parseSchemaTarget(properties, 'Update Schema')).toThrow(`Update Schema: ${name} is missing or empty`);
  });

  test('flags and policies other than the allowed texts are refused', () => {
    expect(() => parseSchemaTarget({ ...PROPERTIES, ApplyPostLoadDdl: 'yes' }, 'x')).toThrow('x: ApplyPostLoadDdl is "yes", expected "true" or "false"');
    expect(() => parseSchemaTarget({ ...PROPERTIES, RemovalPolicy: 'snapshot' }, 'x')).toThrow('x: RemovalPolicy is "snapshot", expected "retain" or "destroy"');
  });
});
