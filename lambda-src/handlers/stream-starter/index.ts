import {
  JournalKinesisStreamDescription, ListJournalKinesisStreamsForLedgerCommand, QLDBClient, StreamJournalToKinesisCommand,
} from '@aws-sdk/client-qldb';
import {
  inclusiveStartTimeOf, runningStreamOf, StreamStarterEvent, StreamStarterResult, streamJournalRequest, streamStarterSettings,
} from './stream-request';

const qldb = new QLDBClient({});

async function ledgerStreams(ledgerName: string): Promise<JournalKinesisStreamDescription[]> {
  const streams: JournalKinesisStreamDescription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await qldb.send(new ListJournalKinesisStreamsForLedgerCommand({ LedgerName: ledgerName, NextToken }));
    streams.push(...(page.Streams ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return streams;
}

/**
 * Starts the QLDB stream of the migration into its Kinesis stream from `inclusiveStartTime` (the export's end), unless
 * it is already running.
 */
export async function handler(event: StreamStarterEvent): Promise<StreamStarterResult> {
  const settings = streamStarterSettings(process.env);
  const start = inclusiveStartTimeOf(event, new Date());
  const running = runningStreamOf(await ledgerStreams(settings.ledgerName), settings);
  if (running) {
    console.log(JSON.stringify({ message: 'the stream is already running', streamId: running.StreamId, status: running.Status }));
    return { streamId: running.StreamId!, started: false, inclusiveStartTime: start.toISOString() };
  }
  const response = await qldb.send(new StreamJournalToKinesisCommand(streamJournalRequest(settings, start)));
  console.log(JSON.stringify({ message: 'started the stream', streamId: response.StreamId, ledgerName: settings.ledgerName, inclusiveStartTime: start.toISOString() }));
  return { streamId: response.StreamId!, started: true, inclusiveStartTime: start.toISOString() };
}
