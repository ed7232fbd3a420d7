import { Client } from 'pg';
import { documentDifferencesSql, historyDigestsSql, liveDigestsSql, rowTextsSql } from './document-digest-sql';
import { DocumentDifference, TableComparison } from './reconcile-summary';
import { qualifiedName } from '../../../src/mapping/identifier';

export interface TableComparisonSpec {
  /** live: one row per document; audit: every version of every document. */
  readonly role: 'live' | 'audit';
  readonly schema: string;
  readonly table: string;
  /** The columns to compare, doc_id first (and version second for audit tables). */
  readonly columns: readonly string[];
  /** A query yielding the expected rows with the target's column types. */
  readonly expected: string;
  /** Documents of each kind to name, and to describe when they differ. */
  readonly sampleSize: number;
}

const MAX_VALUE_TEXT = 80;

/**
 * Compares a target table with its expected rows: row counts, then per-document digests computed by PostgreSQL on
 * both sides (see document-digest-sql.ts); the first differing documents are described column by column.
 */
export async function compareTable(client: Client, spec: TableComparisonSpec): Promise<TableComparison> {
  const name = qualifiedName(spec.schema, spec.table);
  const display = `${spec.schema}.${spec.table}`;
  const exists = (await client.query('select to_regclass($1) is not null as e', [name])).rows[0].e as boolean;
  const counts = (await client.query(`select count(*)::int as rows, count(distinct doc_id)::int as docs from (${spec.expected}) z`)).rows[0];
  let missingColumns: string[] = [];
  let targetRows: number | undefined;
  if (exists) {
    const present = new Set((await client.query(
      'select column_name from information_schema.columns where table_schema = $1 and table_name = $2', [spec.schema, spec.table],
    )).rows.map((r) => r.column_name as string));
    missingColumns = spec.columns.filter((c) => !present.has(c));
    targetRows = (await client.query(`select count(*)::int as n from ${name}`)).rows[0].n as number;
  }
  const base = { role: spec.role, table: display, expectedRows: counts.rows as number, expectedDocuments: counts.docs as number };
  if (missingColumns.length > 0) {
    return {
      ...base, targetRows, missingColumns, missingDocuments: 0, extraDocuments: 0, differentDocuments: 0, samples: [], agrees: false,
    };
  }
  const target = exists ? `select * from ${name}` : `select * from (${spec.expected}) z where false`;
  const digests = spec.role === 'live' ? liveDigestsSql : historyDigestsSql;
  const rows = (await client.query(
    documentDifferencesSql(digests(spec.expected, spec.columns), digests(target, spec.columns)), [spec.sampleSize],
  )).rows as Array<{ kind: DocumentDifference['kind']; doc_id: string; total: number }>;
  const totals = { missing: 0, extra: 0, different: 0 };
  for (const row of rows) {
    totals[row.kind] = row.total;
  }
  const different = rows.filter((r) => r.kind === 'different').map((r) => r.doc_id);
  const details = different.length === 0 ? new Map<string, string[]>() : await describeDifferences(client, spec, target, different);
  const samples: DocumentDifference[] = rows.map((r) => ({
    kind: r.kind,
    documentId: r.doc_id,
    ...(r.kind === 'different' ? { details: details.get(r.doc_id) ?? [] } : {}),
  }));
  return {
    ...base,
    ...(targetRows === undefined ? {} : { targetRows }),
    missingColumns,
    missingDocuments: totals.missing,
    extraDocuments: totals.extra,
    differentDocuments: totals.different,
    samples,
    agrees: exists && totals.missing + totals.extra + totals.different === 0 && targetRows === counts.rows,
  };
}

/** `column: expected X, actual Y` for each differing column (per version for audit tables). */
async function describeDifferences(client: Client, spec: TableComparisonSpec, target: string, documentIds: string[]): Promise<Map<string, string[]>> {
  const history = spec.role === 'audit';
  const read = async (source: string) => {
    const byDocument = new Map<string, Map<string, Array<string | null>>>();
    for (const row of (await client.query({ text: rowTextsSql(source, spec.columns, history), values: [documentIds], rowMode: 'array' })).rows) {
      const values = row as Array<string | null>;
      const versions = byDocument.get(values[0]!) ?? new Map<string, Array<string | null>>();
      versions.set(history ? String(values[1]) : '', values);
      byDocument.set(values[0]!, versions);
    }
    return byDocument;
  };
  const expected = await read(spec.expected);
  const actual = await read(target);
  const result = new Map<string, string[]>();
  for (const documentId of documentIds) {
    const e = expected.get(documentId) ?? new Map();
    const a = actual.get(documentId) ?? new Map();
    const lines: string[] = [];
    for (const [version, values] of e) {
      const prefix = history ? `version ${version} ` : '';
      const other = a.get(version);
      if (other === undefined) {
        lines.push(`${prefix}missing`);
        continue;
      }
      spec.columns.forEach((column, i) => {
        if (values[i] !== other[i]) {
          lines.push(`${prefix}${column}: expected ${show(values[i])}, actual ${show(other[i])}`);
        }
      });
    }
    for (const version of a.keys()) {
      if (!e.has(version)) {
        lines.push(history ? `version ${version} extra` : 'extra row');
      }
    }
    result.set(documentId, lines);
  }
  return result;
}

function show(text: string | null | undefined): string {
  if (text === null || text === undefined) {
    return 'NULL';
  }
  return JSON.stringify(text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}...` : text);
}
