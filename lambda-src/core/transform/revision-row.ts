import { Conversion, ConversionFailure, convertSelection, convertValue } from './column-conversion';
import { ledgerJson } from './ledger-json';
import { qlAuditJson } from './ql-audit';
import { RejectRecord, rejectKey, RejectSource } from './reject-record';
import { singleValueAt, valueAtPath } from './value-at-path';
import { PhysicalColumn, TableLayout } from '../../../src/generators/table-layout';
import { MetadataField, SourceKind } from '../../../src/mapping/source';
import { LedgerValue } from '../model/ledger-value';
import { LedgerRevision, operationOf } from '../model/revision';

/** A revision as a row: values in the audit table's column order (the live table's columns, then operation and transaction id). */
export interface RevisionRow {
  readonly values: Array<string | null>;
  readonly rejects: RejectRecord[];
}

/** Thrown in strict mode on the first value that cannot be converted. */
export class StrictModeError extends Error {}

const DEFAULT_SEPARATOR = ',';

/** Converts one column of a revision; `original` recovers the source value when the conversion failed. */
interface Cell {
  readonly convert: (revision: LedgerRevision) => Conversion;
  readonly original: (revision: LedgerRevision) => LedgerValue | undefined;
}

const NO_REJECTS: RejectRecord[] = [];

function fixed(convert: (revision: LedgerRevision) => string | null): Cell {
  return { convert, original: () => undefined };
}

function metadataValue(revision: LedgerRevision, field: MetadataField): LedgerValue {
  switch (field) {
    case MetadataField.VERSION:
      return revision.version;
    case MetadataField.TX_ID:
      return revision.txId;
    case MetadataField.TX_TIME:
      return revision.txTime;
  }
}

function cellFor(column: PhysicalColumn): Cell {
  switch (column.system) {
    case 'doc_id':
      return fixed((r) => r.documentId);
    case 'version':
      return fixed((r) => String(r.version));
    case 'ql_audit':
      return fixed(qlAuditJson);
    case 'operation':
      return fixed(operationOf);
    case 'transaction_id':
      return fixed((r) => r.txId);
    case 'data':
      return fixed((r) => (r.data === undefined ? null : ledgerJson(r.data)));
  }
  const mapped = column.mapped!;
  const type = mapped.type;
  const source = mapped.source;
  if (source.kind === SourceKind.DOCUMENT_ID) {
    return { convert: (r) => convertValue(r.documentId, type), original: (r) => r.documentId };
  }
  if (source.kind === SourceKind.METADATA) {
    const field = source.metadataField!;
    return { convert: (r) => convertValue(metadataValue(r, field), type), original: (r) => metadataValue(r, field) };
  }
  const segments = source.pathSegments();
  // Deleted and redacted revisions have no data: their data columns are NULL.
  if (!segments.some((s) => s.wildcard === true)) {
    return {
      convert: (r) => {
        const value = singleValueAt(r.data, segments);
        return value === undefined ? null : convertValue(value, type);
      },
      original: (r) => singleValueAt(r.data, segments),
    };
  }
  const separator = mapped.separator ?? DEFAULT_SEPARATOR;
  return {
    convert: (r) => (r.data === undefined ? null : convertSelection(valueAtPath(r.data, segments), type, separator)),
    original: (r) => {
      const selection = valueAtPath(r.data, segments);
      return selection.kind === 'value' ? selection.value : selection.kind === 'list' ? selection.values : undefined;
    },
  };
}

/**
 * Turns revisions of one ledger table into rows of its audit table (and so of its live table): the one transform
 * shared by the full load, the change consumer and the reconciler. Built once per table; `build` is the hot path.
 */
export class RevisionRowBuilder {
  private readonly cells: Cell[];
  private readonly names: string[];
  private readonly targetTable: string;

  constructor(layout: TableLayout, private readonly options: { readonly source: RejectSource; readonly strict?: boolean }) {
    const columns = layout.revisionTable.columns;
    this.cells = columns.map(cellFor);
    this.names = columns.map((c) => c.name);
    this.targetTable = layout.live.name;
  }

  /** Number of values of a live row (a prefix of the audit row). */
  get liveColumnCount(): number {
    return this.names.length - 2;
  }

  build(revision: LedgerRevision): RevisionRow {
    const values: Array<string | null> = new Array(this.cells.length);
    let rejects: RejectRecord[] | undefined;
    for (let i = 0; i < this.cells.length; i++) {
      const cell = this.cells[i].convert(revision);
      if (!(cell instanceof ConversionFailure)) {
        values[i] = cell;
        continue;
      }
      values[i] = null;
      const original = this.cells[i].original(revision);
      const reject: RejectRecord = {
        rejectKey: rejectKey([this.options.source, revision.tableId, revision.documentId, revision.version, this.names[i]]),
        source: this.options.source,
        ledgerTable: revision.tableName,
        tableId: revision.tableId,
        targetTable: this.targetTable,
        docId: revision.documentId,
        version: revision.version,
        column: this.names[i],
        reason: cell.reason,
        originalValue: original === undefined ? null : ledgerJson(original),
        rawRecord: null,
      };
      if (this.options.strict) {
        throw new StrictModeError(
          `${revision.tableName} document ${revision.documentId} version ${revision.version} (block ${revision.blockAddress.sequenceNo}), ` +
          `column ${this.targetTable}.${reject.column}: ${reject.reason}; value ${reject.originalValue}`,
        );
      }
      (rejects ??= []).push(reject);
    }
    return { values, rejects: rejects ?? NO_REJECTS };
  }
}
