/** A Kinesis event record's place and sequence number, and the user records decoded from it. */
export interface RecordGroup<T> {
  readonly sequenceNumber: string;
  readonly items: readonly T[];
}

/**
 * Splits event records, in order, into chunks of about `maxItems` user records each. The user records of one Kinesis
 * record (a KPL aggregate) are never split across chunks.
 */
export function chunkRecordGroups<T>(groups: ReadonlyArray<RecordGroup<T>>, maxItems: number): Array<Array<RecordGroup<T>>> {
  const chunks: Array<Array<RecordGroup<T>>> = [];
  let current: Array<RecordGroup<T>> = [];
  let count = 0;
  for (const group of groups) {
    if (current.length > 0 && count + group.items.length > maxItems) {
      chunks.push(current);
      current = [];
      count = 0;
    }
    current.push(group);
    count += group.items.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The `batchItemFailures` of a Kinesis batch whose chunks were applied in order until chunk `failedChunk` failed:
 * the sequence numbers of that chunk's records and of every later record, each once. De-aggregated user records
 * share their Kinesis record's sequence number, and Lambda restarts from the lowest sequence number reported, so
 * a record is reported whole (its aggregate is delivered again; the apply is idempotent) and nothing after a
 * failure is reported as done.
 */
export function batchItemFailures<T>(chunks: ReadonlyArray<ReadonlyArray<RecordGroup<T>>>, failedChunk: number): Array<{ itemIdentifier: string }> {
  const seen = new Set<string>();
  const failures: Array<{ itemIdentifier: string }> = [];
  for (const chunk of chunks.slice(failedChunk)) {
    for (const group of chunk) {
      if (!seen.has(group.sequenceNumber)) {
        seen.add(group.sequenceNumber);
        failures.push({ itemIdentifier: group.sequenceNumber });
      }
    }
  }
  return failures;
}
