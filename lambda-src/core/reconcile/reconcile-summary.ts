/** One document that is not as expected, with what differs (for the first documents of each kind). */
export interface DocumentDifference {
  /** missing: expected, not in the target; extra: in the target, not expected; different: both, not equal. */
  readonly kind: 'missing' | 'extra' | 'different';
  readonly documentId: string;
  /** For `different`: the columns (and, for history tables, the versions) that differ, expected vs actual. */
  readonly details?: string[];
}

/** A live or audit table compared with its expected rows. */
export interface TableComparison {
  readonly role: 'live' | 'audit';
  /** schema.table in the target. */
  readonly table: string;
  readonly expectedRows: number;
  /** Undefined when the target table does not exist. */
  readonly targetRows?: number;
  /** Expected columns the target table lacks (the rows could not be compared). */
  readonly missingColumns: string[];
  readonly expectedDocuments: number;
  readonly missingDocuments: number;
  readonly extraDocuments: number;
  readonly differentDocuments: number;
  /** The first documents of each kind, in doc_id order. */
  readonly samples: DocumentDifference[];
  readonly agrees: boolean;
}

export interface TableReconciliation {
  readonly ledgerTable: string;
  readonly kind: 'mapped' | 'document';
  readonly tableIds: string[];
  /** Revisions read for the table, per source (before dropped tables are left out and duplicates removed). */
  readonly exportRevisions: number;
  readonly streamRevisions: number;
  readonly comparisons: TableComparison[];
  readonly agrees: boolean;
}

/** A reject that is expected and not in the target, or the reverse. */
export interface RejectDifference {
  readonly kind: 'missing' | 'extra';
  readonly rejectKey: string;
  readonly ledgerTable: string | null;
  readonly documentId: string | null;
  readonly version: number | null;
  readonly column: string | null;
}

export interface RejectsReconciliation {
  /** schema.qldb_migration_rejects */
  readonly table: string;
  /** The sources compared (`export`, `stream`): rejects of other sources in the target are not looked at. */
  readonly sources: string[];
  readonly expected: number;
  /** Undefined when the target has no rejects table. */
  readonly target?: number;
  readonly missing: number;
  readonly extra: number;
  readonly samples: RejectDifference[];
  readonly agrees: boolean;
}

export interface SkippedTableSummary {
  readonly ledgerTable: string;
  readonly reason: string;
  readonly revisions: number;
}

/** What `reconcileTarget` found. */
export interface ReconcileSummary {
  /** True when every table, every document and the rejects agree. */
  readonly agrees: boolean;
  readonly schema: string;
  readonly exportRevisions: number;
  readonly streamRevisions: number;
  readonly tables: TableReconciliation[];
  readonly skippedTables: SkippedTableSummary[];
  /** Table ids dropped at the end of the export whose revisions the mapping leaves out. */
  readonly droppedTableIds: string[];
  readonly rejects: RejectsReconciliation;
  /** Documents missing, extra or different, over every compared table. */
  readonly documentDifferences: number;
}
