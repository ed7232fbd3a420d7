import { randomBytes } from 'crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileChunkStream } from '../../../lambda-src/core/export/file-chunk-stream';
import { LocalDirectoryStore } from '../../../lambda-src/core/export/local-directory-store';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'file-chunk-stream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileOf(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function chunksOf(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return chunks;
}

/** Descriptors this process holds open (Linux). */
function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('FileChunkStream', () => {
  test.each([[1, 2_003], [7, 20_003], [4096, 200_003], [65536, 200_003], [1 << 20, 200_003]])(
    'gives the file\'s bytes in chunks of at most %i bytes (%i bytes)', async (chunkBytes, fileBytes) => {
      const bytes = randomBytes(fileBytes);
      const chunks = await chunksOf(new FileChunkStream(fileOf(`f${chunkBytes}`, bytes), chunkBytes));
      expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
      expect(chunks.every((c) => c.length > 0 && c.length <= chunkBytes)).toBe(true);
      expect(chunks.slice(0, -1).every((c) => c.length === chunkBytes)).toBe(true);
    });

  test('gives no chunk for an empty file', async () => {
    expect(await chunksOf(new FileChunkStream(fileOf('empty', Buffer.alloc(0)), 64))).toEqual([]);
  });

  test('gives chunks that later reads do not overwrite', async () => {
    const bytes = randomBytes(1000);
    const chunks = await chunksOf(new FileChunkStream(fileOf('own', bytes), 100));
    expect(chunks).toHaveLength(10);
    chunks.forEach((chunk, i) => expect(chunk.equals(bytes.subarray(i * 100, (i + 1) * 100))).toBe(true));
  });

  test('closes the file when read to the end and when destroyed part way', async () => {
    const path = fileOf('closing', randomBytes(10_000));
    const before = openDescriptors();
    await chunksOf(new FileChunkStream(path, 1000));
    expect(openDescriptors()).toBe(before);

    const stream = new FileChunkStream(path, 1000);
    for await (const chunk of stream) {
      expect(chunk).toHaveLength(1000);
      break; // leaving the loop destroys the stream
    }
    expect(stream.destroyed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(openDescriptors()).toBe(before);
  });

  test('fails with the error of opening a missing file', async () => {
    await expect(chunksOf(new FileChunkStream(join(dir, 'no-such-file'), 64))).rejects.toThrow(/ENOENT.*no-such-file/);
  });

  test('fails with the error of reading a directory', async () => {
    await expect(chunksOf(new FileChunkStream(dir, 64))).rejects.toThrow(/EISDIR/);
  });
});

describe('LocalDirectoryStore.open', () => {
  test('names the path and the key of a missing object', async () => {
    const store = new LocalDirectoryStore(dir);
    await expect(chunksOf(store.open('exports/missing.ion'))).rejects.toThrow(
      `${join(dir, 'exports', 'missing.ion')} does not exist (object exports/missing.ion)`);
  });
});
