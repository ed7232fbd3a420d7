import { statSync } from 'fs';
import { resolve } from 'path';
import type { S3Client } from '@aws-sdk/client-s3';
import { LocalDirectoryStore } from './local-directory-store';
import { ObjectStore } from './object-store';
import { S3ObjectStore } from './s3-object-store';

/** Where an export is read from: a store and the key prefix under which its manifests are listed. */
export interface ExportSource {
  readonly store: ObjectStore;
  readonly prefix: string;
}

export interface ExportSourceOptions {
  /** The S3 client for `s3://` sources. @default - a client with the SDK's default configuration */
  readonly s3Client?: S3Client;
}

/**
 * Parses `DIR` or `s3://bucket/prefix` into a store and a prefix. A local directory is listed whole
 * (prefix ''): it may be a copy of the bucket root or of the export prefix (see key-resolution.ts).
 */
export function parseExportSource(location: string, options: ExportSourceOptions = {}): ExportSource {
  const s3 = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(location);
  if (s3) {
    return { store: new S3ObjectStore(options.s3Client, s3[1]), prefix: s3[2] ?? '' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new Error(`export source ${location}: only a local directory or s3://bucket/prefix is supported`);
  }
  const root = resolve(location);
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    throw new Error(`export source ${location}: ${root} does not exist`);
  }
  if (!isDirectory) {
    throw new Error(`export source ${location}: ${root} is not a directory`);
  }
  return { store: new LocalDirectoryStore(root), prefix: '' };
}
