import { documentTableLayout, mappedTableLayout, TableLayout } from '../../../src/generators/table-layout';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { UnmappedTablePolicy } from '../../../src/mapping/policies';

/** Where the revisions of one ledger table go. */
export type TableRoute =
  | { readonly kind: 'mapped' | 'document'; readonly layout: TableLayout }
  | { readonly kind: 'skipped'; readonly reason: 'skipTables' | 'unmappedTables' };

/**
 * Decides, per ledger table name, whether its revisions land in a mapped table, a JSONB document table, or nowhere
 * (skipped by the mapping). Dropped tables are decided later, when the whole journal has been read.
 */
export class TableRouter {
  private readonly routes = new Map<string, TableRoute>();
  private readonly declared: TableLayout[];

  constructor(private readonly mapping: LedgerMapping) {
    for (const t of mapping.tables) {
      this.routes.set(t.ledgerTable, { kind: 'mapped', layout: mappedTableLayout(mapping, t) });
    }
    for (const d of mapping.documentTables) {
      this.routes.set(d.ledgerTable, { kind: 'document', layout: documentTableLayout(mapping, d.ledgerTable) });
    }
    for (const s of mapping.skipTables) {
      this.routes.set(s, { kind: 'skipped', reason: 'skipTables' });
    }
    this.declared = [...this.routes.values()].flatMap((r) => (r.kind === 'skipped' ? [] : [r.layout]));
  }

  /** The declared layouts (mapped tables, then declared document tables); never the routes found for other tables. */
  declaredLayouts(): TableLayout[] {
    return [...this.declared];
  }

  route(ledgerTable: string): TableRoute {
    let route = this.routes.get(ledgerTable);
    if (!route) {
      route = this.mapping.unmappedTables === UnmappedTablePolicy.SKIP
        ? { kind: 'skipped', reason: 'unmappedTables' }
        : { kind: 'document', layout: documentTableLayout(this.mapping, ledgerTable) };
      if (route.kind === 'document') {
        const name = route.layout.live.name;
        const clash = [...this.routes.values()].find((r) => r.kind !== 'skipped' &&
          [r.layout.live.name, r.layout.audit?.name].includes(name));
        if (clash) {
          throw new Error(`ledger table "${ledgerTable}" is not in the mapping and would be migrated as JSONB documents into ` +
            `"${name}", which another table already uses: map it, declare it in documentTables with another targetTable, or skip it`);
        }
      }
      this.routes.set(ledgerTable, route);
    }
    return route;
  }
}
