import { createHash } from 'crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A small deterministic pseudo-random generator (sfc32, seeded through SHA-256 of the seed and a label),
 * so that the same seed always yields the same ledger. Independent streams are derived by label, which
 * keeps, for example, export ids from shifting the ledger's own content.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly seed: number | string, private readonly label = 'ledger') {
    const digest = createHash('sha256').update(`${seed}/${label}`).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12);
    for (let i = 0; i < 12; i++) {
      this.nextUint32();
    }
  }

  /** A new independent generator for the same seed and another purpose. */
  public derive(label: string): SeededRandom {
    return new SeededRandom(this.seed, `${this.label}/${label}`);
  }

  public nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  public int(min: number, max: number): number {
    if (max < min) {
      throw new Error(`SeededRandom.int: max ${max} is below min ${min}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  public chance(probability: number): boolean {
    return this.next() < probability;
  }

  public pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error('SeededRandom.pick: cannot pick from an empty list');
    }
    return items[Math.floor(this.next() * items.length)];
  }

  /** A string of `length` characters drawn from `alphabet`. */
  public chars(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i++) {
      text += alphabet[Math.floor(this.next() * alphabet.length)];
    }
    return text;
  }

  /** A 22-character base-62 id, shaped like QLDB's document, table, transaction, strand and export ids. */
  public qldbId(): string {
    return this.chars(22, ID_ALPHABET);
  }

  /** `length` random bytes. */
  public bytes(length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      bytes[i] = this.nextUint32() & 0xff;
    }
    return bytes;
  }
}
