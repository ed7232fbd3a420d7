import { auditStatements, liveStatements, PlannedStatement, StatementLimits, temporaryTableStatements } from './apply-statements';
import { ChangeBatch, ChangeBatchCounts, ChangeBatchOptions, ChangeBatchPlanner, LastBlock } from './change-batch';
import { TargetPreparer } from './target-preparation';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { TableRouter } from '../load/table-router';
import { SqlClient, SqlResult, SqlSession } from '../sql/sql-client';
import { StreamItem } from '../stream/stream-item';

export interface ChangeApplierOptions extends ChangeBatchOptions {
  /** Create the schema and tables that are missing before applying. @default true */
  readonly createMissingTables?: boolean;
  readonly limits?: StatementLimits;
}

/** What applying one batch did. */
export interface BatchApplyResult {
  readonly counts: ChangeBatchCounts;
  /** Audit rows added (or redacted) by this batch: replays and duplicates add none. */
  readonly revisionsApplied: number;
  /** Live rows inserted, updated or removed. */
  readonly liveRowsChanged: number;
  /** Reject rows recorded (a reject already recorded by an earlier delivery is not counted again). */
  readonly rejectsRecorded: number;
  readonly streamId?: string;
  readonly lastBlock?: LastBlock;
  /** Database calls this batch made (DDL included). */
  readonly calls: number;
}

function sumOfCounts(result: SqlResult, prefix: string): number {
  const row = result.rows[0] ?? {};
  return Object.entries(row).filter(([name]) => name.startsWith(prefix)).reduce((sum, [, value]) => sum + Number(value ?? 0), 0);
}

async function run(session: SqlSession, statement: PlannedStatement): Promise<SqlResult> {
  try {
    return await session.execute(statement.sql, statement.parameters);
  } catch (error) {
    const first = statement.sql.split('\n').find((line) => /^\s*(insert|delete|create|with)/i.test(line))?.trim() ?? statement.sql.slice(0, 100);
    (error as Error).message = `${(error as Error).message} (statement: ${first})`;
    throw error;
  }
}

/**
 * Applies batches of decoded stream items to a PostgreSQL target through a SqlClient (DESIGN.md section 5):
 * each batch is planned (ChangeBatchPlanner), the tables it needs are created when missing, and it is applied in
 * one transaction of a handful of statements: the audit rows of every table and the rejects, then the live
 * recompute of every touched document with the replication state. Idempotent and order-independent: any
 * redelivery, reordering or replay of batches converges to the same tables.
 */
export class ChangeApplier {
  private readonly planner: ChangeBatchPlanner;
  private readonly preparer: TargetPreparer;

  constructor(private readonly client: SqlClient, private readonly mapping: LedgerMapping, private readonly options: ChangeApplierOptions = {}) {
    this.planner = new ChangeBatchPlanner(new TableRouter(mapping), options);
    this.preparer = new TargetPreparer(mapping);
  }

  /** Plans a batch without applying it. */
  plan(items: readonly StreamItem[]): ChangeBatch {
    return this.planner.plan(items);
  }

  async apply(items: readonly StreamItem[]): Promise<BatchApplyResult> {
    return this.applyPlan(this.planner.plan(items));
  }

  async applyPlan(batch: ChangeBatch): Promise<BatchApplyResult> {
    const callsBefore = this.client.calls;
    const base = { counts: batch.counts, streamId: batch.streamId, lastBlock: batch.lastBlock };
    if (batch.tables.length === 0 && batch.rejects.length === 0 && batch.streamId === undefined) {
      return { ...base, revisionsApplied: 0, liveRowsChanged: 0, rejectsRecorded: 0, calls: 0 };
    }
    if (this.options.createMissingTables ?? true) {
      await this.preparer.prepare(this.client, batch.tables.map((t) => t.layout));
    }
    const schema = this.mapping.schema;
    const applied = await this.client.transaction(async (session) => {
      for (const statement of temporaryTableStatements(batch.tables)) {
        await run(session, statement);
      }
      let revisionsApplied = 0;
      let rejectsRecorded = 0;
      for (const statement of auditStatements(schema, batch.tables, batch.rejects, this.options.limits)) {
        const result = await run(session, statement);
        revisionsApplied += sumOfCounts(result, 't');
        rejectsRecorded += sumOfCounts(result, 'rejects');
      }
      let liveRowsChanged = 0;
      const state = { streamId: batch.streamId, lastBlock: batch.lastBlock, revisionsApplied };
      for (const statement of liveStatements(schema, batch.tables, state, this.options.limits)) {
        liveRowsChanged += sumOfCounts(await run(session, statement), 't');
      }
      return { revisionsApplied, rejectsRecorded, liveRowsChanged };
    });
    return { ...base, ...applied, calls: this.client.calls - callsBefore };
  }
}
