import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { dmvMapping } from '../../examples/dmv/dmv-mapping';
import { LedgerMapping } from '../../src';

const root = join(__dirname, '..', '..');
const dmvFile = join(root, 'examples', 'dmv', 'mapping.json');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'mapping.schema.json'), 'utf8'));

function schemaErrors(value: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  validate(value);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('mapping JSON', () => {
  test('the DMV mapping file equals the TypeScript DMV mapping', () => {
    expect(LedgerMapping.fromFile(dmvFile).toJson()).toBe(dmvMapping().toJson());
  });

  test('round trip is lossless', () => {
    const json = dmvMapping().toJson();
    const again = LedgerMapping.fromJson(json);
    expect(again.toJson()).toBe(json);
    expect(again.tables[2].columns[8].source.toString()).toBe('Owners.SecondaryOwners[*].PersonId');
    expect(again.tables[2].columns[8].separator).toBe(',');
    expect(again.tables[2].columns[4].type.toSql()).toBe('decimal');
  });

  test('errors name their JSON path', () => {
    const bad = JSON.parse(readFileSync(dmvFile, 'utf8'));
    bad.tables[1].columns[2].type = 'varchar';
    bad.tables[0].colums = [];
    bad.droppedTables = 'keep';
    expect(() => LedgerMapping.fromJson(JSON.stringify(bad))).toThrow(
      /\$\.droppedTables: expected one of "skip", "migrate", got string "keep"/,
    );
    expect(() => LedgerMapping.fromJson(JSON.stringify(bad))).toThrow(
      /\$\.tables\[0\]: unknown key "colums"/,
    );
    expect(() => LedgerMapping.fromJson(JSON.stringify(bad))).toThrow(
      /\$\.tables\[1\]\.columns\[2\]\.type: column type "varchar" needs a length/,
    );
  });

  test('a source path that cannot parse names the column', () => {
    const bad = JSON.parse(readFileSync(dmvFile, 'utf8'));
    bad.tables[0].columns[1].source = 'First..Name';
    expect(() => LedgerMapping.fromJson(JSON.stringify(bad))).toThrow(
      '$.tables[0].columns[1].source: document path "First..Name" cannot be parsed at character 7',
    );
  });

  test('invalid JSON text', () => {
    expect(() => LedgerMapping.fromJson('{"schema": ')).toThrow(/Ledger mapping is not valid JSON/);
  });

  test('a missing file names the path', () => {
    expect(() => LedgerMapping.fromFile('/nonexistent/mapping.json')).toThrow('Cannot read ledger mapping file /nonexistent/mapping.json');
  });

  test('the JSON Schema accepts the DMV mapping and what toJson writes', () => {
    expect(schemaErrors(JSON.parse(readFileSync(dmvFile, 'utf8')))).toEqual([]);
    expect(schemaErrors(JSON.parse(new LedgerMapping().toJson()))).toEqual([]);
  });

  test('the JSON Schema rejects broken files with a useful path', () => {
    const bad = JSON.parse(readFileSync(dmvFile, 'utf8'));
    bad.tables[1].columns[2].type = 'varchar';
    bad.tables[0].columns[0].name = 'Person Id';
    delete bad.tables[3].targetTable;
    const errors = schemaErrors(bad);
    expect(errors).toContain('/tables/1/columns/2/type must match pattern "' + schema.definitions.columnType.pattern + '"');
    expect(errors).toContain('/tables/0/columns/0/name must match pattern "^[a-z_][a-z0-9_]{0,62}$"');
    expect(errors).toContain("/tables/3 must have required property 'targetTable'");
  });
});
