import { QLDBClient } from '@aws-sdk/client-qldb';
import { ExportJournalPlan, planJournalExport } from '../../core/ledger-export/export-plan';
import { ExportConfiguration, resolveExportRequest } from '../../core/ledger-export/export-request';
import { qldbJournalApi } from '../../core/ledger-export/qldb-journal-api';

/** The state machine's first step: the deployed configuration, the execution input and the execution name. */
export interface ExportPlannerEvent {
  readonly config: ExportConfiguration;
  readonly input: unknown;
  readonly executionName: string;
}

const client = new QLDBClient({});

export async function handler(event: ExportPlannerEvent): Promise<ExportJournalPlan> {
  const request = resolveExportRequest(event.config, event.input, event.executionName);
  const plan = await planJournalExport(qldbJournalApi(client), event.config, request);
  console.log(JSON.stringify({ message: 'planned journal export', ledgerName: plan.ledgerName, prefix: plan.prefix, ranges: plan.ranges }));
  return plan;
}
