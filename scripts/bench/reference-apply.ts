import { TableRouter } from '../../lambda-src/core/load/table-router';
import { LedgerRevision, operationOf } from '../../lambda-src/core/model/revision';
import { placeholder } from '../../lambda-src/core/sql/parameter-types';
import { SqlClient, SqlParameter } from '../../lambda-src/core/sql/sql-client';
import { RevisionRowBuilder } from '../../lambda-src/core/transform/revision-row';
import { PhysicalTable, TableLayout } from '../../src/generators/table-layout';
import { qualifiedName, quoteIdentifier } from '../../src/mapping/identifier';
import { LedgerMapping } from '../../src/mapping/ledger-mapping';

/*
 * The comparator of the cdc benchmark, and only that: the reference consumer's per-revision algorithm, one
 * transaction per revision through the same SQL client - begin, select the live row for update, write it
 * (insert, update or delete), select the audit row, insert the audit row, commit. Six calls per revision.
 */

function parameters(table: PhysicalTable, values: ReadonlyArray<string | null>): SqlParameter[] {
  return table.columns.map((c, i) => ({ name: `c${i}`, value: values[i] ?? null, sqlType: c.sqlType }));
}

function tuple(table: PhysicalTable): string {
  return table.columns.map((c, i) => placeholder(`c${i}`, c.sqlType)).join(', ');
}

export class ReferenceApplier {
  private readonly router: TableRouter;
  private readonly builders = new Map<string, RevisionRowBuilder>();

  constructor(private readonly client: SqlClient, mapping: LedgerMapping) {
    this.router = new TableRouter(mapping);
  }

  async apply(revision: LedgerRevision): Promise<void> {
    const route = this.router.route(revision.tableName);
    if (route.kind === 'skipped') return;
    const layout: TableLayout = route.layout;
    const builder = this.builders.get(layout.live.name) ?? new RevisionRowBuilder(layout, { source: 'stream' });
    this.builders.set(layout.live.name, builder);
    const values = builder.build(revision).values;
    const live = layout.live;
    const audit = layout.audit!;
    const liveName = qualifiedName(live.schema, live.name);
    const auditName = qualifiedName(audit.schema, audit.name);
    const id: SqlParameter = { name: 'id', value: revision.documentId, sqlType: 'text' };
    const liveValues = parameters(live, values.slice(0, live.columns.length));
    await this.client.transaction(async (session) => {
      const current = await session.execute(`select ${quoteIdentifier('version')} from ${liveName} where doc_id = :id::text for update`, [id]);
      if (operationOf(revision) === 'D') {
        await session.execute(`delete from ${liveName} where doc_id = :id::text`, [id]);
      } else if (current.rows.length > 0) {
        const sets = live.columns.map((c, i) => `${quoteIdentifier(c.name)} = ${placeholder(`c${i}`, c.sqlType)}`).join(', ');
        await session.execute(`update ${liveName} set ${sets} where doc_id = :id::text`, [...liveValues, id]);
      } else {
        await session.execute(`insert into ${liveName} values (${tuple(live)})`, liveValues);
      }
      const version: SqlParameter = { name: 'v', value: String(revision.version), sqlType: 'integer' };
      const existing = await session.execute(`select 1 from ${auditName} where doc_id = :id::text and ${quoteIdentifier('version')} = :v::integer`, [id, version]);
      if (existing.rows.length === 0) {
        await session.execute(`insert into ${auditName} values (${tuple(audit)})`, parameters(audit, values));
      }
    });
  }
}
