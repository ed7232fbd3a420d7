import { postLoadDdl, documentTablePostLoadDdl } from '../../../src/generators/post-load-ddl';
import { declaredTableLayouts, TableLayout } from '../../../src/generators/table-layout';
import { documentTableDdl, targetDdl } from '../../../src/generators/target-ddl';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { SqlClient } from '../sql/sql-client';

/**
 * Creates what is missing in the target before changes are applied: on first use the mapping's whole target DDL
 * (schema, declared live and audit tables, rejects and replication state tables) with its keys, later the JSONB
 * document tables of ledger tables the mapping does not name, the first time the stream shows them. Every
 * statement is re-runnable (`if not exists`), so a target prepared elsewhere is left as it is.
 */
export class TargetPreparer {
  private declaredReady = false;
  private readonly ready = new Set<string>();

  constructor(private readonly mapping: LedgerMapping) {}

  /** The statements still needed before rows of these layouts can be applied. */
  statementsFor(layouts: readonly TableLayout[]): string[] {
    const statements: string[] = [];
    if (!this.declaredReady) {
      statements.push(...targetDdl(this.mapping), ...postLoadDdl(this.mapping));
    }
    const declared = new Set(declaredTableLayouts(this.mapping).map((l) => l.live.name));
    for (const layout of layouts) {
      if (!declared.has(layout.live.name) && !this.ready.has(layout.live.name)) {
        statements.push(...documentTableDdl(this.mapping, layout.ledgerTable), ...documentTablePostLoadDdl(this.mapping, layout.ledgerTable));
      }
    }
    return statements;
  }

  /** Runs the statements still needed, each on its own (DDL is not batched), and remembers what is ready. */
  async prepare(client: SqlClient, layouts: readonly TableLayout[]): Promise<number> {
    const statements = this.statementsFor(layouts);
    for (const statement of statements) {
      try {
        await client.execute(statement);
      } catch (error) {
        const first = statement.split('\n')[0];
        throw new Error(`preparing the target schema ${this.mapping.schema} failed: ${(error as Error).message} in: ${first}`, { cause: error });
      }
    }
    this.declaredReady = true;
    layouts.forEach((l) => this.ready.add(l.live.name));
    return statements.length;
  }
}
