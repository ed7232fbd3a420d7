import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { QldbToAuroraMigration, QldbToAuroraMigrationProps } from '../../../src';
import { auroraTarget } from '../../support/aurora-target';
import { expectValidAsl, plainStack, stateMachineDefinitions, unacknowledgedNagFindings } from '../../support/cdk-checks';

function build(props: Partial<QldbToAuroraMigrationProps> = {}, more: (stack: Stack) => Partial<QldbToAuroraMigrationProps> = () => ({})) {
  const { app, stack } = plainStack();
  const { vpc, cluster } = auroraTarget(stack);
  const migration = new QldbToAuroraMigration(stack, 'Migration', {
    mapping: dmvMapping(), targetCluster: cluster, targetSecret: cluster.secret!, vpc, ...props, ...more(stack),
  });
  return { app, stack, migration, template: Template.fromStack(stack) };
}

const fromLedger = { ledgerName: 'vehicle-registration' };
const fromExport = (stack: Stack) => ({ existingExport: { bucket: s3.Bucket.fromBucketName(stack, 'Old', 'old-exports'), prefix: 'exports/2025-07-01/' } });

/** The migration workflow's definition (the one whose states include TransformExport). */
function migrationDefinition(template: Template): Record<string, any> {
  const found = [...stateMachineDefinitions(template).values()].filter((d) => d.States.TransformExport);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The states from StartAt, following Next (and, at a Choice, its first rule) until an end. */
function happyPath(definition: Record<string, any>): string[] {
  const path: string[] = [];
  let name: string | undefined = definition.StartAt;
  while (name && path.length < 30) {
    path.push(name);
    const state = definition.States[name];
    name = state.Type === 'Choice' ? state.Choices[0].Next : state.Next;
  }
  return path;
}

describe('QldbToAuroraMigration workflow', () => {
  test('from a ledger: export, Glue, DMS (start, wait, check), post-load DDL, then the change stream', () => {
    const definition = migrationDefinition(build(fromLedger).template);
    expect(happyPath(definition).slice(0, 7)).toEqual([
      'ExportLedger', 'GlueArguments', 'TransformExport', 'DescribeLoadTask', 'LoadTaskState', 'StartLoadTask', 'WaitForLoad',
    ]);
    expect(definition.States.CheckLoadTask.Next).toBe('LoadStatus');
    expect(definition.States.LoadStatus.Choices[0].Next).toBe('ApplyPostLoadDdl');
    expect(definition.States.ApplyPostLoadDdl.Next).toBe('StartChangeStream');
    expect(definition.States.StartChangeStream.End).toBe(true);
  });

  test('each step reads what the one before wrote: the export\'s prefix, last block and end time', () => {
    const states = migrationDefinition(build(fromLedger).template).States;
    expect(states.ExportLedger.Resource).toContain(':states:::states:startExecution.sync:2');
    expect(states.ExportLedger.ResultSelector).toMatchObject({ 'prefix.$': '$.Output.prefix', 'exportEndTime.$': '$.Output.exportEndTime', 'lastBlock.$': '$.Output.lastBlock.sequenceNo' });
    expect(states.GlueArguments.Parameters).toEqual({
      '--export_uris.$': "States.Format('s3://{}/{}', $.export.bucket, $.export.prefix)",
      '--last_block.$': "States.Format('{}', $.export.lastBlock)",
    });
    expect(states.TransformExport.Resource).toContain(':states:::glue:startJobRun.sync');
    expect(states.TransformExport.Parameters['Arguments.$']).toBe('$.glueArguments');
    expect(states.ApplyPostLoadDdl.Parameters).toEqual({ action: 'PostLoad' });
    expect(states.StartChangeStream.Parameters).toEqual({ 'inclusiveStartTime.$': '$.export.exportEndTime' });
  });

  test('the DMS task starts the first time and reloads later; only a finished full load without table errors goes on', () => {
    const states = migrationDefinition(build(fromLedger).template).States;
    expect(states.StartLoadTask.Parameters.StartReplicationTaskType).toBe('start-replication');
    expect(states.ReloadLoadTask.Parameters.StartReplicationTaskType).toBe('reload-target');
    expect(states.LoadTaskState.Default).toBe('LoadTaskBusy');
    const [finished, stopped] = states.LoadStatus.Choices;
    expect(finished.And).toEqual(expect.arrayContaining([
      { Variable: '$.dms.stopReason', StringMatches: '*FULL_LOAD_ONLY_FINISHED*' },
      { Variable: '$.dms.stats.TablesErrored', NumericEquals: 0 },
    ]));
    expect(stopped.Next).toBe('LoadFailed');
    expect(states.LoadStatus.Default).toBe('WaitForLoad');
    expect(states.LoadFailed.Type).toBe('Fail');
  });

  test('from an existing export: no QLDB call, no export workflow and no change stream', () => {
    const { template, migration } = build({}, fromExport);
    const definition = migrationDefinition(template);
    expect(happyPath(definition).slice(0, 2)).toEqual(['UseExistingExport', 'TransformExport']);
    expect(definition.States.UseExistingExport.Parameters.glueArguments).toEqual({ '--export_uris': 's3://old-exports/exports/2025-07-01/' });
    expect(definition.States.ApplyPostLoadDdl.End).toBe(true);
    expect(JSON.stringify(template.toJSON())).not.toContain('qldb:');
    template.resourceCountIs('AWS::Kinesis::Stream', 0);
    expect(migration.ledgerExport).toBeUndefined();
    expect(migration.changeStream).toBeUndefined();
    const glue = Object.values(template.findResources('AWS::Glue::Job'))[0].Properties;
    expect(glue.DefaultArguments['--export_uris']).toBe('s3://old-exports/exports/2025-07-01/');
  });

  test('every state machine is valid Amazon States Language', () => {
    for (const variant of [build(fromLedger), build({}, fromExport)]) {
      const definitions = stateMachineDefinitions(variant.template);
      expect(definitions.size).toBeGreaterThan(0);
      definitions.forEach((definition) => expectValidAsl(definition));
    }
  });

  test('the user\'s own statements join the generated DDL, and DMS waits for the schema', () => {
    const { migration, template } = build({ ...fromLedger, ddl: { beforeLoad: ['create role reporting'], afterLoad: ['grant select on all tables in schema dmv to reporting'] } });
    expect(migration.targetSchema.targetStatements.at(-1)).toBe('create role reporting');
    expect(migration.targetSchema.postLoadStatements.at(-1)).toBe('grant select on all tables in schema dmv to reporting');
    const [task] = Object.values(template.findResources('AWS::DMS::ReplicationTask'));
    expect(task.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^MigrationTargetSchema/)]));
  });

  test('a dashboard shows the workflows, Glue, DMS and the replication lag and rejects', () => {
    const { template } = build(fromLedger);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Migration workflow', 'Ledger export', 'Glue job tasks', 'DMS full load', 'Replication lag', 'Rejects and dead letters']) {
      expect(body).toContain(title);
    }
  });

  test('two syntheses give the same template', () => {
    expect(build(fromLedger).template.toJSON()).toEqual(build(fromLedger).template.toJSON());
  });

  test('cdk-nag finds nothing unacknowledged, from a ledger and from an existing export', () => {
    for (const variant of [build(fromLedger), build({}, fromExport)]) {
      expect(unacknowledgedNagFindings(variant.app).filter((f) => f.includes('/Migration/'))).toEqual([]);
    }
  });
});

