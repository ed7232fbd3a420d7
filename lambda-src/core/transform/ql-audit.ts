import { LedgerRevision, isRedacted, operationOf } from '../model/revision';

function base64(bytes: Uint8Array | undefined): string | null {
  // A view, not a copy: this runs for every revision.
  return bytes === undefined ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * The `ql_audit` JSON of a revision, with the reference's keys in a fixed order: where the revision came from in
 * the journal and how to check it (revision hash, data hash of a redacted revision).
 */
export function qlAuditJson(revision: LedgerRevision): string {
  // JSON.stringify of one flat object builds the text in one piece; a template literal of two dozen parts built a
  // chain of intermediate strings per revision.
  return JSON.stringify({
    ql_id: revision.documentId,
    ql_v: revision.version,
    ql_txid: revision.txId,
    ql_txtime: revision.txTime.text,
    ql_blockseq: revision.blockAddress.sequenceNo,
    ql_strand: revision.blockAddress.strandId,
    ql_rev_hash: base64(revision.hash),
    ql_tableid: revision.tableId,
    ql_tablename: revision.tableName,
    ql_deletion: operationOf(revision) === 'D',
    ql_redacted: isRedacted(revision),
    ql_data_hash: base64(revision.dataHash),
  });
}
