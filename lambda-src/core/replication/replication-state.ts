import { LastBlock } from './change-batch';
import { REPLICATION_STATE_TABLE } from '../../../src/generators/table-layout';
import { qualifiedName, quoteIdentifier } from '../../../src/mapping/identifier';
import { placeholder } from '../sql/parameter-types';
import { SqlParameter, SqlSession } from '../sql/sql-client';

/** One row of `<schema>.qldb_replication_state`. */
export interface ReplicationState {
  readonly streamId: string;
  readonly lastBlockStrand: string | null;
  readonly lastBlockSeq: number | null;
  readonly lastBlockTime: string | null;
  readonly lastAppliedAt: string | null;
  readonly revisionsApplied: number;
}

export interface ReplicationStateUpdate {
  readonly streamId: string;
  readonly lastBlock?: LastBlock;
  /** Audit rows the batch actually added (duplicates and replays add none). */
  readonly revisionsApplied: number;
}

/**
 * The upsert of a stream's replication state: the last block only moves forward (a late batch of older blocks
 * leaves it alone), the apply time is now, and the count of applied revisions grows by what the batch added.
 * Parameter names start with `<prefix>_`.
 */
export function replicationStateUpsertSql(schema: string, prefix: string):
{ sql: string; parameters: (update: ReplicationStateUpdate) => SqlParameter[] } {
  const q = quoteIdentifier;
  const seq = q('last_block_seq');
  const newer = `excluded.${seq} >= coalesce(s.${seq}, -1)`;
  const p = (name: string, type: string) => placeholder(`${prefix}_${name}`, type);
  const sql = `insert into ${qualifiedName(schema, REPLICATION_STATE_TABLE)} as s ` +
    `(${['stream_id', 'last_block_strand', 'last_block_seq', 'last_block_time', 'last_applied_at', 'revisions_applied'].map(q).join(', ')})\n` +
    `values (${p('stream', 'text')}, ${p('strand', 'text')}, ${p('seq', 'bigint')}, ${p('time', 'timestamptz')}, now(), ${p('applied', 'bigint')})\n` +
    `on conflict (${q('stream_id')}) do update set\n` +
    `  ${q('last_block_strand')} = case when ${newer} then excluded.${q('last_block_strand')} else s.${q('last_block_strand')} end,\n` +
    `  ${q('last_block_time')} = case when ${newer} then excluded.${q('last_block_time')} else s.${q('last_block_time')} end,\n` +
    `  ${seq} = greatest(s.${seq}, excluded.${seq}),\n` +
    `  ${q('last_applied_at')} = excluded.${q('last_applied_at')},\n` +
    `  ${q('revisions_applied')} = s.${q('revisions_applied')} + excluded.${q('revisions_applied')}`;
  return {
    sql,
    parameters: (update) => [
      { name: `${prefix}_stream`, value: update.streamId, sqlType: 'text' },
      { name: `${prefix}_strand`, value: update.lastBlock?.strandId ?? null, sqlType: 'text' },
      { name: `${prefix}_seq`, value: update.lastBlock === undefined ? null : String(update.lastBlock.sequenceNo), sqlType: 'bigint' },
      { name: `${prefix}_time`, value: update.lastBlock?.time ?? null, sqlType: 'timestamptz' },
      { name: `${prefix}_applied`, value: String(update.revisionsApplied), sqlType: 'bigint' },
    ],
  };
}

/** Every stream's replication state in a schema. */
export async function readReplicationStates(session: SqlSession, schema: string): Promise<ReplicationState[]> {
  const result = await session.execute(
    'select stream_id, last_block_strand, last_block_seq, last_block_time::text as last_block_time, ' +
    `last_applied_at::text as last_applied_at, revisions_applied from ${qualifiedName(schema, REPLICATION_STATE_TABLE)} order by stream_id`);
  return result.rows.map((r) => ({
    streamId: String(r.stream_id),
    lastBlockStrand: r.last_block_strand === null ? null : String(r.last_block_strand),
    lastBlockSeq: r.last_block_seq === null ? null : Number(r.last_block_seq),
    lastBlockTime: r.last_block_time === null ? null : String(r.last_block_time),
    lastAppliedAt: r.last_applied_at === null ? null : String(r.last_applied_at),
    revisionsApplied: Number(r.revisions_applied),
  }));
}
