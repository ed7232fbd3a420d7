import { Readable } from 'stream';

/** An object listed by a store: its key (relative to the store's root). */
export interface StoredObject {
  readonly key: string;
}

/**
 * The few operations the export reader needs from where an export lives: a local directory or an
 * S3 bucket. Keys use `/` separators.
 */
export interface ObjectStore {
  /** Every object whose key starts with `prefix` (in no guaranteed order). */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** A stream of the object's bytes; a missing object fails the stream with an error naming it. */
  open(key: string): Readable;
  /** Where the key lives, for messages (`s3://bucket/key`, `/path/to/dir/key`). */
  describe(key?: string): string;
}
