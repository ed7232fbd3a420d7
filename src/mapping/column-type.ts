/** The kinds of PostgreSQL column a ledger value can be converted to. */
export enum ColumnKind {
  VARCHAR = 'varchar',
  TEXT = 'text',
  SMALLINT = 'smallint',
  INTEGER = 'integer',
  BIGINT = 'bigint',
  DECIMAL = 'decimal',
  BOOLEAN = 'boolean',
  DATE = 'date',
  TIMESTAMPTZ = 'timestamptz',
  JSONB = 'jsonb',
  TEXT_ARRAY = 'text[]',
}

const MAX_VARCHAR_LENGTH = 10_485_760;
const MAX_NUMERIC_PRECISION = 1000;

/**
 * The PostgreSQL type of a mapped column.
 *
 * @example ColumnType.varchar(25), ColumnType.decimal(8, 2), ColumnType.DATE
 */
export class ColumnType {
  /** `text`. */
  public static readonly TEXT = new ColumnType(ColumnKind.TEXT);
  /** `smallint` (16-bit integer). */
  public static readonly SMALLINT = new ColumnType(ColumnKind.SMALLINT);
  /** `integer` (32-bit integer). */
  public static readonly INTEGER = new ColumnType(ColumnKind.INTEGER);
  /** `bigint` (64-bit integer). */
  public static readonly BIGINT = new ColumnType(ColumnKind.BIGINT);
  /** `decimal` with no precision or scale: any exact number, as the ledger held it. */
  public static readonly DECIMAL = new ColumnType(ColumnKind.DECIMAL);
  /** `boolean`. */
  public static readonly BOOLEAN = new ColumnType(ColumnKind.BOOLEAN);
  /** `date`: the date part of an Ion timestamp (or of an ISO-8601 text). */
  public static readonly DATE = new ColumnType(ColumnKind.DATE);
  /** `timestamptz`: an Ion timestamp with its offset; fractions beyond microseconds are rejected, not rounded. */
  public static readonly TIMESTAMPTZ = new ColumnType(ColumnKind.TIMESTAMPTZ);
  /** `jsonb`: any value, converted exactly (decimals stay numbers with their digits). */
  public static readonly JSONB = new ColumnType(ColumnKind.JSONB);
  /** `text[]`: a PostgreSQL array of the scalars an array path (`[*]`) selects. */
  public static readonly TEXT_ARRAY = new ColumnType(ColumnKind.TEXT_ARRAY);

  /**
   * `varchar(length)`.
   * @param length maximum number of characters, 1 to 10485760
   */
  public static varchar(length: number): ColumnType {
    return new ColumnType(ColumnKind.VARCHAR, length);
  }

  /**
   * `decimal(precision, scale)`.
   * @param precision total number of digits, 1 to 1000
   * @param scale digits after the point, 0 to precision
   */
  public static decimal(precision: number, scale?: number): ColumnType {
    return new ColumnType(ColumnKind.DECIMAL, undefined, precision, scale ?? 0);
  }

  /**
   * Parses the SQL spelling used in mapping files: `varchar(25)`, `text`, `smallint`, `integer`, `bigint`,
   * `decimal`, `decimal(8,2)` (`numeric` is accepted too), `boolean`, `date`, `timestamptz`, `jsonb`, `text[]`.
   */
  public static parse(sql: string): ColumnType {
    const text = sql.trim().toLowerCase().replace(/\s+/g, ' ');
    const simple: Record<string, ColumnType> = {
      'text': ColumnType.TEXT,
      'smallint': ColumnType.SMALLINT,
      'integer': ColumnType.INTEGER,
      'int': ColumnType.INTEGER,
      'bigint': ColumnType.BIGINT,
      'decimal': ColumnType.DECIMAL,
      'numeric': ColumnType.DECIMAL,
      'boolean': ColumnType.BOOLEAN,
      'date': ColumnType.DATE,
      'timestamptz': ColumnType.TIMESTAMPTZ,
      'timestamp with time zone': ColumnType.TIMESTAMPTZ,
      'jsonb': ColumnType.JSONB,
      'text[]': ColumnType.TEXT_ARRAY,
    };
    if (simple[text]) {
      return simple[text];
    }
    if (text === 'varchar' || text === 'character varying') {
      throw new Error(`column type "${sql}" needs a length, for example varchar(25)`);
    }
    const varchar = /^(?:varchar|character varying) ?\( ?(\d+) ?\)$/.exec(text);
    if (varchar) {
      return ColumnType.varchar(Number(varchar[1]));
    }
    const decimal = /^(?:decimal|numeric) ?\( ?(\d+) ?(?:, ?(\d+) ?)?\)$/.exec(text);
    if (decimal) {
      return ColumnType.decimal(Number(decimal[1]), decimal[2] === undefined ? undefined : Number(decimal[2]));
    }
    throw new Error(
      `unknown column type "${sql}"; allowed: varchar(n), text, smallint, integer, bigint, decimal, decimal(p,s), ` +
      'boolean, date, timestamptz, jsonb, text[]',
    );
  }

  private constructor(
    /** The kind of column. */
    public readonly kind: ColumnKind,
    /** Maximum length, for varchar. */
    public readonly length?: number,
    /** Precision, for a constrained decimal. */
    public readonly precision?: number,
    /** Scale, for a constrained decimal. */
    public readonly scale?: number,
  ) {}

  /** Problems with this type's parameters, empty when it is valid. */
  public problems(): string[] {
    const problems: string[] = [];
    if (this.kind === ColumnKind.VARCHAR) {
      const length = this.length;
      if (length === undefined || !Number.isInteger(length) || length < 1 || length > MAX_VARCHAR_LENGTH) {
        problems.push(`varchar length must be a whole number from 1 to ${MAX_VARCHAR_LENGTH}, got ${length}`);
      }
    }
    if (this.kind === ColumnKind.DECIMAL && this.precision !== undefined) {
      const { precision, scale } = this;
      if (!Number.isInteger(precision) || precision < 1 || precision > MAX_NUMERIC_PRECISION) {
        problems.push(`decimal precision must be a whole number from 1 to ${MAX_NUMERIC_PRECISION}, got ${precision}`);
      } else if (scale === undefined || !Number.isInteger(scale) || scale < 0 || scale > precision) {
        problems.push(`decimal scale must be a whole number from 0 to the precision (${precision}), got ${scale}`);
      }
    }
    return problems;
  }

  /** The PostgreSQL type, as written in DDL (`varchar(25)`, `decimal(8,2)`, `text[]`). */
  public toSql(): string {
    switch (this.kind) {
      case ColumnKind.VARCHAR:
        return `varchar(${this.length})`;
      case ColumnKind.DECIMAL:
        return this.precision === undefined ? 'decimal' : `decimal(${this.precision},${this.scale ?? 0})`;
      default:
        return this.kind;
    }
  }

  /** Same as `toSql()`. */
  public toString(): string {
    return this.toSql();
  }
}
