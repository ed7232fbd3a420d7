import { SqlParameter as DataApiParameter, TypeHint } from '@aws-sdk/client-rds-data';
import { castType, isIntegerType } from './parameter-types';
import { SqlParameter } from './sql-client';

/*
 * Binding for the RDS Data API. Strings arrive at PostgreSQL as varchar unless a type hint says otherwise, and
 * PostgreSQL has no assignment cast from varchar to jsonb, numeric, date or timestamp: so values for such columns
 * carry the matching hint (JSON, DECIMAL, DATE, TIMESTAMP, TIME, UUID). timestamptz gets no hint, because the
 * TIMESTAMP hint's format (YYYY-MM-DD HH:MM:SS[.FFF]) has no UTC offset: its text is cast explicitly in the
 * statement instead (see parameter-types.ts). Integers that a double holds exactly travel as longValue.
 */

const HINTS: Record<string, TypeHint> = {
  numeric: TypeHint.DECIMAL,
  date: TypeHint.DATE,
  timestamp: TypeHint.TIMESTAMP,
  time: TypeHint.TIME,
  json: TypeHint.JSON,
  jsonb: TypeHint.JSON,
  uuid: TypeHint.UUID,
};

/** The type hint a value for a column of this type needs, if any. */
export function typeHintOf(sqlType: string): TypeHint | undefined {
  return HINTS[castType(sqlType)];
}

export function toDataApiParameter(parameter: SqlParameter): DataApiParameter {
  const { name, value, sqlType } = parameter;
  if (value === null) {
    return { name, value: { isNull: true } };
  }
  if (isIntegerType(sqlType) && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) {
    return { name, value: { longValue: Number(value) } };
  }
  if (castType(sqlType) === 'boolean' && (value === 'true' || value === 'false')) {
    return { name, value: { booleanValue: value === 'true' } };
  }
  const typeHint = typeHintOf(sqlType);
  return { name, value: { stringValue: value }, ...(typeHint === undefined ? {} : { typeHint }) };
}
