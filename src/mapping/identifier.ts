/**
 * PostgreSQL reserved key words (SQL Key Words appendix, "reserved" in the PostgreSQL column): they cannot be
 * used as table or column names without quoting, so a mapping may not use them at all.
 */
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization', 'binary', 'both',
  'case', 'cast', 'check', 'collate', 'collation', 'column', 'concurrently', 'constraint', 'create', 'cross',
  'current_catalog', 'current_date', 'current_role', 'current_schema', 'current_time', 'current_timestamp',
  'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for',
  'foreign', 'freeze', 'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner', 'intersect',
  'into', 'is', 'isnull', 'join', 'lateral', 'leading', 'left', 'like', 'limit', 'localtime', 'localtimestamp',
  'natural', 'not', 'notnull', 'null', 'offset', 'on', 'only', 'or', 'order', 'outer', 'overlaps', 'placing',
  'primary', 'references', 'returning', 'right', 'select', 'session_user', 'similar', 'some', 'symmetric',
  'system_user', 'table', 'tablesample', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using',
  'variadic', 'verbose', 'when', 'where', 'window', 'with',
]);

const MAX_IDENTIFIER_LENGTH = 63;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Why `name` cannot be a schema, table or column name, or undefined when it can. */
export function identifierProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) {
    return 'the name is empty';
  }
  if (name.length > MAX_IDENTIFIER_LENGTH) {
    return `"${name}" is longer than ${MAX_IDENTIFIER_LENGTH} characters (PostgreSQL would truncate it)`;
  }
  if (!IDENTIFIER.test(name)) {
    return `"${name}" is not a valid identifier: use lowercase letters, digits and '_', starting with a letter or '_'`;
  }
  if (RESERVED.has(name)) {
    return `"${name}" is a PostgreSQL reserved word`;
  }
  return undefined;
}

/** Quotes an identifier for SQL after checking it; throws on a name that is not valid. */
export function quoteIdentifier(name: string): string {
  const problem = identifierProblem(name);
  if (problem) {
    throw new Error(`Refusing to use an invalid SQL identifier: ${problem}`);
  }
  return `"${name}"`;
}

/** `"schema"."table"`. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/** A ledger table name turned into a target table name: `VehicleRegistration` -> `vehicle_registration`. */
export function snakeCaseName(ledgerName: string): string {
  const snake = ledgerName
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase()
    .replace(/^_+|_+$/g, '');
  const name = /^[a-z_]/.test(snake) ? snake : `t_${snake}`;
  return RESERVED.has(name) ? `${name}_` : name.slice(0, MAX_IDENTIFIER_LENGTH);
}
