import { ExportBlock } from './export-block';
import { parseTableStatement } from './table-statements';

/** What the journal says about one table, keyed by tableId. */
export interface TableState {
  readonly tableId: string;
  /** Known once a document of the table was seen (an undropped table may not have shown one yet). */
  readonly tableName?: string;
  /** Whether the last DROP TABLE / UNDROP TABLE seen left it dropped. */
  readonly dropped: boolean;
  /** Sequence number of the block of the last DROP TABLE seen, when the table is dropped. */
  readonly droppedAtBlock?: number;
  /** Sequence number of the block of the last UNDROP TABLE seen. */
  readonly undroppedAtBlock?: number;
}

/** A DROP TABLE naming a table the export never showed a document of: its tableId is unknown. */
export interface UnresolvedTableStatement {
  readonly statement: string;
  readonly objectKey: string;
  readonly blockSequenceNo: number;
  readonly reason: string;
}

interface MutableTableState {
  tableId: string;
  tableName?: string;
  dropped: boolean;
  droppedAtBlock?: number;
  undroppedAtBlock?: number;
}

/**
 * Follows tables through an export's blocks, in journal order: names and ids come from
 * `transactionInfo.documents`, drops and undrops from `transactionInfo.statements` (DROP TABLE
 * name, UNDROP TABLE "tableId"). A DROP TABLE applies to the active table of that name (a name can
 * be reused after a drop, so tables are keyed by id).
 */
export class TableStateTracker {
  private readonly states = new Map<string, MutableTableState>();
  private readonly unresolvedStatements: UnresolvedTableStatement[] = [];

  public observe(block: ExportBlock): void {
    for (const document of block.transactionInfo.documents.values()) {
      const state = this.states.get(document.tableId);
      if (state === undefined) {
        this.states.set(document.tableId, { tableId: document.tableId, tableName: document.tableName, dropped: false });
      } else if (state.tableName === undefined) {
        state.tableName = document.tableName;
      }
    }
    const sequenceNo = block.blockAddress.sequenceNo;
    for (const { statement } of block.transactionInfo.statements) {
      const parsed = parseTableStatement(statement);
      if (parsed === undefined) {
        continue;
      }
      if (parsed.kind === 'undrop') {
        const state = this.states.get(parsed.tableId) ?? { tableId: parsed.tableId, dropped: false };
        state.dropped = false;
        state.droppedAtBlock = undefined;
        state.undroppedAtBlock = sequenceNo;
        this.states.set(parsed.tableId, state);
        continue;
      }
      const candidates = this.activeTablesNamed(parsed.tableName, parsed.quoted);
      if (candidates.length === 1) {
        candidates[0].dropped = true;
        candidates[0].droppedAtBlock = sequenceNo;
      } else {
        this.unresolvedStatements.push({
          statement,
          objectKey: block.objectKey,
          blockSequenceNo: sequenceNo,
          reason:
            candidates.length === 0
              ? `no active table named ${parsed.tableName} was seen before this block`
              : `several active tables are named ${parsed.tableName}: ${candidates.map((c) => c.tableId).join(', ')}`,
        });
      }
    }
  }

  /** The tables seen so far, by tableId. */
  public tables(): ReadonlyMap<string, TableState> {
    return new Map([...this.states].map(([id, state]) => [id, { ...state }]));
  }

  public unresolved(): readonly UnresolvedTableStatement[] {
    return [...this.unresolvedStatements];
  }

  private activeTablesNamed(name: string, exact: boolean): MutableTableState[] {
    const active = [...this.states.values()].filter((state) => !state.dropped && state.tableName !== undefined);
    const exactMatches = active.filter((state) => state.tableName === name);
    if (exactMatches.length > 0 || exact) {
      return exactMatches;
    }
    const lower = name.toLowerCase();
    return active.filter((state) => state.tableName!.toLowerCase() === lower);
  }
}
