import { resolveStoredKey } from '../../../lambda-src/core/export/key-resolution';

describe('resolveStoredKey', () => {
  const key = 'exports/ADR2ONPKN5LINYGb4dp7yZ/2024/01/01/JdxjkR9bSYB5jMHWcI464T.1-4.ion';

  test('uses the key as it is when the source holds it (S3, or a copy of the bucket root)', () => {
    expect(resolveStoredKey(key, new Set([key, 'ADR2ONPKN5LINYGb4dp7yZ/2024/01/01/JdxjkR9bSYB5jMHWcI464T.1-4.ion']))).toBe(key);
  });

  test('drops the export prefix for a copy of the prefix', () => {
    const stored = 'ADR2ONPKN5LINYGb4dp7yZ/2024/01/01/JdxjkR9bSYB5jMHWcI464T.1-4.ion';
    expect(resolveStoredKey(key, new Set([stored]))).toBe(stored);
  });

  test('prefers the longest suffix, then shorter ones after each slash', () => {
    const keys = new Set(['2024/01/01/JdxjkR9bSYB5jMHWcI464T.1-4.ion', '01/JdxjkR9bSYB5jMHWcI464T.1-4.ion']);
    expect(resolveStoredKey(key, keys)).toBe('2024/01/01/JdxjkR9bSYB5jMHWcI464T.1-4.ion');
  });

  test('drops a prefix that does not end with a slash when the started manifest names it', () => {
    const unslashed = 'exports-ledgerA-ADR2ONPKN5LINYGb4dp7yZ/JdxjkR9bSYB5jMHWcI464T.1-4.ion';
    expect(resolveStoredKey(unslashed, new Set(['ADR2ONPKN5LINYGb4dp7yZ/JdxjkR9bSYB5jMHWcI464T.1-4.ion']), 'exports-ledgerA-')).toBe(
      'ADR2ONPKN5LINYGb4dp7yZ/JdxjkR9bSYB5jMHWcI464T.1-4.ion',
    );
  });

  test('is undefined when no suffix is held', () => {
    expect(resolveStoredKey(key, new Set(['JdxjkR9bSYB5jMHWcI464T.1-5.ion']))).toBeUndefined();
  });
});
