import { cryptoHasherProvider, makeHashWriter } from 'ion-hash-js';
import { IonType, makeReader, Reader, Writer } from 'ion-js';

const sha256 = cryptoHasherProvider('sha256');

/**
 * Amazon Ion Hash (SHA-256) of the value an ion-js reader is positioned on (after `reader.next()`
 * returned its type). The value is hashed as read, with its original types, precision and annotations;
 * its own field name is not part of the hash. A caller can hash the fields of a large stream this way
 * without re-serializing it.
 *
 * The value is consumed: a container is stepped through (afterwards `reader.type()` is null), and the
 * next `reader.next()` moves to the following value at the same depth. To also read the value, pass
 * `copyTo` (for example `makeBinaryWriter()`): the value is written to it as it is hashed.
 */
export function ionHashOfReaderValue(reader: Reader, copyTo?: Writer): Uint8Array {
  if (reader.type() === null) {
    throw new Error('Cannot compute an Ion hash: the reader is not positioned on a value');
  }
  const hashWriter = makeHashWriter(copyTo ?? new DiscardingWriter(), sha256);
  hashWriter.writeValue(reader);
  return new Uint8Array(hashWriter.digest());
}

/** Amazon Ion Hash (SHA-256) of the single top-level value in the given Ion text or binary. */
export function ionHash(ion: string | Uint8Array): Uint8Array {
  const reader = makeReader(ion);
  if (reader.next() === null) {
    throw new Error('Cannot compute an Ion hash: the Ion input holds no value');
  }
  const hash = ionHashOfReaderValue(reader);
  if (reader.next() !== null) {
    throw new Error('Cannot compute an Ion hash: the Ion input holds more than one top-level value');
  }
  return hash;
}

/**
 * The Ion hash writer mirrors every call to an inner writer; only the hash is wanted here, so the
 * inner writer keeps nothing (no bytes are produced, no time is spent encoding).
 */
class DiscardingWriter implements Writer {
  private level = 0;
  public writeNull(_type: IonType): void {}
  public writeBoolean(_value: boolean | null): void {}
  public writeInt(_value: number | bigint | null): void {}
  public writeFloat32(_value: number | null): void {}
  public writeFloat64(_value: number | null): void {}
  public writeDecimal(_value: unknown): void {}
  public writeTimestamp(_value: unknown): void {}
  public writeString(_value: string | null): void {}
  public writeSymbol(_value: string | null): void {}
  public writeBlob(_value: Uint8Array | null): void {}
  public writeClob(_value: Uint8Array | null): void {}
  public writeValue(_reader: Reader): void {}
  public writeValues(_reader: Reader): void {}
  public writeFieldName(_fieldName: string): void {}
  public stepIn(_type: IonType): void {
    this.level++;
  }
  public stepOut(): void {
    this.level--;
  }
  public addAnnotation(_annotation: string): void {}
  public setAnnotations(_annotations: string[]): void {}
  public close(): void {}
  public getBytes(): Uint8Array {
    return new Uint8Array(0);
  }
  public depth(): number {
    return this.level;
  }
}
