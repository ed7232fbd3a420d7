import { createHash } from 'crypto';
import { PhysicalTable, TableLayout } from '../../../src/generators/table-layout';

/**
 * Name of the schema a load stages its tables in before it touches the target schema: derived from the target schema
 * so a failed load's leftovers are found and replaced by the next run.
 */
export function stagingSchemaName(targetSchema: string): string {
  return `qldb_load_${createHash('sha256').update(targetSchema).digest('hex').slice(0, 12)}`;
}

function moved(table: PhysicalTable, schema: string): PhysicalTable {
  return { ...table, schema };
}

/** The same layout, with its tables in another schema. */
export function layoutInSchema(layout: TableLayout, schema: string): TableLayout {
  const revisionTable = moved(layout.revisionTable, schema);
  return {
    ledgerTable: layout.ledgerTable,
    live: moved(layout.live, schema),
    audit: layout.audit ? revisionTable : undefined,
    revisionTable,
  };
}
