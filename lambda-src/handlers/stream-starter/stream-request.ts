import type { JournalKinesisStreamDescription, StreamJournalToKinesisCommandInput } from '@aws-sdk/client-qldb';

/** The starter's deployed settings (its environment). */
export interface StreamStarterSettings {
  readonly ledgerName: string;
  readonly streamName: string;
  /** The role QLDB assumes to write to the Kinesis stream. */
  readonly roleArn: string;
  readonly kinesisStreamArn: string;
}

/** An invocation: where the stream starts (an export's exclusive end time, ISO 8601). */
export interface StreamStarterEvent {
  readonly inclusiveStartTime?: unknown;
}

/** What the starter did. */
export interface StreamStarterResult {
  readonly streamId: string;
  /** False when an active stream of the same name into the same Kinesis stream was already running. */
  readonly started: boolean;
  readonly inclusiveStartTime: string;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads LEDGER_NAME, STREAM_NAME, ROLE_ARN and KINESIS_STREAM_ARN; an error names the missing variable. */
export function streamStarterSettings(env: NodeJS.ProcessEnv): StreamStarterSettings {
  const read = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') {
      throw new Error(`stream starter: the environment variable ${name} is not set`);
    }
    return value;
  };
  return {
    ledgerName: read('LEDGER_NAME'),
    streamName: read('STREAM_NAME'),
    roleArn: read('ROLE_ARN'),
    kinesisStreamArn: read('KINESIS_STREAM_ARN'),
  };
}

/** The start time of an invocation; an error names the field, its value and what is allowed. */
export function inclusiveStartTimeOf(event: StreamStarterEvent, now: Date): Date {
  const text = event?.inclusiveStartTime;
  if (typeof text !== 'string' || !ISO_8601.test(text) || Number.isNaN(Date.parse(text))) {
    throw new Error(`stream starter: inclusiveStartTime ${JSON.stringify(text)} must be an ISO 8601 date-time with a zone, such as "2025-07-01T12:00:00Z"`);
  }
  const time = new Date(text);
  if (time.getTime() > now.getTime()) {
    throw new Error(`stream starter: inclusiveStartTime ${text} is in the future (QLDB streams start at or before now)`);
  }
  return time;
}

/** The StreamJournalToKinesis request: aggregation on (the consumer de-aggregates KPL records). */
export function streamJournalRequest(settings: StreamStarterSettings, inclusiveStartTime: Date): StreamJournalToKinesisCommandInput {
  return {
    LedgerName: settings.ledgerName,
    StreamName: settings.streamName,
    RoleArn: settings.roleArn,
    InclusiveStartTime: inclusiveStartTime,
    KinesisConfiguration: { StreamArn: settings.kinesisStreamArn, AggregationEnabled: true },
  };
}

/**
 * The stream of this migration that is already running (same name, same Kinesis stream, ACTIVE or IMPAIRED), if any:
 * a second run of the workflow must not start a second stream.
 */
export function runningStreamOf(
  streams: readonly JournalKinesisStreamDescription[],
  settings: StreamStarterSettings,
): JournalKinesisStreamDescription | undefined {
  return streams.find((s) => s.StreamName === settings.streamName
    && s.KinesisConfiguration?.StreamArn === settings.kinesisStreamArn
    && (s.Status === 'ACTIVE' || s.Status === 'IMPAIRED'));
}
