import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

/**
 * Compact Ion text for a LedgerValue, exact for every type the model holds: safe integers and bigints
 * as Ion ints, other numbers as Ion floats, LedgerDecimal as an Ion decimal with its scale
 * (`1500` becomes `1500d0`, `-0.00` stays `-0.00`), LedgerTimestamp as its Ion text, strings as Ion
 * strings, Uint8Array as a blob, arrays as lists and structs with their field order.
 */
export function ionTextOf(value: LedgerValue): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return ionNumberText(value);
    case 'string':
      return JSON.stringify(value);
    default:
      break;
  }
  if (value instanceof LedgerDecimal) {
    return /[.dD]/.test(value.text) ? value.text : `${value.text}d0`;
  }
  if (value instanceof LedgerTimestamp) {
    return value.text;
  }
  if (value instanceof Uint8Array) {
    return `{{${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}}}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(ionTextOf).join(',')}]`;
  }
  const fields: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    fields.push(`${JSON.stringify(name)}:${ionTextOf(field)}`);
  }
  return `{${fields.join(',')}}`;
}

function ionNumberText(value: number): string {
  if (Number.isSafeInteger(value)) {
    return String(value);
  }
  if (Number.isNaN(value)) {
    return 'nan';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+inf' : '-inf';
  }
  const text = String(value);
  return /e/.test(text) ? text : `${text}e0`;
}
