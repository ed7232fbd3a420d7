import { blockAddressValue, blockHeaderValue, documentRevisions, metadataValue, SimulatedBlock } from './ledger-block';
import { LedgerStruct, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

/** A QLDB stream record (`{qldbStreamArn, recordType, payload}`) and the partition key QLDB gives it. */
export interface StreamRecord {
  readonly value: LedgerStruct;
  /** Hex of the block hash (BLOCK_SUMMARY) or revision hash (REVISION_DETAILS), as in real samples. */
  readonly partitionKey: string;
}

export function controlRecord(streamArn: string, controlRecordType: 'CREATED' | 'COMPLETED', partitionKey: string): StreamRecord {
  return { value: { qldbStreamArn: streamArn, recordType: 'CONTROL', payload: { controlRecordType } }, partitionKey };
}

/**
 * The records QLDB streams for one block: a BLOCK_SUMMARY (block fields, `revisionSummaries` with a
 * documentId for document revisions and none for system entries), then one REVISION_DETAILS per
 * document revision. A read-only block has no revisionSummaries.
 */
export function blockStreamRecords(streamArn: string, block: SimulatedBlock): StreamRecord[] {
  const payload = blockHeaderValue(block);
  if (block.revisions !== undefined) {
    payload.revisionSummaries = block.revisions.map((entry): LedgerValue =>
      entry.kind === 'system' ? { hash: entry.hash } : { hash: entry.hash, documentId: entry.metadata.id },
    );
  }
  const records: StreamRecord[] = [
    { value: { qldbStreamArn: streamArn, recordType: 'BLOCK_SUMMARY', payload }, partitionKey: hex(block.blockHash) },
  ];
  for (const revision of documentRevisions(block)) {
    const revisionValue: LedgerStruct = { blockAddress: blockAddressValue(revision.blockAddress), hash: revision.hash };
    if (revision.data !== undefined) {
      revisionValue.data = revision.data;
    } else if (revision.dataHash !== undefined) {
      revisionValue.dataHash = revision.dataHash;
    }
    revisionValue.metadata = metadataValue(revision.metadata);
    records.push({
      value: {
        qldbStreamArn: streamArn,
        recordType: 'REVISION_DETAILS',
        payload: { tableInfo: { tableName: revision.tableName, tableId: revision.tableId }, revision: revisionValue },
      },
      partitionKey: hex(revision.hash),
    });
  }
  return records;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
