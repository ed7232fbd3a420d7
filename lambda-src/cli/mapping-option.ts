import { readFileSync } from 'fs';
import { LedgerMapping } from '../../src/mapping/ledger-mapping';

/**
 * The mapping a command works with: the `--mapping` file, or none (every ledger table as JSONB documents), with the
 * target schema overridden by `--schema` when given.
 */
export function mappingFromOptions(options: { mapping?: string; schema?: string }): LedgerMapping {
  if (!options.mapping) {
    return new LedgerMapping({ schema: options.schema });
  }
  if (!options.schema) {
    return LedgerMapping.fromFile(options.mapping);
  }
  const json = JSON.parse(readFileSync(options.mapping, 'utf8'));
  json.schema = options.schema;
  try {
    return LedgerMapping.fromJson(JSON.stringify(json));
  } catch (e) {
    throw new Error(`${options.mapping} with --schema ${options.schema}: ${(e as Error).message}`);
  }
}
