import { RecordedJournal } from './recorded-journal';
import { planJournalExport } from '../../../lambda-src/core/ledger-export/export-plan';
import { ExportConfiguration, resolveExportRequest } from '../../../lambda-src/core/ledger-export/export-request';
import {
  GET_BLOCK, GET_BLOCK_SMALL_LEDGER, GET_BLOCK_SMALL_LEDGER_SAME_MILLISECOND, GET_DIGEST_TIP_1000, GET_DIGEST_TIP_2, LEDGER_NAME, STRAND_ID,
} from '../../fixtures/ledger-export/recorded-journal-responses';

const CONFIG: ExportConfiguration = {
  ledgerName: LEDGER_NAME,
  bucket: 'exports-bucket',
  basePrefix: 'qldb-exports/',
  defaultExportCount: 2,
  maxExportCount: 100,
  defaultOutputFormat: 'ION_TEXT',
  exportRoleArn: 'arn:aws:iam::123456789012:role/export',
};
const NOW = new Date('2024-03-20T12:00:00.000Z');

async function plan(journal: RecordedJournal, exportCount: number, now = NOW) {
  const request = resolveExportRequest(CONFIG, { exportCount }, 'run-1');
  return planJournalExport(journal, CONFIG, request, () => now);
}

describe('planJournalExport on recorded GetDigest and GetBlock responses', () => {
  test('four exports of 1,001 blocks split at blocks 250, 500 and 750, the last range ending now', async () => {
    const journal = new RecordedJournal(GET_DIGEST_TIP_1000, GET_BLOCK);
    const result = await plan(journal, 4);
    expect(journal.requests).toEqual([
      'GetDigest vehicle-registration',
      `GetBlock vehicle-registration {strandId:"${STRAND_ID}",sequenceNo:250}`,
      `GetBlock vehicle-registration {strandId:"${STRAND_ID}",sequenceNo:500}`,
      `GetBlock vehicle-registration {strandId:"${STRAND_ID}",sequenceNo:750}`,
    ]);
    expect(result.ranges).toEqual([
      { index: 0, inclusiveStartTime: '1970-01-01T00:00:00.000Z', exclusiveEndTime: '2024-03-14T09:26:53.123Z', firstPlannedBlock: 0 },
      { index: 1, inclusiveStartTime: '2024-03-14T09:26:53.123Z', exclusiveEndTime: '2024-03-15T17:02:11.900Z', firstPlannedBlock: 250 },
      { index: 2, inclusiveStartTime: '2024-03-15T17:02:11.900Z', exclusiveEndTime: '2024-03-18T06:45:00.007Z', firstPlannedBlock: 500 },
      { index: 3, inclusiveStartTime: '2024-03-18T06:45:00.007Z', exclusiveEndTime: '2024-03-20T12:00:00.000Z', firstPlannedBlock: 750 },
    ]);
    expect(result.exportEndTime).toBe('2024-03-20T12:00:00.000Z');
    expect(result.plannedTip).toEqual({ strandId: STRAND_ID, sequenceNo: 1000 });
    expect(result).toMatchObject({ ledgerName: LEDGER_NAME, bucket: 'exports-bucket', prefix: 'qldb-exports/vehicle-registration/run-1/', outputFormat: 'ION_TEXT' });
    expect(result.kmsKeyArn).toBeUndefined();
  });

  test('one export needs no GetBlock and covers everything up to now', async () => {
    const journal = new RecordedJournal(GET_DIGEST_TIP_1000, GET_BLOCK);
    const result = await plan(journal, 1);
    expect(journal.requests).toEqual(['GetDigest vehicle-registration']);
    expect(result.ranges).toEqual([
      { index: 0, inclusiveStartTime: '1970-01-01T00:00:00.000Z', exclusiveEndTime: '2024-03-20T12:00:00.000Z', firstPlannedBlock: 0 },
    ]);
  });

  test('fewer blocks than exports: a 3-block ledger asked for 10 exports gets one range per block', async () => {
    const journal = new RecordedJournal(GET_DIGEST_TIP_2, GET_BLOCK_SMALL_LEDGER);
    const result = await plan(journal, 10);
    expect(journal.requests.slice(1)).toEqual([
      `GetBlock vehicle-registration {strandId:"${STRAND_ID}",sequenceNo:1}`,
      `GetBlock vehicle-registration {strandId:"${STRAND_ID}",sequenceNo:2}`,
    ]);
    // Block 1's commit time 10:26:53.123456+01:00 is 09:26:53.123 UTC at millisecond precision.
    expect(result.ranges.map((r) => [r.inclusiveStartTime, r.exclusiveEndTime, r.firstPlannedBlock])).toEqual([
      ['1970-01-01T00:00:00.000Z', '2024-03-14T09:26:53.123Z', 0],
      ['2024-03-14T09:26:53.123Z', '2024-03-14T09:27:00.000Z', 1],
      ['2024-03-14T09:27:00.000Z', '2024-03-20T12:00:00.000Z', 2],
    ]);
  });

  test('split blocks committed in the same millisecond make one range, not an empty one', async () => {
    const journal = new RecordedJournal(GET_DIGEST_TIP_2, GET_BLOCK_SMALL_LEDGER_SAME_MILLISECOND);
    const result = await plan(journal, 3);
    expect(result.ranges.map((r) => [r.index, r.inclusiveStartTime, r.exclusiveEndTime, r.firstPlannedBlock])).toEqual([
      [0, '1970-01-01T00:00:00.000Z', '2024-03-14T09:26:53.123Z', 0],
      [1, '2024-03-14T09:26:53.123Z', '2024-03-20T12:00:00.000Z', 1],
    ]);
  });

  test('a split block committed after this clock is clamped to now, so no range ends in the future', async () => {
    // GIVEN a clock behind the ledger's: now is between block 500's and block 750's commit times
    const now = new Date('2024-03-16T00:00:00.000Z');
    const journal = new RecordedJournal(GET_DIGEST_TIP_1000, GET_BLOCK);
    // WHEN
    const result = await plan(journal, 4, now);
    // THEN block 750's range is dropped and the range from block 500 ends now
    expect(result.ranges.map((r) => [r.inclusiveStartTime, r.exclusiveEndTime])).toEqual([
      ['1970-01-01T00:00:00.000Z', '2024-03-14T09:26:53.123Z'],
      ['2024-03-14T09:26:53.123Z', '2024-03-15T17:02:11.900Z'],
      ['2024-03-15T17:02:11.900Z', '2024-03-16T00:00:00.000Z'],
    ]);
    for (const range of result.ranges) {
      expect(new Date(range.exclusiveEndTime).getTime()).toBeLessThanOrEqual(now.getTime());
      expect(new Date(range.inclusiveStartTime).getTime()).toBeLessThan(new Date(range.exclusiveEndTime).getTime());
    }
    expect(result.exportEndTime).toBe('2024-03-16T00:00:00.000Z');
  });

  test('a GetBlock answer for another block than asked is an error naming both', async () => {
    const journal = new RecordedJournal(GET_DIGEST_TIP_1000, { ...GET_BLOCK, 500: GET_BLOCK[750] });
    await expect(plan(journal, 4)).rejects.toThrow(
      `GetBlock of ledger vehicle-registration block ${STRAND_ID}:500: the response is block ${STRAND_ID}:750`,
    );
  });

  test('a digest without a tip address is an error naming the call', async () => {
    const journal = new RecordedJournal({ Digest: GET_DIGEST_TIP_1000.Digest }, GET_BLOCK);
    await expect(plan(journal, 2)).rejects.toThrow('GetDigest of ledger vehicle-registration: DigestTipAddress: no block address (IonText is missing)');
  });

  test('a block without a blockTimestamp is an error naming the block', async () => {
    const broken = { IonText: GET_BLOCK[500].Block!.IonText!.replace(/blockTimestamp:[^,]+,/, '') };
    const journal = new RecordedJournal(GET_DIGEST_TIP_1000, { ...GET_BLOCK, 500: { Block: broken } });
    await expect(plan(journal, 4)).rejects.toThrow(
      `GetBlock of ledger vehicle-registration block ${STRAND_ID}:500: block 500 has no blockTimestamp timestamp`,
    );
  });
});
