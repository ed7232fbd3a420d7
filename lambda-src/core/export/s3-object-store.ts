import { Readable } from 'stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { ObjectStore, StoredObject } from './object-store';

/**
 * The S3 client module, loaded when an S3 store is first used: every process that reads exports (the command line, each
 * of a load's worker threads) would otherwise evaluate the whole SDK at start (requiring the row workers' bundle took
 * 0.14-0.16 s instead of 0.09-0.11 s) for local exports that never use it. The command line's bundles require it
 * from a bundle of its own beside them (scripts/bundle.js).
 */
function s3Sdk(): typeof import('@aws-sdk/client-s3') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-sdk/client-s3');
}

/** Reads from one S3 bucket, streaming object bodies (an object is never held whole in memory). */
export class S3ObjectStore implements ObjectStore {
  private client: S3Client | undefined;

  /**
   * `client`: the client to send requests with (default: a client with the SDK's default configuration, created on
   * first use); `pageSize` is the listing page size (at most 1,000, S3's default).
   */
  constructor(
    client: S3Client | undefined,
    public readonly bucket: string,
    private readonly pageSize?: number,
  ) {
    this.client = client;
  }

  public async *list(prefix: string): AsyncIterable<StoredObject> {
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        const sdk = s3Sdk();
        page = await this.clientOf(sdk).send(
          new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken, MaxKeys: this.pageSize }),
        );
      } catch (error) {
        throw new Error(`cannot list ${this.describe(prefix)}: ${(error as Error).name}: ${(error as Error).message}`);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) {
          yield { key: object.Key };
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  public open(key: string): Readable {
    return Readable.from(this.body(key), { objectMode: false });
  }

  public describe(key = ''): string {
    return `s3://${this.bucket}/${key}`;
  }

  private async *body(key: string): AsyncGenerator<Buffer> {
    let body: Readable;
    try {
      const sdk = s3Sdk();
      const response = await this.clientOf(sdk).send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = response.Body as Readable;
    } catch (error) {
      const name = (error as Error).name;
      const problem = name === 'NoSuchKey' ? 'does not exist' : `cannot be read: ${name}: ${(error as Error).message}`;
      throw new Error(`${this.describe(key)} ${problem}`);
    }
    for await (const chunk of body) {
      yield chunk as Buffer;
    }
  }

  private clientOf(sdk: typeof import('@aws-sdk/client-s3')): S3Client {
    this.client ??= new sdk.S3Client({});
    return this.client;
  }
}
