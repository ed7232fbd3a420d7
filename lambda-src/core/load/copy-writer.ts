import { Writable } from 'stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PhysicalColumn } from '../../../src/generators/table-layout';
import { quoteIdentifier } from '../../../src/mapping/identifier';
import { copyBinaryColumns } from '../transform/copy-binary-field';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, CopyBinaryRowBuffer } from '../transform/copy-binary-row';

const FLUSH_BYTES = 256 * 1024;
/**
 * How much may wait in the COPY stream before the producer pauses: several chunks, so that reading and converting the
 * next rows overlaps with PostgreSQL parsing the previous ones (a pause per chunk would serialize the two).
 */
const STREAM_HIGH_WATER_MARK = 4 * 1024 * 1024;

/**
 * A COPY ... FROM STDIN (FORMAT binary) into one table, on its own connection, fed row by row or with chunks of rows
 * encoded elsewhere (by a CopyBinaryRowBuffer of the same columns). Rows are written in large chunks with backpressure;
 * a server-side error (a value PostgreSQL refuses) surfaces on the next write or on finish, naming the table.
 */
export class CopyWriter {
  /**
   * Starts the COPY. With `createTable` (the statement creating the table) the table is created in the COPY's own
   * transaction, which commits when the COPY finishes: the rows are then written frozen (COPY ... FREEZE), so the
   * statements that read them next neither set hint bits nor rewrite the pages, and a server with wal_level=minimal
   * writes no WAL for them. An abandoned COPY leaves no table behind.
   */
  static async open(connectionString: string, qualifiedTable: string, columns: readonly PhysicalColumn[], createTable?: string): Promise<CopyWriter> {
    const buffer = new CopyBinaryRowBuffer(copyBinaryColumns(columns), FLUSH_BYTES);
    const client = new Client({ connectionString });
    await client.connect();
    try {
      if (createTable !== undefined) {
        await client.query('begin');
        await client.query(createTable);
      }
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    const options = `format binary${createTable !== undefined ? ', freeze true' : ''}`;
    const columnList = columns.map((c) => quoteIdentifier(c.name)).join(', ');
    const stream = client.query(copyFrom(`copy ${qualifiedTable} (${columnList}) from stdin (${options})`, { highWaterMark: STREAM_HIGH_WATER_MARK }));
    stream.write(COPY_BINARY_HEADER);
    return new CopyWriter(client, stream, buffer, qualifiedTable, createTable !== undefined);
  }

  private error: Error | undefined;
  private rows = 0;

  private constructor(
    private readonly client: Client, private readonly stream: Writable, private readonly buffer: CopyBinaryRowBuffer,
    private readonly table: string, private readonly inTransaction: boolean) {
    stream.on('error', (e) => { this.error ??= e; });
    client.on('error', (e) => { this.error ??= e; });
  }

  /** Number of rows written so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Adds one row; returns a promise only when the buffer was flushed into a full stream (await it before the next row). */
  writeRow(values: ReadonlyArray<string | null>): Promise<void> | undefined {
    this.buffer.append(values);
    this.rows++;
    return this.buffer.full ? this.flush() : undefined;
  }

  /**
   * Adds rows already encoded for this COPY (whole rows, by a CopyBinaryRowBuffer of the same columns); resolves when
   * the stream can take more.
   */
  async writeChunk(bytes: Uint8Array, rows: number): Promise<void> {
    if (this.buffer.length > 0) {
      await this.flush();
    }
    this.rows += rows;
    await this.send(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  private async flush(): Promise<void> {
    await this.send(this.buffer.take());
  }

  private async send(chunk: Buffer): Promise<void> {
    this.check();
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => { this.stream.off('error', onError); resolve(); };
        const onError = (e: Error) => { this.stream.off('drain', onDrain); reject(this.wrap(e)); };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  /** Ends the COPY and closes the connection; throws if PostgreSQL refused any row. */
  async finish(): Promise<number> {
    try {
      await this.flush();
      await new Promise<void>((resolve, reject) => {
        this.stream.once('finish', resolve);
        this.stream.once('error', (e) => reject(this.wrap(e)));
        this.stream.end(COPY_BINARY_TRAILER);
      });
      this.check();
      if (this.inTransaction) {
        await this.client.query('commit').catch((e) => { throw this.wrap(e); });
      }
      return this.rows;
    } finally {
      await this.client.end().catch(() => undefined);
    }
  }

  /** Abandons the COPY (the rows written are discarded with the connection). */
  async abort(): Promise<void> {
    this.stream.destroy();
    await this.client.end().catch(() => undefined);
  }

  private check(): void {
    if (this.error) {
      throw this.wrap(this.error);
    }
  }

  private wrap(e: Error): Error {
    return new Error(`COPY into ${this.table} failed: ${e.message}`, { cause: e });
  }
}
