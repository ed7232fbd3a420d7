import { ColumnKind } from './column-type';
import { identifierProblem } from './identifier';
import type { LedgerMapping } from './ledger-mapping';
import { SourceKind } from './source';
import {
  DOC_ID_COLUMN, GENERATED_TABLES, OPERATION_COLUMN, SYSTEM_COLUMNS, TRANSACTION_ID_COLUMN, VERSION_COLUMN,
} from './system-columns';
import { IndexMapping, TableMapping } from './table-mapping';

const ARRAY_TARGET_KINDS = [ColumnKind.TEXT, ColumnKind.VARCHAR, ColumnKind.TEXT_ARRAY, ColumnKind.JSONB];
const JOINED_KINDS = [ColumnKind.TEXT, ColumnKind.VARCHAR];

function tableLabel(t: TableMapping): string {
  return `table "${t.ledgerTable}" (target "${t.targetTable}")`;
}

function checkIndexes(
  problems: string[], where: string, indexes: IndexMapping[] | undefined, known: Set<string>, kind: string,
): void {
  (indexes ?? []).forEach((index, i) => {
    if (!index.columns || index.columns.length === 0) {
      problems.push(`${where}: ${kind} ${i + 1} has no columns`);
    }
    for (const column of index.columns ?? []) {
      if (!known.has(column)) {
        problems.push(`${where}: ${kind} ${i + 1} names unknown column "${column}" (known: ${[...known].join(', ')})`);
      }
    }
    if (index.name !== undefined) {
      const problem = identifierProblem(index.name);
      if (problem) {
        problems.push(`${where}: ${kind} ${i + 1} name: ${problem}`);
      }
    }
  });
}

function checkTable(problems: string[], mapping: LedgerMapping, t: TableMapping): void {
  const where = tableLabel(t);
  if (!t.ledgerTable) {
    problems.push(`${where}: ledgerTable is empty`);
  }
  for (const [what, name] of [['targetTable', t.targetTable], ['auditTable', mapping.auditTableOf(t)]] as const) {
    const problem = identifierProblem(name);
    if (problem) {
      problems.push(`${where}: ${what}: ${problem}`);
    }
  }
  if (t.columns.length === 0) {
    problems.push(`${where}: has no columns (use documentTables to migrate a table as JSONB documents)`);
  }
  const seen = new Set<string>();
  for (const column of t.columns) {
    const at = `${where}, column "${column.name}"`;
    const nameProblem = identifierProblem(column.name);
    if (nameProblem) {
      problems.push(`${at}: ${nameProblem}`);
    } else if (SYSTEM_COLUMNS.includes(column.name)) {
      problems.push(`${at}: the name is reserved for a generated column (${SYSTEM_COLUMNS.join(', ')})`);
    }
    if (seen.has(column.name)) {
      problems.push(`${at}: duplicate column name`);
    }
    seen.add(column.name);
    for (const problem of column.type.problems()) {
      problems.push(`${at}: ${problem}`);
    }
    const kind = column.type.kind;
    if (column.source.selectsArray && !ARRAY_TARGET_KINDS.includes(kind)) {
      problems.push(`${at}: source "${column.source}" selects an array ([*]); its type must be text, varchar(n), text[] or jsonb, not ${column.type}`);
    }
    if (column.separator !== undefined && !(column.source.selectsArray && JOINED_KINDS.includes(kind))) {
      problems.push(`${at}: separator applies only to an array source ([*]) stored in a text or varchar column`);
    }
    if (column.source.kind !== SourceKind.DOCUMENT_PATH && kind === ColumnKind.TEXT_ARRAY) {
      problems.push(`${at}: source "${column.source}" is a single value; it cannot fill a text[] column`);
    }
  }
  const liveColumns = new Set([DOC_ID_COLUMN, VERSION_COLUMN, ...t.columns.map((c) => c.name)]);
  const auditColumns = new Set([...liveColumns, OPERATION_COLUMN, TRANSACTION_ID_COLUMN]);
  if (t.primaryKey !== undefined) {
    checkIndexes(problems, where, [{ columns: t.primaryKey }], liveColumns, 'primary key');
  }
  checkIndexes(problems, where, t.indexes, liveColumns, 'index');
  checkIndexes(problems, where, t.auditIndexes, auditColumns, 'audit index');
}

/** Throws one Error listing every problem of the mapping, each naming its table and column. */
export function validateMapping(mapping: LedgerMapping): void {
  const problems: string[] = [];
  const schemaProblem = identifierProblem(mapping.schema);
  if (schemaProblem) {
    problems.push(`schema: ${schemaProblem}`);
  }
  const ledgerTables = new Map<string, string>();
  const claimLedgerTable = (name: string, role: string) => {
    const previous = ledgerTables.get(name);
    if (previous) {
      problems.push(`ledger table "${name}" appears twice: as ${previous} and as ${role}`);
    }
    ledgerTables.set(name, role);
  };
  const targetTables = new Map<string, string>();
  const claimTargetTable = (name: string, role: string) => {
    if (GENERATED_TABLES.includes(name)) {
      problems.push(`${role}: "${name}" is reserved for a generated table`);
    }
    const previous = targetTables.get(name);
    if (previous) {
      problems.push(`target table name "${name}" is used twice: by ${previous} and by ${role}`);
    }
    targetTables.set(name, role);
  };
  for (const t of mapping.tables) {
    claimLedgerTable(t.ledgerTable, 'a mapped table');
    claimTargetTable(t.targetTable, `the live table of ${tableLabel(t)}`);
    if (mapping.auditTables) {
      claimTargetTable(mapping.auditTableOf(t), `the audit table of ${tableLabel(t)}`);
    }
    checkTable(problems, mapping, t);
  }
  for (const d of mapping.documentTables) {
    claimLedgerTable(d.ledgerTable, 'a document table');
    const name = mapping.documentTableName(d.ledgerTable);
    const problem = identifierProblem(name);
    if (problem) {
      problems.push(`document table "${d.ledgerTable}": targetTable: ${problem}`);
    }
    claimTargetTable(name, `the document table of "${d.ledgerTable}"`);
  }
  for (const s of mapping.skipTables) {
    claimLedgerTable(s, 'a skipped table');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid ledger mapping:\n  - ${problems.join('\n  - ')}`);
  }
}
