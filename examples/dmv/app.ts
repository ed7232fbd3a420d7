import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { DMV_APP_CONTEXT, DmvMigrationStack } from './dmv-migration-stack';

// `npx ts-node examples/dmv/app.ts` synthesizes into examples/dmv/cdk.out (or where the CDK CLI says).
const app = new App({ outdir: process.env.CDK_OUTDIR ?? join(__dirname, 'cdk.out'), context: DMV_APP_CONTEXT });
new DmvMigrationStack(app, 'DmvMigration');
app.synth();
