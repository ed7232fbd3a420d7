import { createHash } from 'crypto';

/** Where a reject was found. */
export type RejectSource = 'export' | 'stream';

/** One row of `<schema>.qldb_migration_rejects` (columns in REJECTS_COLUMNS order). */
export interface RejectRecord {
  readonly rejectKey: string;
  readonly source: RejectSource;
  readonly ledgerTable: string | null;
  readonly tableId: string | null;
  readonly targetTable: string | null;
  readonly docId: string | null;
  readonly version: number | null;
  readonly column: string | null;
  readonly reason: string;
  readonly originalValue: string | null;
  /** Base64 of the undecodable bytes, for stream records that could not be read. */
  readonly rawRecord: string | null;
}

/** A stable key, so that a reject found again (a replay, a second load) is stored once. */
export function rejectKey(parts: ReadonlyArray<string | number | null>): string {
  return createHash('sha256').update(parts.map((p) => (p === null ? '' : String(p))).join('|')).digest('hex');
}

/** The reject's values in the column order of the rejects table. */
export function rejectRowValues(r: RejectRecord): Array<string | null> {
  return [
    r.rejectKey, r.source, r.ledgerTable, r.tableId, r.targetTable, r.docId,
    r.version === null ? null : String(r.version), r.column, r.reason, r.originalValue, r.rawRecord,
  ];
}
