import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DMV_APP_CONTEXT, DmvMigrationStack } from '../../../examples/dmv/dmv-migration-stack';
import { unacknowledgedNagFindings } from '../../support/cdk-checks';

function synth() {
  const app = new App({ context: DMV_APP_CONTEXT });
  const stack = new DmvMigrationStack(app, 'DmvMigration');
  return { app, stack, template: Template.fromStack(stack) };
}

describe('the DMV example app', () => {
  test('cdk-nag AwsSolutions finds nothing unacknowledged in the whole example', () => {
    expect(unacknowledgedNagFindings(synth().app)).toEqual([]);
  });

  test('the example migrates the vehicle-registration ledger into the dmv database', () => {
    const { stack, template } = synth();
    expect(stack.migration.changeStream).toBeDefined();
    template.hasResourceProperties('AWS::RDS::DBCluster', { EnableHttpEndpoint: true, Engine: 'aurora-postgresql', DatabaseName: 'dmv' });
    template.hasResourceProperties('AWS::DMS::Endpoint', { EndpointType: 'target', DatabaseName: 'dmv' });
  });

  test('two syntheses give the same template', () => {
    expect(synth().template.toJSON()).toEqual(synth().template.toJSON());
  });
});
