import { readFileSync } from 'fs';
import { snakeCaseName } from './identifier';
import { mappingFromJsonObject, mappingToJsonObject } from './mapping-json';
import { validateMapping } from './mapping-validation';
import { DroppedTablePolicy, UnmappedTablePolicy } from './policies';
import { AUDIT_TABLE_SUFFIX } from './system-columns';
import { DocumentTableMapping, TableMapping } from './table-mapping';

/** Properties of a LedgerMapping. */
export interface LedgerMappingProps {
  /**
   * The PostgreSQL schema that receives every table.
   * @default 'qldb'
   */
  readonly schema?: string;
  /**
   * Ledger tables mapped to typed relational tables.
   * @default - none: every ledger table is migrated as JSONB documents
   */
  readonly tables?: TableMapping[];
  /**
   * Ledger tables declared as JSONB document tables (needed by the AWS full load, which must know every table in
   * advance; the local engine also creates them on the fly).
   * @default - none declared
   */
  readonly documentTables?: DocumentTableMapping[];
  /**
   * Ledger tables not to migrate at all.
   * @default - none
   */
  readonly skipTables?: string[];
  /**
   * What happens to ledger tables that are neither mapped, declared, nor skipped.
   * @default UnmappedTablePolicy.JSONB
   */
  readonly unmappedTables?: UnmappedTablePolicy;
  /**
   * What happens to tables that are dropped at the end of the journal.
   * @default DroppedTablePolicy.SKIP
   */
  readonly droppedTables?: DroppedTablePolicy;
  /**
   * Whether audit tables (every revision) are created and loaded. The live tables are always derived from the
   * revisions; without audit tables the history is not kept in the target.
   * @default true
   */
  readonly auditTables?: boolean;
}

const DEFAULT_SCHEMA = 'qldb';

/**
 * How a QLDB ledger maps onto PostgreSQL tables. Drives the DDL, the DMS table definitions, the Glue job and the
 * change-replication consumer. Validated on construction: an invalid mapping throws an Error that lists every
 * problem with its table and column.
 */
export class LedgerMapping {
  /** Reads a mapping from its JSON text (the format described by `mapping.schema.json`). */
  public static fromJson(json: string): LedgerMapping {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new Error(`Ledger mapping is not valid JSON: ${(e as Error).message}`);
    }
    return new LedgerMapping(mappingFromJsonObject(parsed));
  }

  /** Reads a mapping from a JSON file. */
  public static fromFile(path: string): LedgerMapping {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new Error(`Cannot read ledger mapping file ${path}: ${(e as Error).message}`);
    }
    try {
      return LedgerMapping.fromJson(text);
    } catch (e) {
      throw new Error(`${path}: ${(e as Error).message}`);
    }
  }

  /** The target schema. */
  public readonly schema: string;
  /** Mapped tables. */
  public readonly tables: TableMapping[];
  /** Declared JSONB document tables. */
  public readonly documentTables: DocumentTableMapping[];
  /** Ledger tables not migrated. */
  public readonly skipTables: string[];
  /** Policy for tables that are neither mapped, declared nor skipped. */
  public readonly unmappedTables: UnmappedTablePolicy;
  /** Policy for dropped tables. */
  public readonly droppedTables: DroppedTablePolicy;
  /** Whether audit tables are kept. */
  public readonly auditTables: boolean;

  constructor(props: LedgerMappingProps = {}) {
    this.schema = props.schema ?? DEFAULT_SCHEMA;
    this.tables = [...(props.tables ?? [])];
    this.documentTables = [...(props.documentTables ?? [])];
    this.skipTables = [...(props.skipTables ?? [])];
    this.unmappedTables = props.unmappedTables ?? UnmappedTablePolicy.JSONB;
    this.droppedTables = props.droppedTables ?? DroppedTablePolicy.SKIP;
    this.auditTables = props.auditTables ?? true;
    validateMapping(this);
  }

  /** The table mapping of a ledger table, if it is mapped. */
  public tableFor(ledgerTable: string): TableMapping | undefined {
    return this.tables.find((t) => t.ledgerTable === ledgerTable);
  }

  /** The audit table name of a mapped table. */
  public auditTableOf(table: TableMapping): string {
    return table.auditTable ?? table.targetTable + AUDIT_TABLE_SUFFIX;
  }

  /** The live table name of a JSONB document table. */
  public documentTableName(ledgerTable: string): string {
    const declared = this.documentTables.find((d) => d.ledgerTable === ledgerTable);
    return declared?.targetTable ?? snakeCaseName(ledgerTable);
  }

  /** The mapping as JSON text (2-space indented, stable key order); `fromJson(toJson())` gives an equal mapping. */
  public toJson(): string {
    return JSON.stringify(mappingToJsonObject(this), null, 2) + '\n';
  }
}
