import { FieldProfile, SeenKind, TableProfile } from './field-profile';
import { ColumnType } from '../../../src/mapping/column-type';
import { identifierProblem, snakeCaseName } from '../../../src/mapping/identifier';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { Source } from '../../../src/mapping/source';
import { formatDocumentPath } from '../../../src/mapping/source-path';
import { SYSTEM_COLUMNS } from '../../../src/mapping/system-columns';
import { ColumnMapping, TableMapping } from '../../../src/mapping/table-mapping';

/** One line of the inference report: what was chosen for a path and why, or a conflict to look at. */
export interface InferenceNote {
  readonly ledgerTable: string;
  readonly path: string;
  readonly column: string;
  readonly type: string;
  readonly seen: string;
  readonly conflict: boolean;
  readonly note?: string;
}

const VARCHAR_STEPS = [25, 50, 100, 200, 500, 1000];
const NUMERIC: SeenKind[] = ['int', 'int64', 'bignum', 'decimal', 'float'];

function family(kind: SeenKind): string {
  if (NUMERIC.includes(kind)) return 'number';
  if (kind === 'date' || kind === 'timestamp') return 'time';
  if (kind === 'list' || kind === 'struct-list') return 'container';
  return kind;
}

function chooseType(profile: FieldProfile, inList: boolean): { type: ColumnType; conflict: boolean; note?: string } {
  const kinds = [...profile.kinds.keys()].filter((k) => k !== 'null');
  const families = new Set(kinds.map(family));
  if (inList) {
    const scalar = !families.has('container');
    return { type: scalar ? ColumnType.TEXT_ARRAY : ColumnType.JSONB, conflict: families.size > 1, note: scalar ? undefined : 'nested values: stored as JSON' };
  }
  if (kinds.length === 0) return { type: ColumnType.TEXT, conflict: false, note: 'only nulls seen' };
  if (families.size > 1) {
    const type = families.has('container') || families.has('blob') ? ColumnType.JSONB : ColumnType.TEXT;
    return { type, conflict: true, note: `mixed types: stored as ${type.toSql()}; check the values, or map the path yourself` };
  }
  const only = (...allowed: SeenKind[]) => kinds.every((k) => allowed.includes(k));
  if (only('int')) return { type: ColumnType.INTEGER, conflict: false };
  if (only('int', 'int64')) return { type: ColumnType.BIGINT, conflict: false };
  if (only(...NUMERIC)) return { type: ColumnType.DECIMAL, conflict: false, note: kinds.length > 1 ? 'integers and decimals: exact decimal' : undefined };
  if (only('bool')) return { type: ColumnType.BOOLEAN, conflict: false };
  if (only('date')) return { type: ColumnType.DATE, conflict: false };
  if (only('date', 'timestamp')) {
    return profile.subMicrosecond
      ? { type: ColumnType.TEXT, conflict: false, note: 'timestamps with nanoseconds: stored as their Ion text (timestamptz keeps microseconds)' }
      : { type: ColumnType.TIMESTAMPTZ, conflict: false };
  }
  if (only('string')) {
    const step = VARCHAR_STEPS.find((n) => n >= profile.maxLength * 2);
    return step ? { type: ColumnType.varchar(step), conflict: false, note: `longest seen: ${profile.maxLength} characters` }
      : { type: ColumnType.TEXT, conflict: false };
  }
  if (only('blob')) return { type: ColumnType.TEXT, conflict: false, note: 'blobs: stored as base64 text' };
  return { type: ColumnType.JSONB, conflict: false };
}

function columnName(profile: FieldProfile, taken: Set<string>): string {
  const fields = profile.segments.filter((s) => s.field !== undefined).map((s) => s.field!);
  let base = snakeCaseName(fields.join('_')).slice(0, 55) || 'field';
  if (identifierProblem(base) || SYSTEM_COLUMNS.includes(base)) base = `${base}_value`.replace(/^_+/, '');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function inferTable(profile: TableProfile, notes: InferenceNote[]): TableMapping {
  const taken = new Set<string>();
  const columns: ColumnMapping[] = [];
  const byPresence = (a: FieldProfile, b: FieldProfile) =>
    b.present - a.present || formatDocumentPath(a.segments).localeCompare(formatDocumentPath(b.segments));
  const fields = [...profile.fields.values()].sort(byPresence);
  for (const field of fields) {
    const path = formatDocumentPath(field.segments);
    const inList = field.segments.some((s) => s.wildcard);
    const choice = chooseType(field, inList);
    const name = columnName(field, taken);
    columns.push({ name, source: Source.path(path), type: choice.type });
    notes.push({
      ledgerTable: profile.ledgerTable,
      path,
      column: name,
      type: choice.type.toSql(),
      conflict: choice.conflict,
      note: choice.note,
      seen: [...field.kinds.entries()].map(([k, n]) => `${k} ${n}`).join(', '),
    });
  }
  return { ledgerTable: profile.ledgerTable, targetTable: snakeCaseName(profile.ledgerTable), columns };
}

/** A starting mapping for the profiled tables, with a note per column (type seen, choice, conflicts). */
export function inferMapping(tables: Iterable<TableProfile>, schema: string): { mapping: LedgerMapping; notes: InferenceNote[] } {
  const notes: InferenceNote[] = [];
  const mapped = [...tables].filter((t) => t.fields.size > 0).sort((a, b) => a.ledgerTable.localeCompare(b.ledgerTable))
    .map((t) => inferTable(t, notes));
  return { mapping: new LedgerMapping({ schema, tables: mapped }), notes };
}
