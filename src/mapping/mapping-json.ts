import { ColumnType } from './column-type';
import type { LedgerMapping, LedgerMappingProps } from './ledger-mapping';
import { DroppedTablePolicy, UnmappedTablePolicy } from './policies';
import { Source } from './source';
import { ColumnMapping, DocumentTableMapping, IndexMapping, TableMapping } from './table-mapping';

/*
 * The JSON form of a ledger mapping (see schema/mapping.schema.json). Reading is strict: unknown keys and wrong
 * types are errors that name their JSON path, so a typo never silently drops a setting.
 */

export const MAPPING_FORMAT_VERSION = 1;

type Json = unknown;

class JsonReader {
  constructor(private readonly problems: string[]) {}

  object(value: Json, where: string, allowed: readonly string[]): Record<string, Json> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problems.push(`${where}: expected an object, got ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.problems.push(`${where}: unknown key "${key}" (allowed: ${allowed.join(', ')})`);
      }
    }
    return value as Record<string, Json>;
  }

  string(value: Json, where: string): string | undefined {
    if (typeof value !== 'string') {
      this.problems.push(`${where}: expected a string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  optionalString(value: Json, where: string): string | undefined {
    return value === undefined ? undefined : this.string(value, where);
  }

  boolean(value: Json, where: string): boolean | undefined {
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.problems.push(`${where}: expected true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  array(value: Json, where: string): Json[] | undefined {
    if (value === undefined) {
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.problems.push(`${where}: expected an array, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  strings(value: Json, where: string): string[] | undefined {
    const items = this.array(value, where);
    return items?.map((item, i) => this.string(item, `${where}[${i}]`) ?? '');
  }

  enumValue<T extends string>(value: Json, where: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.problems.push(`${where}: expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`);
      return undefined;
    }
    return value as T;
  }

  parsed<T>(text: string | undefined, where: string, parse: (t: string) => T): T | undefined {
    if (text === undefined) {
      return undefined;
    }
    try {
      return parse(text);
    } catch (e) {
      this.problems.push(`${where}: ${(e as Error).message}`);
      return undefined;
    }
  }
}

function describe(value: Json): string {
  if (value === undefined) {
    return 'nothing';
  }
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`;
}

function readIndexes(r: JsonReader, value: Json, where: string): IndexMapping[] | undefined {
  return r.array(value, where)?.map((item, i) => {
    const at = `${where}[${i}]`;
    const o = r.object(item, at, ['columns', 'unique', 'name']) ?? {};
    return {
      columns: r.strings(o.columns, `${at}.columns`) ?? [],
      unique: r.boolean(o.unique, `${at}.unique`),
      name: r.optionalString(o.name, `${at}.name`),
    };
  });
}

function readColumn(r: JsonReader, value: Json, where: string): ColumnMapping | undefined {
  const o = r.object(value, where, ['name', 'source', 'type', 'separator', 'nullable']);
  if (!o) {
    return undefined;
  }
  const name = r.string(o.name, `${where}.name`);
  const source = r.parsed(r.string(o.source, `${where}.source`), `${where}.source`, Source.parse);
  const type = r.parsed(r.string(o.type, `${where}.type`), `${where}.type`, ColumnType.parse);
  if (name === undefined || source === undefined || type === undefined) {
    return undefined;
  }
  return {
    name,
    source,
    type,
    separator: r.optionalString(o.separator, `${where}.separator`),
    nullable: r.boolean(o.nullable, `${where}.nullable`),
  };
}

function readTable(r: JsonReader, value: Json, where: string): TableMapping | undefined {
  const o = r.object(value, where, [
    'ledgerTable', 'targetTable', 'auditTable', 'columns', 'primaryKey', 'indexes', 'auditIndexes',
  ]);
  if (!o) {
    return undefined;
  }
  const ledgerTable = r.string(o.ledgerTable, `${where}.ledgerTable`);
  const targetTable = r.string(o.targetTable, `${where}.targetTable`);
  const columns = (r.array(o.columns, `${where}.columns`) ?? [])
    .map((c, i) => readColumn(r, c, `${where}.columns[${i}]`))
    .filter((c): c is ColumnMapping => c !== undefined);
  if (o.columns === undefined) {
    r.string(undefined, `${where}.columns`);
  }
  if (ledgerTable === undefined || targetTable === undefined) {
    return undefined;
  }
  return {
    ledgerTable,
    targetTable,
    auditTable: r.optionalString(o.auditTable, `${where}.auditTable`),
    columns,
    primaryKey: r.strings(o.primaryKey, `${where}.primaryKey`),
    indexes: readIndexes(r, o.indexes, `${where}.indexes`),
    auditIndexes: readIndexes(r, o.auditIndexes, `${where}.auditIndexes`),
  };
}

/** Converts a parsed mapping file into LedgerMapping properties; throws one Error listing every problem. */
export function mappingFromJsonObject(value: Json): LedgerMappingProps {
  const problems: string[] = [];
  const r = new JsonReader(problems);
  const o = r.object(value, '$', [
    '$schema', 'formatVersion', 'schema', 'tables', 'documentTables', 'skipTables', 'unmappedTables',
    'droppedTables', 'auditTables',
  ]) ?? {};
  if (o.formatVersion !== undefined && o.formatVersion !== MAPPING_FORMAT_VERSION) {
    problems.push(`$.formatVersion: this version reads format ${MAPPING_FORMAT_VERSION}, got ${describe(o.formatVersion)}`);
  }
  const tables = (r.array(o.tables, '$.tables') ?? [])
    .map((t, i) => readTable(r, t, `$.tables[${i}]`))
    .filter((t): t is TableMapping => t !== undefined);
  const documentTables = r.array(o.documentTables, '$.documentTables')?.map((d, i): DocumentTableMapping => {
    const at = `$.documentTables[${i}]`;
    const dt = r.object(d, at, ['ledgerTable', 'targetTable']) ?? {};
    return { ledgerTable: r.string(dt.ledgerTable, `${at}.ledgerTable`) ?? '', targetTable: r.optionalString(dt.targetTable, `${at}.targetTable`) };
  });
  const props: LedgerMappingProps = {
    schema: r.optionalString(o.schema, '$.schema'),
    tables,
    documentTables,
    skipTables: r.strings(o.skipTables, '$.skipTables'),
    unmappedTables: r.enumValue(o.unmappedTables, '$.unmappedTables', Object.values(UnmappedTablePolicy)),
    droppedTables: r.enumValue(o.droppedTables, '$.droppedTables', Object.values(DroppedTablePolicy)),
    auditTables: r.boolean(o.auditTables, '$.auditTables'),
  };
  if (problems.length > 0) {
    throw new Error(`Invalid ledger mapping:\n  - ${problems.join('\n  - ')}`);
  }
  return props;
}

function indexesToJson(indexes: IndexMapping[] | undefined): Json {
  return indexes?.map((i) => ({ columns: i.columns, unique: i.unique, name: i.name }));
}

/** The JSON object of a mapping; every setting is written explicitly so the file documents itself. */
export function mappingToJsonObject(mapping: LedgerMapping): Json {
  return {
    formatVersion: MAPPING_FORMAT_VERSION,
    schema: mapping.schema,
    auditTables: mapping.auditTables,
    unmappedTables: mapping.unmappedTables,
    droppedTables: mapping.droppedTables,
    skipTables: mapping.skipTables,
    documentTables: mapping.documentTables.map((d) => ({ ledgerTable: d.ledgerTable, targetTable: d.targetTable })),
    tables: mapping.tables.map((t) => ({
      ledgerTable: t.ledgerTable,
      targetTable: t.targetTable,
      auditTable: t.auditTable,
      primaryKey: t.primaryKey,
      columns: t.columns.map((c) => ({
        name: c.name,
        source: c.source.toString(),
        type: c.type.toSql(),
        separator: c.separator,
        nullable: c.nullable,
      })),
      indexes: indexesToJson(t.indexes),
      auditIndexes: indexesToJson(t.auditIndexes),
    })),
  };
}
