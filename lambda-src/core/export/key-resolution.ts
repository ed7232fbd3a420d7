/**
 * Finds where an object named in a manifest is stored in a source.
 *
 * Manifest keys are full object keys (`exports/2024/JdxjkR9bSYB5jMHWcI464T.1-4.ion` for the
 * prefix `exports/`). In S3, or in a local directory that is a copy of the bucket root, the key is
 * stored as it is. In a local directory that is a copy of the export prefix
 * (`aws s3 sync s3://bucket/exports/ ./dir`), it is stored without the prefix
 * (`2024/JdxjkR9bSYB5jMHWcI464T.1-4.ion`).
 *
 * Rule: the stored key is the longest suffix of the manifest key that the source holds, trying
 * the whole key, then the key without the export's prefix (from the started manifest, when
 * known), then the key after each `/` from left to right. Undefined when none is held.
 */
export function resolveStoredKey(manifestKey: string, storedKeys: ReadonlySet<string>, exportPrefix?: string): string | undefined {
  for (const candidate of candidateKeys(manifestKey, exportPrefix)) {
    if (storedKeys.has(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function* candidateKeys(manifestKey: string, exportPrefix: string | undefined): Iterable<string> {
  yield manifestKey;
  if (exportPrefix && manifestKey.startsWith(exportPrefix) && manifestKey.length > exportPrefix.length) {
    yield manifestKey.slice(exportPrefix.length);
  }
  for (let slash = manifestKey.indexOf('/'); slash >= 0; slash = manifestKey.indexOf('/', slash + 1)) {
    yield manifestKey.slice(slash + 1);
  }
}
