import { readFileSync } from 'fs';
import { makeReader } from 'ion-js';
import { TableRouter } from '../../lambda-src/core/load/table-router';
import { readLedgerValue } from '../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerTimestamp } from '../../lambda-src/core/model/ledger-value';
import { LedgerRevision } from '../../lambda-src/core/model/revision';
import { RevisionRowBuilder } from '../../lambda-src/core/transform/revision-row';
import { TableLayout } from '../../src/generators/table-layout';
import { LedgerMapping } from '../../src/mapping/ledger-mapping';
import { DroppedTablePolicy } from '../../src/mapping/policies';

/*
 * Expected target rows computed from the generator's ground truth (the simulator's own state, not the written
 * files): each ground-truth revision goes through the row transform, and the live rows are the latest non-deleted
 * version of each document.
 */

interface GroundTruthRevision {
  documentId: string;
  version: number;
  operation: string;
  redacted: boolean;
  blockSeq: number;
  strandId: string;
  txId: string;
  txTime: string;
  hash: string;
  data: string | null;
  dataHash: string | null;
}
interface GroundTruthTable {
  tableId: string;
  tableName: string;
  dropped: boolean;
  exportRevisions: GroundTruthRevision[];
  streamRevisions: GroundTruthRevision[];
}
export interface GroundTruth { strandId: string; tables: GroundTruthTable[] }

export function readGroundTruth(path: string): GroundTruth {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function toRevision(table: GroundTruthTable, r: GroundTruthRevision): LedgerRevision {
  let data;
  if (r.data !== null) {
    const reader = makeReader(r.data);
    reader.next();
    data = readLedgerValue(reader);
  }
  return {
    tableId: table.tableId,
    tableName: table.tableName,
    blockAddress: { strandId: r.strandId, sequenceNo: r.blockSeq },
    hash: Buffer.from(r.hash, 'base64'),
    documentId: r.documentId,
    version: r.version,
    txId: r.txId,
    txTime: new LedgerTimestamp(r.txTime),
    data,
    dataHash: r.dataHash === null ? undefined : Buffer.from(r.dataHash, 'base64'),
  };
}

export interface ExpectedTable {
  readonly layout: TableLayout;
  readonly auditRows: Array<Array<string | null>>;
  readonly liveRows: Array<Array<string | null>>;
}

/** Expected rows per target table name, for the revisions of `part` ('export', 'stream' or both in order). */
export function expectedRows(truth: GroundTruth, mapping: LedgerMapping, parts: Array<'export' | 'stream'>): Map<string, ExpectedTable> {
  const router = new TableRouter(mapping);
  const byTarget = new Map<string, { layout: TableLayout; revisions: LedgerRevision[] }>();
  for (const layout of router.declaredLayouts()) {
    byTarget.set(layout.live.name, { layout, revisions: [] });
  }
  for (const table of truth.tables) {
    const route = router.route(table.tableName);
    if (route.kind === 'skipped' || (table.dropped && mapping.droppedTables === DroppedTablePolicy.SKIP)) {
      continue;
    }
    const entry = byTarget.get(route.layout.live.name) ?? { layout: route.layout, revisions: [] };
    byTarget.set(route.layout.live.name, entry);
    for (const part of parts) {
      entry.revisions.push(...(part === 'export' ? table.exportRevisions : table.streamRevisions).map((r) => toRevision(table, r)));
    }
  }
  const result = new Map<string, ExpectedTable>();
  for (const [name, { layout, revisions }] of byTarget) {
    const builder = new RevisionRowBuilder(layout, { source: 'export' });
    const latest = new Map<string, LedgerRevision>();
    const seen = new Set<string>();
    const auditRows: Array<Array<string | null>> = [];
    for (const r of revisions) {
      const key = `${r.documentId}/${r.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      auditRows.push(builder.build(r).values);
      const current = latest.get(r.documentId);
      if (!current || current.version < r.version) latest.set(r.documentId, r);
    }
    const liveRows = [...latest.values()]
      .filter((r) => r.data !== undefined || r.dataHash !== undefined)
      .map((r) => builder.build(r).values.slice(0, builder.liveColumnCount));
    result.set(name, { layout, auditRows, liveRows });
  }
  return result;
}
