/**
 * One CSV line (RFC 4180) of a row: NULL is an empty unquoted field, every other value is quoted (so an empty string
 * stays distinguishable from NULL), quotes are doubled. PostgreSQL's COPY (FORMAT csv) and the DMS S3 source read it;
 * the Glue job writes the same bytes.
 */
export function csvRow(values: ReadonlyArray<string | null>): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    if (v !== null) line += '"' + (v.includes('"') ? v.replace(/"/g, '""') : v) + '"';
  }
  return line + '\n';
}
