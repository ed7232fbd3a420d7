/**
 * The in-memory form of a ledger document value, kept exact.
 *
 * Ion types map as follows: null (any typed null) -> null; bool -> boolean; int -> number when it is a
 * safe integer, otherwise bigint; float -> number; decimal -> LedgerDecimal (exact text);
 * timestamp -> LedgerTimestamp (Ion text, precision and offset kept); string and symbol -> string;
 * blob and clob -> Uint8Array; list and sexp -> array; struct -> LedgerStruct.
 */
export type LedgerValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | LedgerDecimal
  | LedgerTimestamp
  | Uint8Array
  | LedgerValue[]
  | LedgerStruct;

/** A struct; field order is the order in the source. */
export interface LedgerStruct {
  [field: string]: LedgerValue;
}

/** An exact decimal number, as plain decimal text (`-0.00`, `90.25`, `1500`): never a binary float. */
export class LedgerDecimal {
  constructor(public readonly text: string) {}
  public toString(): string {
    return this.text;
  }
}

/** An Ion timestamp in its Ion text form (`1963-08-19T`, `2020-07-03T20:36:43.123456+01:00`). */
export class LedgerTimestamp {
  constructor(public readonly text: string) {}
  public toString(): string {
    return this.text;
  }
}

export function isLedgerStruct(value: LedgerValue | undefined): value is LedgerStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof LedgerDecimal) &&
    !(value instanceof LedgerTimestamp)
  );
}

/**
 * An empty struct to be filled with fields named by data (ids) rather than by a schema: an object without a prototype,
 * which V8 keeps as a hash table. A plain object gets a hidden class for every new field name, and a few hundred
 * thousand document ids as field names make every struct slower to build (each new name is one more transition from
 * the empty object's hidden class). It is a LedgerStruct like any other (own enumerable fields in insertion order).
 */
export function dictionaryStruct(): LedgerStruct {
  return Object.create(null) as LedgerStruct;
}

/**
 * Sets a struct field. A field named `__proto__` is defined as an own property: plain assignment would change the
 * object's prototype and lose the field.
 */
export function setStructField(struct: LedgerStruct, name: string, value: LedgerValue): void {
  if (name === '__proto__') {
    Object.defineProperty(struct, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    struct[name] = value;
  }
}
