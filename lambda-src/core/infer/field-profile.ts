import { PathSegment } from '../../../src/mapping/source-path';
import { isLedgerStruct, LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue } from '../model/ledger-value';

/** The kinds of value a field was seen holding. */
export type SeenKind = 'int' | 'int64' | 'bignum' | 'decimal' | 'float' | 'bool' | 'string' | 'date' | 'timestamp' | 'blob' | 'struct-list' | 'list' | 'null';

/** What one document path held across every revision read. */
export interface FieldProfile {
  readonly segments: PathSegment[];
  /** How many revisions held a value (not null) at the path. */
  present: number;
  readonly kinds: Map<SeenKind, number>;
  /** Longest text (in characters) seen, for strings. */
  maxLength: number;
  /** Most digits after the point seen, for decimals. */
  maxScale: number;
  /** Most digits before the point seen, for decimals. */
  maxIntegerDigits: number;
  /** Whether a timestamp had non-zero digits beyond microseconds (timestamptz cannot hold them). */
  subMicrosecond: boolean;
}

export interface TableProfile {
  readonly ledgerTable: string;
  revisions: number;
  readonly fields: Map<string, FieldProfile>;
}

const DAY_PRECISION = /^\d{4}-\d{2}-\d{2}T?$/;
const INT32 = 2 ** 31;

function kindOf(value: Exclude<LedgerValue, null>): SeenKind {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'bignum';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) < INT32 ? 'int' : 'int64') : 'float';
  if (typeof value === 'string') return 'string';
  if (value instanceof LedgerDecimal) return 'decimal';
  if (value instanceof LedgerTimestamp) return DAY_PRECISION.test(value.text) ? 'date' : 'timestamp';
  if (value instanceof Uint8Array) return 'blob';
  return 'list';
}

function key(segments: readonly PathSegment[]): string {
  return JSON.stringify(segments);
}

/** Accumulates, per ledger table, every document path and the kinds of values it held. */
export class ProfileCollector {
  readonly tables = new Map<string, TableProfile>();

  observe(ledgerTable: string, data: LedgerValue | undefined): void {
    let table = this.tables.get(ledgerTable);
    if (!table) {
      table = { ledgerTable, revisions: 0, fields: new Map() };
      this.tables.set(ledgerTable, table);
    }
    table.revisions++;
    if (isLedgerStruct(data)) {
      this.walk(table, data, []);
    }
  }

  private walk(table: TableProfile, struct: LedgerStruct, prefix: PathSegment[]): void {
    for (const [field, value] of Object.entries(struct)) {
      const segments = [...prefix, { field }];
      if (isLedgerStruct(value)) {
        this.walk(table, value, segments);
      } else if (Array.isArray(value) && value.length === 0) {
        continue; // an empty list says nothing about its elements
      } else if (Array.isArray(value) && value.length > 0 && value.every(isLedgerStruct)) {
        const flat = value.every((element) => Object.values(element as LedgerStruct).every((v) => !isLedgerStruct(v) && !Array.isArray(v)));
        if (!flat) {
          this.record(table, segments, value, false, 'struct-list');
          continue;
        }
        // A list of flat structs: one path per field of the elements (`Owners.SecondaryOwners[*].PersonId`).
        for (const element of value) {
          for (const [inner, innerValue] of Object.entries(element as LedgerStruct)) {
            this.record(table, [...segments, { wildcard: true }, { field: inner }], innerValue, true);
          }
        }
      } else {
        this.record(table, segments, value, false);
      }
    }
  }

  private record(table: TableProfile, segments: PathSegment[], value: LedgerValue, inList: boolean, forced?: SeenKind): void {
    const k = key(segments);
    let profile = table.fields.get(k);
    if (!profile) {
      profile = { segments, present: 0, kinds: new Map(), maxLength: 0, maxScale: 0, maxIntegerDigits: 0, subMicrosecond: false };
      table.fields.set(k, profile);
    }
    const kind = forced ?? (value === null ? 'null' : kindOf(value));
    profile.kinds.set(kind, (profile.kinds.get(kind) ?? 0) + 1);
    if (!inList && value !== null) profile.present++;
    if (typeof value === 'string') profile.maxLength = Math.max(profile.maxLength, [...value].length);
    if (value instanceof LedgerTimestamp && /\.\d{6}\d*[1-9]/.test(value.text)) {
      profile.subMicrosecond = true;
    }
    if (value instanceof LedgerDecimal) {
      const [whole, fraction = ''] = value.text.replace('-', '').split('.');
      profile.maxScale = Math.max(profile.maxScale, fraction.length);
      profile.maxIntegerDigits = Math.max(profile.maxIntegerDigits, whole.replace(/^0+/, '').length);
    }
  }
}
