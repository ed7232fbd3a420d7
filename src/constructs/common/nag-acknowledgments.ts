import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Flattens a resolved CloudFormation value the way cdk-nag names it in a finding id: strings as they are,
 * `Fn::Join` joined, `Fn::GetAtt` as `<LogicalId.Attribute>`, `Ref` as `<LogicalId>`.
 */
function flatten(value: unknown): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.replace(/\${/g, '<').replace(/}/g, '>');
  }
  const node = value as { [intrinsic: string]: any };
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return (items as unknown[]).map(flatten).join(delimiter);
  }
  if (node['Fn::Sub']) {
    return flatten(node['Fn::Sub']);
  }
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node['Fn::ImportValue']) {
    return flatten(node['Fn::ImportValue']);
  }
  if (node.Ref) {
    return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Acknowledges, on `scope` and below, exactly one wildcard resource of cdk-nag's AwsSolutions-IAM5 rule (for
 * example `<bucket ARN>/prefix/*`), so that any other wildcard is still reported.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flat = flatten(Stack.of(scope).resolve(resource));
  // aws-cdk-lib reserves '::' in acknowledgment ids: a resource written out as a literal ARN (an imported bucket's
  // `arn:<AWS::Partition>:s3:::name`) cannot be acknowledged, and its finding stays for the owner to judge.
  if (!flat.includes('::')) {
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
  }
}

/**
 * Like `acknowledgeWildcardResource`, for a resource the construct builds itself whose name holds `::` (an ARN with
 * the `AWS::Partition` pseudo parameter): `Validations.acknowledge` refuses such ids, so the acknowledgment is recorded
 * in the same construct metadata it writes, which cdk-nag reads.
 */
export function acknowledgeOwnWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  acknowledgeFinding(scope, `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`, reason);
}

/**
 * Acknowledges one granular cdk-nag finding id on `scope` and below, also one holding `::` more than once (which
 * `Validations.acknowledge` refuses), through the construct metadata that cdk-nag reads.
 */
export function acknowledgeFinding(scope: IConstruct, findingId: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [findingId]: reason });
}
