import { isLedgerStruct, LedgerDecimal, LedgerTimestamp, LedgerValue } from '../model/ledger-value';

/*
 * Exact JSON text of a ledger value, for jsonb columns and for the original value of a reject:
 * decimals are JSON numbers with their exact digits, integers beyond 2^53 keep every digit, timestamps are their Ion
 * text, blobs are base64, struct fields keep their order. No whitespace, so the text is canonical (the Glue job
 * writes the same bytes).
 */

function jsonNumberText(decimal: LedgerDecimal): string {
  // A JSON number may not have a leading '+' or a bare trailing '.'; decimalText never produces either.
  return decimal.text;
}

export function ledgerJson(value: LedgerValue): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
    case 'string':
      return JSON.stringify(value);
  }
  if (value instanceof LedgerDecimal) {
    return jsonNumberText(value);
  }
  if (value instanceof LedgerTimestamp) {
    return JSON.stringify(value.text);
  }
  if (value instanceof Uint8Array) {
    return JSON.stringify(Buffer.from(value).toString('base64'));
  }
  if (Array.isArray(value)) {
    return `[${value.map(ledgerJson).join(',')}]`;
  }
  if (isLedgerStruct(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${ledgerJson(v)}`).join(',')}}`;
  }
  throw new Error(`Cannot convert ${String(value)} to JSON`);
}
