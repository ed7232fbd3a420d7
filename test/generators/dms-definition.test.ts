import { Client } from 'pg';
import { dmvMapping } from '../../examples/dmv/dmv-mapping';
import { ColumnType, DmsDefinitions, LedgerMapping, MigrationSql, Source } from '../../src';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface DmsColumn {
  ColumnName: string;
  ColumnType: string;
  ColumnLength?: string;
  ColumnPrecision?: string;
  ColumnScale?: string;
  ColumnNullable: string;
  ColumnIsPk?: string;
}
interface DmsTable { TableName: string; TablePath: string; TableOwner: string; TableColumns: DmsColumn[]; TableColumnsTotal: string }

/** Which DMS S3-source types can carry each PostgreSQL type without loss. */
interface PgColumn { data_type: string; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null }

function compatible(dms: DmsColumn, pg: PgColumn): boolean {
  switch (pg.data_type) {
    case 'character varying':
    case 'character':
      return dms.ColumnType === 'STRING' && (pg.character_maximum_length === null || Number(dms.ColumnLength) >= pg.character_maximum_length)
        || (dms.ColumnType === 'CLOB' && pg.character_maximum_length === null);
    case 'integer':
      return dms.ColumnType === 'INT4';
    case 'smallint':
      return dms.ColumnType === 'INT2';
    case 'bigint':
      return dms.ColumnType === 'INT8';
    case 'numeric':
      return pg.numeric_precision === null || pg.numeric_precision > 38
        ? dms.ColumnType === 'STRING'
        : dms.ColumnType === 'NUMERIC' && Number(dms.ColumnPrecision) === pg.numeric_precision && Number(dms.ColumnScale) === pg.numeric_scale;
    case 'date':
      return dms.ColumnType === 'DATE';
    case 'boolean':
      return dms.ColumnType === 'BOOLEAN';
    case 'timestamp with time zone':
      return dms.ColumnType === 'STRING';
    case 'text':
    case 'jsonb':
    case 'ARRAY':
      return dms.ColumnType === 'CLOB';
    default:
      return false;
  }
}

async function crossCheck(client: Client, mapping: LedgerMapping): Promise<number> {
  for (const s of MigrationSql.targetDdl(mapping)) {
    await client.query(s);
  }
  const definition = JSON.parse(DmsDefinitions.externalTableDefinition(mapping)) as { TableCount: string; Tables: DmsTable[] };
  expect(Number(definition.TableCount)).toBe(definition.Tables.length);
  const { rows } = await client.query(
    `select table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable
       from information_schema.columns where table_schema = $1 order by table_name, ordinal_position`, [mapping.schema]);
  const pgTables = new Map<string, typeof rows>();
  for (const row of rows) {
    pgTables.set(row.table_name, [...(pgTables.get(row.table_name) ?? []), row]);
  }
  const dmsNames = definition.Tables.map((t) => t.TableName).sort();
  // Every table the DDL creates is in the DMS definition, except the replication state (written by CDC only).
  expect(dmsNames).toEqual([...pgTables.keys()].filter((t) => t !== 'qldb_replication_state').sort());
  for (const table of definition.Tables) {
    expect(table.TableOwner).toBe(mapping.schema);
    expect(table.TablePath).toBe(`${mapping.schema}/${table.TableName}/`);
    expect(Number(table.TableColumnsTotal)).toBe(table.TableColumns.length);
    // Columns a CSV row carries: all but those filled by a default (rejected_at).
    const pgColumns = pgTables.get(table.TableName)!.filter((c) => c.column_name !== 'rejected_at');
    expect(table.TableColumns.map((c) => c.ColumnName)).toEqual(pgColumns.map((c) => c.column_name));
    table.TableColumns.forEach((dms, i) => {
      expect({ table: table.TableName, column: dms.ColumnName, dms: dms.ColumnType, pg: pgColumns[i].data_type, ok: compatible(dms, pgColumns[i]) })
        .toEqual({ table: table.TableName, column: dms.ColumnName, dms: dms.ColumnType, pg: pgColumns[i].data_type, ok: true });
      if (pgColumns[i].is_nullable === 'NO') {
        expect(dms.ColumnNullable).toBe('false');
      }
    });
  }
  return definition.Tables.length;
}

describe('DMS definitions', () => {
  let db: TestDatabase;
  let client: Client;

  beforeEach(async () => {
    db = await createTestDatabase();
    client = await db.connect();
  });
  afterEach(async () => {
    await client.end();
    await db.drop();
  });

  test('the DMV ExternalTableDefinition matches the DDL one-to-one', async () => {
    expect(await crossCheck(client, dmvMapping())).toBe(9);
  });

  test('every column type crosses over losslessly', async () => {
    const mapping = new LedgerMapping({
      schema: 'every_type',
      tables: [{
        ledgerTable: 'T',
        targetTable: 't',
        columns: [
          { name: 'v', source: Source.path('V'), type: ColumnType.varchar(3), nullable: false },
          { name: 'tx', source: Source.path('Tx'), type: ColumnType.TEXT },
          { name: 's', source: Source.path('S'), type: ColumnType.SMALLINT },
          { name: 'i', source: Source.path('I'), type: ColumnType.INTEGER },
          { name: 'b', source: Source.path('B'), type: ColumnType.BIGINT },
          { name: 'd', source: Source.path('D'), type: ColumnType.DECIMAL },
          { name: 'd2', source: Source.path('D2'), type: ColumnType.decimal(38, 4) },
          { name: 'd3', source: Source.path('D3'), type: ColumnType.decimal(60, 4) },
          { name: 'bo', source: Source.path('Bo'), type: ColumnType.BOOLEAN },
          { name: 'da', source: Source.path('Da'), type: ColumnType.DATE },
          { name: 'ts', source: Source.path('Ts'), type: ColumnType.TIMESTAMPTZ },
          { name: 'j', source: Source.path('J'), type: ColumnType.JSONB },
          { name: 'a', source: Source.path('A[*]'), type: ColumnType.TEXT_ARRAY },
        ],
      }],
      documentTables: [{ ledgerTable: 'Inspection' }],
    });
    expect(await crossCheck(client, mapping)).toBe(5);
    const t = JSON.parse(DmsDefinitions.externalTableDefinition(mapping)).Tables[0] as DmsTable;
    expect(t.TableColumns.find((c) => c.ColumnName === 'v')).toEqual({ ColumnName: 'v', ColumnType: 'STRING', ColumnLength: '12', ColumnNullable: 'false' });
    expect(t.TableColumns.find((c) => c.ColumnName === 'd3')?.ColumnType).toBe('STRING');
  });

  test('task table mappings select exactly the defined tables', () => {
    const mapping = dmvMapping();
    const rules = JSON.parse(DmsDefinitions.taskTableMappings(mapping)).rules;
    const tables = JSON.parse(DmsDefinitions.externalTableDefinition(mapping)).Tables as DmsTable[];
    expect(rules.map((r: any) => r['object-locator']['table-name'])).toEqual(tables.map((t) => t.TableName));
    expect(new Set(rules.map((r: any) => r['rule-id'])).size).toBe(rules.length);
    expect(rules.every((r: any) => r['rule-action'] === 'include' && r['object-locator']['schema-name'] === 'dmv')).toBe(true);
  });
});
