/** A statement with its `:name` parameters replaced by `$1, $2, ...` and the names in position order. */
export interface PositionalStatement {
  readonly text: string;
  readonly names: readonly string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * Replaces the `:name` parameters of a statement by positional ones (`$1` ...), the same name always by the same
 * position. Text inside quotes ('...', "...", $tag$...$tag$), comments and `::` casts is left alone.
 * `render` writes a parameter (default `$1`).
 */
export function toPositionalParameters(sql: string, render: (position: number, name: string) => string = (position) => `$${position}`): PositionalStatement {
  const names: string[] = [];
  const positions = new Map<string, number>();
  let out = '';
  let i = 0;
  const copyUntil = (end: number) => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === '\'' || c === '"') {
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) {
            j++;
            continue;
          }
          break;
        }
      }
      copyUntil(Math.min(j + 1, sql.length));
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      copyUntil(end < 0 ? sql.length : end);
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      copyUntil(end < 0 ? sql.length : end + 2);
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      copyUntil(end < 0 ? sql.length : end + tag.length);
    } else if (c === ':' && sql[i + 1] === ':') {
      copyUntil(i + 2);
    } else if (c === ':' && NAME_START.test(sql[i + 1] ?? '')) {
      let j = i + 2;
      while (j < sql.length && NAME_PART.test(sql[j])) j++;
      const name = sql.slice(i + 1, j);
      let position = positions.get(name);
      if (position === undefined) {
        names.push(name);
        position = names.length;
        positions.set(name, position);
      }
      out += render(position, name);
      i = j;
    } else {
      copyUntil(i + 1);
    }
  }
  return { text: out, names };
}
