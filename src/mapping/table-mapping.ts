import { ColumnType } from './column-type';
import { Source } from './source';

/** One column of a mapped table. */
export interface ColumnMapping {
  /** Target column name (lowercase identifier). */
  readonly name: string;
  /** Where the value comes from. */
  readonly source: Source;
  /** PostgreSQL type. */
  readonly type: ColumnType;
  /**
   * Separator used when an array path (`[*]`) is stored in a text or varchar column.
   * @default ','
   */
  readonly separator?: string;
  /**
   * Whether the column may be NULL. A NOT NULL column whose value is missing or cannot be converted sends the
   * revision's value to the rejects table and the column is still written as NULL in the audit table, so the
   * constraint is only enforced on the live table by the post-load DDL.
   * @default true
   */
  readonly nullable?: boolean;
}

/** A secondary index on a target table. */
export interface IndexMapping {
  /** Indexed columns, in order (mapped columns, `doc_id` or `version`). */
  readonly columns: string[];
  /**
   * Whether the index is unique.
   * @default false
   */
  readonly unique?: boolean;
  /**
   * Index name.
   * @default - `<table>_<columns>_idx` (or `_key` for unique), shortened with a hash beyond 63 characters
   */
  readonly name?: string;
}

/** How one ledger table becomes a live table and an audit table. */
export interface TableMapping {
  /** The QLDB table name. */
  readonly ledgerTable: string;
  /** The live table (latest non-deleted revision of each document). */
  readonly targetTable: string;
  /**
   * The audit table (every revision).
   * @default - `<targetTable>_audit_log`
   */
  readonly auditTable?: string;
  /** The mapped columns, in table order (after `doc_id` and `version`). */
  readonly columns: ColumnMapping[];
  /**
   * Primary key of the live table, created after the load.
   * @default ['doc_id']
   */
  readonly primaryKey?: string[];
  /**
   * Secondary indexes of the live table, created after the load (`doc_id` is always unique).
   * @default - none
   */
  readonly indexes?: IndexMapping[];
  /**
   * Secondary indexes of the audit table, created after the load (`(doc_id, version)` is always unique).
   * @default - none
   */
  readonly auditIndexes?: IndexMapping[];
}

/** A ledger table migrated as JSONB documents (`doc_id, version, data jsonb, ql_audit jsonb`). */
export interface DocumentTableMapping {
  /** The QLDB table name. */
  readonly ledgerTable: string;
  /**
   * The live table.
   * @default - the ledger table name in snake_case (`VehicleRegistration` -> `vehicle_registration`)
   */
  readonly targetTable?: string;
}
