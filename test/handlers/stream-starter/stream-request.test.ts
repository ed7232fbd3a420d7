import type { JournalKinesisStreamDescription } from '@aws-sdk/client-qldb';
import {
  inclusiveStartTimeOf, runningStreamOf, streamJournalRequest, streamStarterSettings,
} from '../../../lambda-src/handlers/stream-starter/stream-request';

const ENV = {
  LEDGER_NAME: 'vehicle-registration',
  STREAM_NAME: 'aurora-migration',
  ROLE_ARN: 'arn:aws:iam::123456789012:role/qldb-stream',
  KINESIS_STREAM_ARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/changes',
};
const NOW = new Date('2025-07-02T00:00:00Z');

describe('stream starter', () => {
  test('the settings come from the environment; a missing variable is named', () => {
    expect(streamStarterSettings(ENV)).toEqual({
      ledgerName: 'vehicle-registration', streamName: 'aurora-migration', roleArn: ENV.ROLE_ARN, kinesisStreamArn: ENV.KINESIS_STREAM_ARN,
    });
    expect(() => streamStarterSettings({ ...ENV, ROLE_ARN: '' })).toThrow('stream starter: the environment variable ROLE_ARN is not set');
  });

  test('the request starts at the export\'s end time with aggregation on', () => {
    const start = inclusiveStartTimeOf({ inclusiveStartTime: '2025-07-01T12:34:56.789Z' }, NOW);
    expect(streamJournalRequest(streamStarterSettings(ENV), start)).toEqual({
      LedgerName: 'vehicle-registration',
      StreamName: 'aurora-migration',
      RoleArn: ENV.ROLE_ARN,
      InclusiveStartTime: new Date(Date.UTC(2025, 6, 1, 12, 34, 56, 789)),
      KinesisConfiguration: { StreamArn: ENV.KINESIS_STREAM_ARN, AggregationEnabled: true },
    });
    expect(inclusiveStartTimeOf({ inclusiveStartTime: '2025-07-01T14:00:00+02:00' }, NOW).toISOString()).toBe('2025-07-01T12:00:00.000Z');
  });

  test.each([undefined, 42, '2025-07-01', '2025-07-01T12:00:00', 'not a time'])('start time %p is refused, naming the field', (inclusiveStartTime) => {
    expect(() => inclusiveStartTimeOf({ inclusiveStartTime }, NOW)).toThrow(`stream starter: inclusiveStartTime ${JSON.stringify(inclusiveStartTime)} must be an ISO 8601 date-time with a zone`);
  });

  test('a start time in the future is refused', () => {
    expect(() => inclusiveStartTimeOf({ inclusiveStartTime: '2025-07-03T00:00:00Z' }, NOW)).toThrow('stream starter: inclusiveStartTime 2025-07-03T00:00:00Z is in the future');
  });

  test('a running stream of the same name into the same Kinesis stream is found; finished or other streams are not', () => {
    const settings = streamStarterSettings(ENV);
    const stream = (StreamName: string, Status: string, StreamArn = ENV.KINESIS_STREAM_ARN) => ({
      LedgerName: 'vehicle-registration',
      RoleArn: ENV.ROLE_ARN,
      StreamId: `${StreamName}-${Status}`,
      StreamName,
      Status,
      KinesisConfiguration: { StreamArn, AggregationEnabled: true },
    }) as JournalKinesisStreamDescription;
    expect(runningStreamOf([stream('aurora-migration', 'CANCELED'), stream('aurora-migration', 'FAILED'), stream('other', 'ACTIVE')], settings)).toBeUndefined();
    expect(runningStreamOf([stream('aurora-migration', 'ACTIVE', 'arn:aws:kinesis:us-east-1:123456789012:stream/elsewhere')], settings)).toBeUndefined();
    expect(runningStreamOf([stream('aurora-migration', 'COMPLETED'), stream('aurora-migration', 'IMPAIRED')], settings)?.StreamId).toBe('aurora-migration-IMPAIRED');
  });
});
