/*
 * How a parameter's PostgreSQL type is bound. Statements cast every parameter to the base type of its column
 * (`:p::jsonb`, `:p::numeric`), so the same text works over `pg` (untyped text parameters) and the RDS Data API
 * (strings arrive as varchar). The cast drops length and precision modifiers: an explicit cast to varchar(n) would
 * silently truncate, whereas the assignment to the column checks them.
 */

/** The base type of a column type, for an explicit cast: `varchar(25)` -> `varchar`, `decimal(8,2)` -> `numeric`. */
export function castType(sqlType: string): string {
  const type = sqlType.trim().toLowerCase();
  const array = type.endsWith('[]') ? '[]' : '';
  const base = type.slice(0, type.length - array.length).replace(/\s*\(.*\)\s*$/, '').trim();
  const aliases: Record<string, string> = {
    'char': 'bpchar',
    'character': 'bpchar',
    'character varying': 'varchar',
    'decimal': 'numeric',
    'int': 'integer',
    'int4': 'integer',
    'int8': 'bigint',
    'int2': 'smallint',
    'bool': 'boolean',
    'timestamp with time zone': 'timestamptz',
    'timestamp without time zone': 'timestamp',
  };
  return (aliases[base] ?? base) + array;
}

/** `:name::type`, the placeholder of a parameter in a statement. */
export function placeholder(name: string, sqlType: string): string {
  return `:${name}::${castType(sqlType)}`;
}

/** True for the integer types (bound as numbers where the protocol has them). */
export function isIntegerType(sqlType: string): boolean {
  return ['smallint', 'integer', 'bigint'].includes(castType(sqlType));
}
