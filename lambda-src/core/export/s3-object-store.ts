import { Readable } from 'stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ObjectStore, StoredObject } from './object-store';

/** Reads from one S3 bucket, streaming object bodies (an object is never held whole in memory). */
export class S3ObjectStore implements ObjectStore {
  /** `pageSize` is the listing page size (at most 1,000, S3's default). */
  constructor(
    private readonly client: S3Client,
    public readonly bucket: string,
    private readonly pageSize?: number,
  ) {}

  public async *list(prefix: string): AsyncIterable<StoredObject> {
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken, MaxKeys: this.pageSize }),
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
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
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
}
