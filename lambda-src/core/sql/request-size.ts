import { SqlParameter } from './sql-client';

/** The RDS Data API refuses requests over 4 MiB (headers and JSON notation included). */
export const DATA_API_REQUEST_LIMIT_BYTES = 4 * 1024 * 1024;
/** What statements are planned to stay under: the limit less room for headers, ARNs and the transaction id. */
export const STATEMENT_BUDGET_BYTES = 3 * 1024 * 1024;
/** Parameters per statement: well under PostgreSQL's 65,535 bind parameters. */
export const MAX_STATEMENT_PARAMETERS = 30_000;

/** JSON notation around one parameter (`{"name":"","value":{"stringValue":""},"typeHint":"DECIMAL"},`) */
const PARAMETER_OVERHEAD_BYTES = 64;

/** Upper estimate of the bytes a parameter adds to a Data API request (JSON escaping can double a value's size). */
export function parameterBytes(parameter: SqlParameter): number {
  const value = parameter.value === null ? 0 : Buffer.byteLength(parameter.value, 'utf8');
  return PARAMETER_OVERHEAD_BYTES + Buffer.byteLength(parameter.name, 'utf8') + 2 * value;
}

/** Upper estimate of a statement's request size. */
export function statementBytes(sql: string, parameters: readonly SqlParameter[]): number {
  return 2 * Buffer.byteLength(sql, 'utf8') + parameters.reduce((sum, p) => sum + parameterBytes(p), 0);
}
