import { ExportBlock } from './export-block';
import { parseTableStatement, TableStatement } from './table-statements';

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

/**
 * What one block tells about tables, in its order: the tables of the documents it writes (id and name) and its
 * DROP TABLE / UNDROP TABLE statements. Plain data, so that a block read elsewhere (another thread) can be followed.
 */
export interface BlockTableEvents {
  readonly objectKey: string;
  readonly sequenceNo: number;
  readonly documents: ReadonlyArray<{ readonly tableId: string; readonly tableName: string }>;
  readonly statements: ReadonlyArray<{ readonly statement: string; readonly parsed: TableStatement }>;
}

/**
 * The table events of a block, or undefined when it has none. With `seen`, documents of tables already in it are left
 * out and new ones are added: within one run of blocks in journal order, only a table's first document changes what
 * the tracker knows (its name).
 */
export function tableEventsOf(block: ExportBlock, seen?: Set<string>): BlockTableEvents | undefined {
  const documents: Array<{ tableId: string; tableName: string }> = [];
  for (const { tableId, tableName } of block.transactionInfo.documents.values()) {
    if (seen === undefined || !seen.has(tableId)) {
      seen?.add(tableId);
      documents.push({ tableId, tableName });
    }
  }
  const statements: Array<{ statement: string; parsed: TableStatement }> = [];
  for (const { statement } of block.transactionInfo.statements) {
    const parsed = parseTableStatement(statement);
    if (parsed !== undefined) {
      statements.push({ statement, parsed });
    }
  }
  if (documents.length === 0 && statements.length === 0) {
    return undefined;
  }
  return { objectKey: block.objectKey, sequenceNo: block.blockAddress.sequenceNo, documents, statements };
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
    const events = tableEventsOf(block);
    if (events !== undefined) {
      this.follow(events);
    }
  }

  /** Follows the table events of the next block (of blocks read in journal order). */
  public follow(events: BlockTableEvents): void {
    for (const document of events.documents) {
      const state = this.states.get(document.tableId);
      if (state === undefined) {
        this.states.set(document.tableId, { tableId: document.tableId, tableName: document.tableName, dropped: false });
      } else if (state.tableName === undefined) {
        state.tableName = document.tableName;
      }
    }
    const sequenceNo = events.sequenceNo;
    for (const { statement, parsed } of events.statements) {
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
          objectKey: events.objectKey,
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
