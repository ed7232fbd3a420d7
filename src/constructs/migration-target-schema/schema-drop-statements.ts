import { quoteIdentifier } from '../../mapping/identifier';
import type { LedgerMapping } from '../../mapping/ledger-mapping';

/** Schemas that removal never drops: PostgreSQL's own and the shared default. */
export const PROTECTED_SCHEMAS = ['public', 'information_schema', 'pg_catalog', 'pg_toast'];

/**
 * What a MigrationTargetSchema with RemovalPolicy.DESTROY runs on delete: the mapping's schema with everything
 * in it (live, audit, rejects and replication state tables, and any document table the load created).
 */
export function schemaDropStatements(mapping: LedgerMapping): string[] {
  return [`drop schema if exists ${quoteIdentifier(mapping.schema)} cascade`];
}