describe('QldbToAuroraMigration validation', () => {
  test('neither a ledger nor an export, or both, is refused', () => {
    const message = 'QldbToAuroraMigration: give exactly one of ledgerName (export the ledger, then stream its changes) and existingExport';
    expect(() => build()).toThrow(message);
    expect(() => build(fromLedger, fromExport)).toThrow(message);
  });
  test('a bad ledger name is refused', () => {
    expect(() => build({ ledgerName: 'bad name' })).toThrow('QldbToAuroraMigration ledgerName "bad name": a QLDB ledger name is');
  });
  test('a bad existing export prefix is refused', () => {
    expect(() => build({}, (stack) => ({ existingExport: { bucket: s3.Bucket.fromBucketName(stack, 'B', 'bbb'), prefix: 'no-slash' } }))).toThrow(
      'QldbToAuroraMigration existingExport.prefix "no-slash": must be empty or a key prefix ending in "/"');
  });
  test.each([['shardCount', 2], ['exportCount', 4]])('%s with an existing export is refused', (prop, value) => {
    expect(() => build({ [prop]: value }, fromExport)).toThrow(`QldbToAuroraMigration ${prop}: applies only to a migration from a ledger`);
  });
  test.each([Duration.seconds(5), Duration.hours(2)])('dmsPollInterval %s is refused', (dmsPollInterval) => {
    expect(() => build({ ...fromLedger, dmsPollInterval })).toThrow(`QldbToAuroraMigration dmsPollInterval ${dmsPollInterval.toHumanString()}: must be a whole number of seconds from 10 seconds to 1 hour`);
  });
  test('an empty database name is refused', () => {
    expect(() => build({ ...fromLedger, databaseName: '' })).toThrow('QldbToAuroraMigration databaseName "": must be 1 to 63 characters');
  });
});
