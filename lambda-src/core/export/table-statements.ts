/** A statement that changes whether a table is active. */
export type TableStatement =
  | { readonly kind: 'drop'; readonly tableName: string; readonly quoted: boolean }
  | { readonly kind: 'undrop'; readonly tableId: string };

const IDENTIFIER = String.raw`(?:"((?:[^"]|"")+)"|\x60((?:[^\x60]|\x60\x60)+)\x60|([A-Za-z_][A-Za-z0-9_]*))`;
const DROP = new RegExp(String.raw`^\s*DROP\s+TABLE\s+${IDENTIFIER}\s*;?\s*$`, 'i');
const UNDROP = new RegExp(String.raw`^\s*UNDROP\s+TABLE\s+${IDENTIFIER}\s*;?\s*$`, 'i');

/**
 * Recognises `DROP TABLE name` and `UNDROP TABLE "tableId"` in a transaction's statement text
 * (PartiQL; keywords in any case; the name plain, "double-quoted" or `backquoted`). Returns
 * undefined for any other statement.
 */
export function parseTableStatement(statement: string): TableStatement | undefined {
  const drop = DROP.exec(statement);
  if (drop) {
    const quotedName = drop[1] ?? drop[2];
    return quotedName !== undefined
      ? { kind: 'drop', tableName: unescapeQuoted(quotedName, drop[1] !== undefined ? '"' : '`'), quoted: true }
      : { kind: 'drop', tableName: drop[3], quoted: false };
  }
  const undrop = UNDROP.exec(statement);
  if (undrop) {
    const id = undrop[1] ?? undrop[2];
    return { kind: 'undrop', tableId: id !== undefined ? unescapeQuoted(id, undrop[1] !== undefined ? '"' : '`') : undrop[3] };
  }
  return undefined;
}

function unescapeQuoted(text: string, quote: string): string {
  return text.split(quote + quote).join(quote);
}
