import { BufferedFile } from './buffered-file';
import { ionBinaryOfText } from './ion-binary-of-text';
import { ionTextOf } from './ion-text-of-ledger-value';
import { KinesisEventWriter } from './kinesis-event-writer';
import { SimulatedBlock } from './ledger-block';
import { blockStreamRecords, controlRecord, StreamRecord } from './stream-records';

/**
 * Writes the stream part of the ledger: every stream record as Ion binary (each with its own Ion version
 * marker) into one file, in stream order, and the same records as recorded Lambda Kinesis events.
 * The stream opens with CONTROL CREATED and, as a bounded stream that reached its end, closes with
 * CONTROL COMPLETED.
 */
export class StreamWriter {
  private readonly file: BufferedFile;
  private recordCount = 0;
  private lastArrivalMs = 0;

  constructor(recordsPath: string, private readonly streamArn: string, private readonly kinesis: KinesisEventWriter) {
    this.file = new BufferedFile(recordsPath);
  }

  public get records(): number {
    return this.recordCount;
  }

  public get recordsPath(): string {
    return this.file.path;
  }

  public open(startMs: number): void {
    this.add(controlRecord(this.streamArn, 'CREATED', streamKey('CREATED', this.streamArn)), startMs);
  }

  public write(block: SimulatedBlock): void {
    const arrivalMs = Date.parse(block.blockTimestamp.text);
    blockStreamRecords(this.streamArn, block).forEach((record) => this.add(record, arrivalMs));
  }

  public close(): void {
    this.add(controlRecord(this.streamArn, 'COMPLETED', streamKey('COMPLETED', this.streamArn)), this.lastArrivalMs + 1000);
    this.file.close();
    this.kinesis.close();
  }

  private add(record: StreamRecord, arrivalMs: number): void {
    const bytes = ionBinaryOfText(ionTextOf(record.value));
    this.file.write(bytes);
    this.kinesis.add(record.partitionKey, bytes, arrivalMs);
    this.recordCount++;
    this.lastArrivalMs = arrivalMs;
  }
}

function streamKey(kind: string, streamArn: string): string {
  return Buffer.from(`${kind}/${streamArn}`).toString('hex').slice(0, 64);
}
