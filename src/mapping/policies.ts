/** What happens to ledger tables the mapping neither maps nor skips. */
export enum UnmappedTablePolicy {
  /** Migrated as JSONB documents: `doc_id, version, data jsonb, ql_audit jsonb` (and an audit table). */
  JSONB = 'jsonb',
  /** Not migrated; their revisions are counted and reported as skipped. */
  SKIP = 'skip',
}

/** What happens to revisions of tables that are dropped (DROP TABLE, not undropped) at the end of the journal. */
export enum DroppedTablePolicy {
  /** Not migrated; their revisions are counted and reported as skipped. */
  SKIP = 'skip',
  /** Migrated like any other table (to the table the name maps to). */
  MIGRATE = 'migrate',
}
