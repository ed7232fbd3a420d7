import { createHash } from 'crypto';

const MAX = 63;

/** A deterministic index or constraint name within PostgreSQL's 63-character limit. */
export function indexName(table: string, columns: readonly string[], suffix: 'idx' | 'key' | 'pkey'): string {
  const name = suffix === 'pkey' ? `${table}_pkey` : `${table}_${columns.join('_')}_${suffix}`;
  if (name.length <= MAX) {
    return name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX - hash.length - suffix.length - 2)}_${hash}_${suffix}`;
}
