import { dmsExternalTableDefinition, dmsTaskTableMappings } from './dms-definition';
import { postLoadDdl } from './post-load-ddl';
import { targetDdl, TargetDdlOptions } from './target-ddl';
import type { LedgerMapping } from '../mapping/ledger-mapping';

/** SQL generated from a ledger mapping. Statements are returned one per element (the Data API runs one at a time). */
export class MigrationSql {
  /**
   * The DDL that prepares the target before the load: schema, live and audit tables, rejects and replication state
   * tables, and optionally a least-privilege role. Re-runnable.
   */
  public static targetDdl(mapping: LedgerMapping, options?: TargetDdlOptions): string[] {
    return targetDdl(mapping, options);
  }

  /** Keys and indexes created after the bulk load. Re-runnable. */
  public static postLoadDdl(mapping: LedgerMapping): string[] {
    return postLoadDdl(mapping);
  }

  /** Statements joined into one script (each ends with `;`). */
  public static script(statements: string[]): string {
    return statements.map((s) => `${s};\n`).join('\n');
  }

  private constructor() {}
}

/** AWS DMS documents generated from a ledger mapping. */
export class DmsDefinitions {
  /** The S3 source endpoint's ExternalTableDefinition, as JSON text. */
  public static externalTableDefinition(mapping: LedgerMapping): string {
    return JSON.stringify(dmsExternalTableDefinition(mapping));
  }

  /** The replication task's table mappings, as JSON text. */
  public static taskTableMappings(mapping: LedgerMapping): string {
    return JSON.stringify(dmsTaskTableMappings(mapping));
  }

  private constructor() {}
}
