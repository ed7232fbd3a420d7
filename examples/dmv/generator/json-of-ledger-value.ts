import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

/**
 * JSON text for a LedgerValue, following QLDB's Ion-to-JSON down-conversion of JSON exports: blobs become
 * base64 strings, timestamps strings of their Ion text, decimals JSON numbers written with their exact
 * text (`90.25`, `-0.00`, `1234567.890100`), big integers their exact digits, null stays null.
 */
export function jsonTextOf(value: LedgerValue): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
      return JSON.stringify(value);
    default:
      break;
  }
  if (value instanceof LedgerDecimal) {
    return value.text;
  }
  if (value instanceof LedgerTimestamp) {
    return JSON.stringify(value.text);
  }
  if (value instanceof Uint8Array) {
    return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  }
  if (Array.isArray(value)) {
    return `[${value.map(jsonTextOf).join(',')}]`;
  }
  const fields: string[] = [];
  for (const [name, field] of Object.entries(value)) {
    fields.push(`${JSON.stringify(name)}:${jsonTextOf(field)}`);
  }
  return `{${fields.join(',')}}`;
}
