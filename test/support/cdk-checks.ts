import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };

/**
 * Synthesizes the app and runs cdk-nag's AwsSolutions checks over its construct tree; returns every finding that
 * no `Validations.of(construct).acknowledge()` covers, as `<rule id> at <construct path>`.
 *
 * aws-cdk-lib 2.257.0 does not give validation plugins the construct tree (cdk-nag 3 reports "NagPack requires a
 * construct tree on the validation context" when added with `Validations.of(app).addPlugins`), so the pack's
 * `validateScope` is called directly; acknowledgments are honoured the same way.
 */
export function unacknowledgedNagFindings(app: App): string[] {
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}: ${violation.description}`));
}

/** A fresh app and stack without checks, in a fixed account and region. */
export function plainStack(id = 'TestStack'): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
  return { app, stack };
}

/**
 * Every state machine's definition in the template, as an object: `DefinitionString` is an Fn::Join of text
 * and tokens;
 * pseudo parameters get fixed values, other tokens a placeholder ARN (valid wherever ASL wants an ARN or a string).
 */
export function stateMachineDefinitions(template: Template): Map<string, Record<string, any>> {
  const definitions = new Map<string, Record<string, any>>();
  for (const [logicalId, resource] of Object.entries(template.findResources('AWS::StepFunctions::StateMachine'))) {
    definitions.set(logicalId, JSON.parse(joinWithPlaceholders(resource.Properties.DefinitionString)));
  }
  return definitions;
}

const PLACEHOLDER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:placeholder';

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

function joinWithPlaceholders(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined && PSEUDO_PARAMETERS[ref] !== undefined) {
    return PSEUDO_PARAMETERS[ref];
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    return join[1].map(joinWithPlaceholders).join(join[0]);
  }
  return PLACEHOLDER_ARN;
}

/** Validates an Amazon States Language definition; throws with the validator's errors. */
export function expectValidAsl(definition: unknown): void {
  const { isValid, errorsText } = aslValidator(definition);
  if (!isValid) {
    throw new Error(`invalid Amazon States Language definition:\n${errorsText('\n')}`);
  }
}

/** Asset hashes (64 hex digits) in file names, keys and parameters, replaced for snapshots. */
export const assetHashSerializer = {
  test: (value: unknown) => typeof value === 'string' && /[0-9a-f]{64}/.test(value),
  serialize: (value: string) => JSON.stringify(value.replace(/[0-9a-f]{64}/g, '<asset hash>')),
};
