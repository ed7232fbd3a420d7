import { ColumnMapping, ColumnType, LedgerMapping, LedgerMappingProps, Source, TableMapping } from '../../src';

const column = (name: string, path = 'Field', type = ColumnType.TEXT, extra: Partial<ColumnMapping> = {}): ColumnMapping =>
  ({ name, source: Source.path(path), type, ...extra });

function table(overrides: Partial<TableMapping> = {}): TableMapping {
  return { ledgerTable: 'Person', targetTable: 'person', columns: [column('first_name', 'FirstName')], ...overrides };
}

function build(props: LedgerMappingProps): () => LedgerMapping {
  return () => new LedgerMapping(props);
}

describe('LedgerMapping validation', () => {
  test('a minimal mapping is valid and has documented defaults', () => {
    const mapping = new LedgerMapping();
    expect(mapping.schema).toBe('qldb');
    expect(mapping.tables).toEqual([]);
    expect(mapping.auditTables).toBe(true);
    expect(mapping.unmappedTables).toBe('jsonb');
    expect(mapping.droppedTables).toBe('skip');
  });

  test('invalid schema name', () => {
    expect(build({ schema: 'My-Schema' })).toThrow('schema: "My-Schema" is not a valid identifier');
  });

  test('reserved word as a table name', () => {
    expect(build({ tables: [table({ targetTable: 'select' })] })).toThrow(
      'table "Person" (target "select"): targetTable: "select" is a PostgreSQL reserved word',
    );
  });

  test('identifier longer than 63 characters', () => {
    expect(build({ tables: [table({ columns: [column('c'.repeat(64))] })] })).toThrow(/is longer than 63 characters/);
  });

  test('duplicate column names', () => {
    expect(build({ tables: [table({ columns: [column('a'), column('a', 'Other')] })] })).toThrow(
      'table "Person" (target "person"), column "a": duplicate column name',
    );
  });

  test('a column may not take a generated column name', () => {
    expect(build({ tables: [table({ columns: [column('version')] })] })).toThrow(
      'table "Person" (target "person"), column "version": the name is reserved for a generated column',
    );
  });

  test('duplicate target tables across mapped tables', () => {
    expect(build({ tables: [table(), table({ ledgerTable: 'People' })] })).toThrow(
      'target table name "person" is used twice: by the live table of table "Person" (target "person") and by the live table of table "People" (target "person")',
    );
  });

  test('a live table name that collides with another table\'s audit table', () => {
    expect(build({ tables: [table(), table({ ledgerTable: 'Log', targetTable: 'person_audit_log' })] })).toThrow(
      /target table name "person_audit_log" is used twice/,
    );
  });

  test('the same ledger table mapped and skipped', () => {
    expect(build({ tables: [table()], skipTables: ['Person'] })).toThrow(
      'ledger table "Person" appears twice: as a mapped table and as a skipped table',
    );
  });

  test('a generated table name is reserved', () => {
    expect(build({ tables: [table({ targetTable: 'qldb_migration_rejects' })] })).toThrow(
      '"qldb_migration_rejects" is reserved for a generated table',
    );
  });

  test('varchar without a valid length', () => {
    expect(build({ tables: [table({ columns: [column('a', 'A', ColumnType.varchar(-1))] })] })).toThrow(
      'table "Person" (target "person"), column "a": varchar length must be a whole number from 1 to 10485760, got -1',
    );
  });

  test('decimal scale above precision', () => {
    expect(build({ tables: [table({ columns: [column('a', 'A', ColumnType.decimal(4, 6))] })] })).toThrow(
      'column "a": decimal scale must be a whole number from 0 to the precision (4), got 6',
    );
  });

  test('an index on an unknown column', () => {
    expect(build({ tables: [table({ indexes: [{ columns: ['gov_id'] }] })] })).toThrow(
      'table "Person" (target "person"): index 1 names unknown column "gov_id" (known: doc_id, version, first_name)',
    );
  });

  test('a primary key on an unknown column', () => {
    expect(build({ tables: [table({ primaryKey: ['person_id'] })] })).toThrow(
      'primary key 1 names unknown column "person_id"',
    );
  });

  test('audit indexes may use audit columns, live indexes may not', () => {
    expect(build({ tables: [table({ auditIndexes: [{ columns: ['operation'] }] })] })).not.toThrow();
    expect(build({ tables: [table({ indexes: [{ columns: ['operation'] }] })] })).toThrow(/unknown column "operation"/);
  });

  test('an array source into a numeric column', () => {
    expect(build({ tables: [table({ columns: [column('a', 'Items[*].Price', ColumnType.INTEGER)] })] })).toThrow(
      'source "Items[*].Price" selects an array ([*]); its type must be text, varchar(n), text[] or jsonb, not integer',
    );
  });

  test('a separator without an array source', () => {
    expect(build({ tables: [table({ columns: [column('a', 'A', ColumnType.TEXT, { separator: ';' })] })] })).toThrow(
      'separator applies only to an array source ([*]) stored in a text or varchar column',
    );
  });

  test('a table with no columns', () => {
    expect(build({ tables: [table({ columns: [] })] })).toThrow(/has no columns \(use documentTables/);
  });

  test('every problem is reported at once', () => {
    expect(build({ schema: 'Bad', tables: [table({ columns: [column('a'), column('a')], indexes: [{ columns: ['zz'] }] })] }))
      .toThrow(/schema: .*\n.*duplicate column name\n.*unknown column "zz"/);
  });
});
