/** Columns every live table has, before and after the mapped columns. */
export const DOC_ID_COLUMN = 'doc_id';
export const VERSION_COLUMN = 'version';
export const QL_AUDIT_COLUMN = 'ql_audit';
/** Columns every audit table adds after the live table's columns. */
export const OPERATION_COLUMN = 'operation';
export const TRANSACTION_ID_COLUMN = 'transaction_id';
/** The document column of a table migrated as JSONB documents. */
export const DATA_COLUMN = 'data';

/** Names a mapped column may not take, because the generated tables already use them. */
export const SYSTEM_COLUMNS: readonly string[] = [
  DOC_ID_COLUMN, VERSION_COLUMN, QL_AUDIT_COLUMN, OPERATION_COLUMN, TRANSACTION_ID_COLUMN,
];

/** Tables every target schema holds beside the mapped ones. */
export const REJECTS_TABLE = 'qldb_migration_rejects';
export const REPLICATION_STATE_TABLE = 'qldb_replication_state';
export const GENERATED_TABLES: readonly string[] = [REJECTS_TABLE, REPLICATION_STATE_TABLE];

/** Suffix of an audit table's name when the mapping does not name it. */
export const AUDIT_TABLE_SUFFIX = '_audit_log';
