import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { auditStatements, liveStatements } from '../../../lambda-src/core/replication/apply-statements';
import { TableChanges } from '../../../lambda-src/core/replication/change-batch';
import { statementBytes } from '../../../lambda-src/core/sql/request-size';
import { declaredTableLayouts } from '../../../src/generators/table-layout';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';

/** Synthetic audit rows for every declared DMV table: `perTable` documents each, values of `width` characters. */
function changes(perTable: number, width = 10, mapping = dmvMapping()): TableChanges[] {
  return declaredTableLayouts(mapping).map((layout, t) => {
    const documentIds = Array.from({ length: perTable }, (_, i) => `${'abcd'[t].repeat(4)}${String(i).padStart(21, '0')}`);
    const rows = documentIds.map((id) => layout.revisionTable.columns.map((c) => (c.name === 'doc_id' ? id : 'x'.repeat(width))));
    return { layout, rows, documentIds };
  });
}

describe('batch statements', () => {
  test.each([1, 100, 500])('%i revisions per table of four tables: one audit statement and one live statement', (n) => {
    const tables = changes(n);
    expect(tables).toHaveLength(4);
    const audit = auditStatements('dmv', tables, []);
    const live = liveStatements('dmv', tables, { streamId: 'arn', revisionsApplied: 0 });
    expect(audit).toHaveLength(1);
    expect(live).toHaveLength(1);
    expect(audit[0].parameters).toHaveLength(tables.reduce((sum, t) => sum + t.rows.length * t.layout.revisionTable.columns.length, 0));
    expect(live[0].parameters.filter((p) => p.sqlType === 'jsonb').map((p) => JSON.parse(p.value!).length)).toEqual([n, n, n, n]);
    expect(live[0].sql).toMatch(/insert into "dmv"."qldb_replication_state"/);
  });

  test('large batches are split to stay under the request budget and the parameter limit, every row once', () => {
    const tables = changes(400, 2000);
    const budgetBytes = 1024 * 1024;
    const audit = auditStatements('dmv', tables, [], { budgetBytes, maxParameters: 5000 });
    expect(audit.length).toBeGreaterThan(4);
    for (const statement of audit) {
      expect(statementBytes(statement.sql, statement.parameters)).toBeLessThanOrEqual(budgetBytes * 1.1);
      expect(statement.parameters.length).toBeLessThanOrEqual(5000);
    }
    const docIds = audit.flatMap((s) => s.parameters.filter((p) => p.name.startsWith('p') && /^[a-z]{4}\d{21}$/.test(p.value ?? '')).map((p) => p.value));
    expect(docIds).toHaveLength(1600);
    expect(new Set(docIds).size).toBe(1600);
  });

  test('without audit tables the rows go to a temporary table the live rows derive from', () => {
    const mapping = LedgerMapping.fromJson(JSON.stringify({ ...JSON.parse(dmvMapping().toJson()), auditTables: false }));
    const tables = changes(3, 10, mapping);
    const audit = auditStatements(mapping.schema, tables, []);
    expect(audit[0].sql).toMatch(/insert into "pg_temp"\."person_audit_log"/);
    const live = liveStatements(mapping.schema, tables, { revisionsApplied: 0 });
    expect(live[0].sql).toMatch(/from "pg_temp"\."person_audit_log" r/);
    expect(live[0].sql).not.toMatch(/qldb_replication_state/);
  });
});
