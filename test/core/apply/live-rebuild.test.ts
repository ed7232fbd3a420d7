import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { liveRebuildStatements } from '../../../lambda-src/core/apply/apply-sql';
import { documentTableLayout } from '../../../src/generators/table-layout';
import { createTableStatement } from '../../../src/generators/target-ddl';
import { createTestDatabase, TestDatabase } from '../../support/test-database';

jest.setTimeout(60_000);

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe('liveRebuildStatements', () => {
  const layout = documentTableLayout(dmvMapping(), 'Notes');

  test('keeps each document\'s revision of highest version unless it is a deletion, with a hash join on an unanalysed audit table', async () => {
    const client = await db.connect();
    try {
      await client.query(`create schema ${layout.live.schema}`);
      await client.query(createTableStatement(layout.revisionTable));
      await client.query(createTableStatement(layout.live));
      // 3,000 documents: versions 0..2 each (written out of order); every third document's last revision deletes it
      await client.query(`insert into ${layout.live.schema}.${layout.revisionTable.name} (doc_id, version, data, ql_audit, operation, transaction_id)
        select 'd' || d, v, case when v = 2 and d % 3 = 0 then null else jsonb_build_object('v', v) end, '{}',
               case when v = 0 then 'I' when v = 2 and d % 3 = 0 then 'D' else 'U' end, 'tx' || v
          from generate_series(1, 3000) d, (values (2), (0), (1)) vs(v)`);
      const statements = liveRebuildStatements(layout);
      expect(statements.slice(0, 3)).toEqual(['begin', 'set local enable_nestloop = off', 'set local enable_mergejoin = off']);
      expect(statements[statements.length - 1]).toBe('commit');
      await client.query('begin');
      for (const setting of statements.slice(1, 3)) await client.query(setting);
      const plan = (await client.query(`explain ${statements[3]}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      await client.query('rollback');
      expect(plan).toMatch(/Hash Join/);
      expect(plan).not.toMatch(/Nested Loop|Merge Join/);

      for (const statement of statements) await client.query(statement);
      const live = (await client.query(`select doc_id, version, data from ${layout.live.schema}.${layout.live.name} order by doc_id`)).rows;
      expect(live.length).toBe(2000);
      expect(live.every((r) => r.version === 2 && r.data.v === 2)).toBe(true);
      expect(live.some((r) => Number(r.doc_id.slice(1)) % 3 === 0)).toBe(false);
      // nothing is left in a transaction
      expect((await client.query('select now() = statement_timestamp() as outside')).rows[0].outside).toBe(true);
    } finally {
      await client.end();
    }
  });
});
