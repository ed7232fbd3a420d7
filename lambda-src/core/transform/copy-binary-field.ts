import { PhysicalColumn } from '../../../src/generators/table-layout';
import { ColumnKind } from '../../../src/mapping/column-type';

/** How a column's value travels in COPY's binary format (PostgreSQL's send/receive representation of its type). */
export enum CopyBinaryField {
  /** text, varchar(n), char(n): the UTF-8 bytes. */
  TEXT,
  INT2,
  INT4,
  INT8,
  NUMERIC,
  BOOL,
  DATE,
  TIMESTAMPTZ,
  JSONB,
  TEXT_ARRAY,
}

const BY_KIND: Record<ColumnKind, CopyBinaryField> = {
  [ColumnKind.VARCHAR]: CopyBinaryField.TEXT,
  [ColumnKind.TEXT]: CopyBinaryField.TEXT,
  [ColumnKind.SMALLINT]: CopyBinaryField.INT2,
  [ColumnKind.INTEGER]: CopyBinaryField.INT4,
  [ColumnKind.BIGINT]: CopyBinaryField.INT8,
  [ColumnKind.DECIMAL]: CopyBinaryField.NUMERIC,
  [ColumnKind.BOOLEAN]: CopyBinaryField.BOOL,
  [ColumnKind.DATE]: CopyBinaryField.DATE,
  [ColumnKind.TIMESTAMPTZ]: CopyBinaryField.TIMESTAMPTZ,
  [ColumnKind.JSONB]: CopyBinaryField.JSONB,
  [ColumnKind.TEXT_ARRAY]: CopyBinaryField.TEXT_ARRAY,
};

/** The generated columns that have no mapping type (their DDL type is all there is). */
const BY_SQL_TYPE: Record<string, CopyBinaryField> = {
  text: CopyBinaryField.TEXT,
  varchar: CopyBinaryField.TEXT,
  smallint: CopyBinaryField.INT2,
  integer: CopyBinaryField.INT4,
  bigint: CopyBinaryField.INT8,
  boolean: CopyBinaryField.BOOL,
  timestamptz: CopyBinaryField.TIMESTAMPTZ,
  jsonb: CopyBinaryField.JSONB,
};

/** Refuses a value that is not the canonical text (of the column conversion) of its type. */
export function notCanonical(text: string, type: string): never {
  throw new Error(`"${text}" is not the canonical ${type} text the binary COPY encodes`);
}

/** A column of a binary row: its name (for errors) and how its values are encoded. */
export interface CopyBinaryColumn {
  readonly name: string;
  readonly field: CopyBinaryField;
}

/** The columns of a table as a binary COPY encodes them. */
export function copyBinaryColumns(columns: readonly PhysicalColumn[]): CopyBinaryColumn[] {
  return columns.map((column) => ({ name: column.name, field: copyBinaryFieldOf(column) }));
}

/** The binary field of a physical column: by its mapping type, else by its DDL type. */
function copyBinaryFieldOf(column: PhysicalColumn): CopyBinaryField {
  if (column.type !== undefined) {
    return BY_KIND[column.type.kind];
  }
  const sqlType = column.sqlType.toLowerCase();
  const field = BY_SQL_TYPE[sqlType] ?? (/^(varchar|char)\(\d+\)$/.test(sqlType) ? CopyBinaryField.TEXT : undefined);
  if (field === undefined) {
    throw new Error(`column ${column.name} has the type ${column.sqlType}, which the load cannot COPY in binary format`);
  }
  return field;
}
