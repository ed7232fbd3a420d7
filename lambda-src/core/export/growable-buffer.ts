/**
 * Bytes accumulated from a stream, appended in amortised constant time per byte (capacity doubles),
 * so that many small chunks (S3 bodies arrive in pieces of a few KB) are not copied again and again.
 */
export class GrowableBuffer {
  private storage: Buffer;
  private used = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.storage = Buffer.allocUnsafe(initialCapacity);
  }

  public get length(): number {
    return this.used;
  }

  public append(chunk: Uint8Array): void {
    if (this.used + chunk.length > this.storage.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.storage.length * 2, this.used + chunk.length));
      this.storage.copy(grown, 0, 0, this.used);
      this.storage = grown;
    }
    this.storage.set(chunk, this.used);
    this.used += chunk.length;
  }

  /** A view of the accumulated bytes, valid until the next append or take. */
  public view(): Buffer {
    return this.storage.subarray(0, this.used);
  }

  /** Removes and returns the first `length` bytes; the returned bytes are never overwritten. */
  public take(length: number): Buffer {
    const taken = this.storage.subarray(0, length);
    const rest = this.storage.subarray(length, this.used);
    this.storage = Buffer.allocUnsafe(Math.max(64 * 1024, rest.length * 2));
    rest.copy(this.storage);
    this.used = rest.length;
    return taken;
  }
}
