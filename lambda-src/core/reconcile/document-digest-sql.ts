import { quoteIdentifier } from '../../../src/mapping/identifier';

/*
 * Per-document digests, computed by PostgreSQL on both sides. The expected rows are loaded into tables with the
 * target's column types, so PostgreSQL parses the canonical texts of the transform into the same values it stored in
 * the target, and one output function renders both: the digest of a row is md5 of the row's text (`row(...)::text`),
 * and the digest of a document's history is md5 of its rows' digests in version order. Comparing digests is a hash
 * join of two doc_id -> md5 relations: it scales with the number of documents and never moves rows to the client.
 */

const DOC_ID = quoteIdentifier('doc_id');
const VERSION = quoteIdentifier('version');

/** md5 of the text of the row made of `columns` of `alias`. */
export function rowDigest(alias: string, columns: readonly string[]): string {
  return `md5(row(${columns.map((c) => `${alias}.${quoteIdentifier(c)}`).join(', ')})::text)`;
}

/** One digest per live row: `(doc_id, h)`. */
export function liveDigestsSql(source: string, columns: readonly string[]): string {
  return `select x.${DOC_ID}, ${rowDigest('x', columns)} as h from (${source}) x`;
}

/** One digest per document over all its revision rows in version order: `(doc_id, h, n)`. */
export function historyDigestsSql(source: string, columns: readonly string[]): string {
  return `select x.${DOC_ID}, md5(string_agg(${rowDigest('x', columns)}, ',' order by x.${VERSION})) as h, count(*) as n ` +
    `from (${source}) x group by x.${DOC_ID}`;
}

/**
 * The documents whose digests differ between `expected` and `target` (each a `(doc_id, h, ...)` query): `kind` is
 * missing (expected only), extra (target only) or different; `total` counts the documents of that kind. Returns at
 * most `$1` documents of each kind, in doc_id order.
 */
export function documentDifferencesSql(expected: string, target: string): string {
  return `with e as (${expected}), t as (${target}),\n` +
    `d as (select coalesce(e.${DOC_ID}, t.${DOC_ID}) as doc_id,\n` +
    `  case when t.${DOC_ID} is null then 'missing' when e.${DOC_ID} is null then 'extra' else 'different' end as kind\n` +
    `  from e full join t on e.${DOC_ID} = t.${DOC_ID} where e.h is distinct from t.h)\n` +
    'select kind, doc_id, total::int from (select kind, doc_id, count(*) over (partition by kind) as total,\n' +
    '  row_number() over (partition by kind order by doc_id) as n from d) z where n <= $1 order by kind, doc_id';
}

/** The rows of `source` for the documents `$1` (a text array), each column as text, ordered by doc_id (and version). */
export function rowTextsSql(source: string, columns: readonly string[], ordered: boolean): string {
  const texts = columns.map((c, i) => `x.${quoteIdentifier(c)}::text as c${i}`).join(', ');
  return `select ${texts} from (${source}) x where x.${DOC_ID} = any($1::text[]) ` +
    `order by x.${DOC_ID}${ordered ? `, x.${VERSION}` : ''}`;
}
