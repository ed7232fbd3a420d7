import { dmsTables } from '../../generators/dms-definition';
import type { LedgerMapping } from '../../mapping/ledger-mapping';

/*
 * The DMS settings of the full load, computed from the mapping. Nothing may be lost quietly: LOBs are never
 * truncated (full LOB mode, with the mapping's largest expected LOB sent inline), and every data, truncation or
 * table error stops the task, which the orchestration then reports as failed.
 */

/** QLDB's document size limit. */
const QLDB_MAX_DOCUMENT_KB = 128;
/** The JSON text of a document is larger than its Ion binary form (field names, quotes, escapes): a generous factor. */
const JSON_EXPANSION = 4;
/** The largest `ql_audit` value: twelve keys with ids, hashes and a table name. */
const QL_AUDIT_MAX_KB = 4;
/** DMS's upper bound of InlineLobMaxSize (KB). */
const DMS_MAX_INLINE_LOB_KB = 102400;

/**
 * The largest LOB (CLOB) value, in KB, a row of the mapping's tables is expected to hold: `ql_audit` is small; any
 * other text or jsonb column may hold up to a whole document as JSON. Values above it still load (full LOB mode),
 * only more slowly.
 */
export function expectedLobMaxSizeKb(mapping: LedgerMapping): number {
  let largest = 0;
  for (const table of dmsTables(mapping)) {
    for (const column of table.TableColumns) {
      if (column.ColumnType !== 'CLOB') continue;
      const size = column.ColumnName === 'ql_audit' ? QL_AUDIT_MAX_KB : QLDB_MAX_DOCUMENT_KB * JSON_EXPANSION;
      largest = Math.max(largest, size);
    }
  }
  return Math.min(largest, DMS_MAX_INLINE_LOB_KB);
}

/** The replication task settings (ReplicationTaskSettings) of the full load. */
export function dmsFullLoadTaskSettings(mapping: LedgerMapping): Record<string, unknown> {
  const inlineLobKb = expectedLobMaxSizeKb(mapping);
  return {
    TargetMetadata: {
      TargetSchema: '',
      SupportLobs: true,
      // Full LOB mode never truncates; LOBs up to InlineLobMaxSize travel inline, as fast as limited LOB mode.
      FullLobMode: true,
      LobChunkSize: 64,
      LimitedSizeLobMode: false,
      InlineLobMaxSize: Math.max(inlineLobKb, 1),
      BatchApplyEnabled: false,
    },
    FullLoadSettings: {
      // MigrationTargetSchema creates the tables; a reload empties them first, so a rerun never duplicates rows.
      TargetTablePrepMode: 'TRUNCATE_BEFORE_LOAD',
      CreatePkAfterFullLoad: false,
      StopTaskCachedChangesApplied: false,
      StopTaskCachedChangesNotApplied: false,
      MaxFullLoadSubTasks: 8,
      TransactionConsistencyTimeout: 600,
      CommitRate: 10000,
    },
    Logging: {
      EnableLogging: true,
      LogComponents: ['SOURCE_UNLOAD', 'TARGET_LOAD', 'TASK_MANAGER'].map((Id) => ({ Id, Severity: 'LOGGER_SEVERITY_DEFAULT' })),
    },
    ErrorBehavior: {
      DataErrorPolicy: 'STOP_TASK',
      DataTruncationErrorPolicy: 'STOP_TASK',
      DataErrorEscalationPolicy: 'STOP_TASK',
      DataErrorEscalationCount: 0,
      TableErrorPolicy: 'STOP_TASK',
      TableErrorEscalationPolicy: 'STOP_TASK',
      TableErrorEscalationCount: 0,
      RecoverableErrorCount: 10,
      RecoverableErrorInterval: 5,
      RecoverableErrorThrottling: true,
      RecoverableErrorThrottlingMax: 1800,
      FullLoadIgnoreConflicts: false,
      FailOnTransactionConsistencyBreached: true,
      FailOnNoTablesCaptured: true,
    },
  };
}

/**
 * The S3 source endpoint's CSV settings, matching what the Glue job writes (lambda-src/core/transform/csv-row.ts):
 * RFC 4180 quoting with every value quoted, NULL as an empty unquoted field, `\n` row ends, no header row.
 */
export const DMS_S3_CSV_SETTINGS = {
  csvDelimiter: ',',
  csvRowDelimiter: '\n',
  csvNullValue: '',
  rfc4180: true,
  ignoreHeaderRows: 0,
} as const;
