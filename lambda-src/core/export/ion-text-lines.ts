import { GrowableBuffer } from './growable-buffer';
import { parseIonTextValues } from './ion-text-value-parser';
import { isLedgerStruct, LedgerValue } from '../model/ledger-value';

const NEWLINE = 0x0a;

/**
 * Cuts Ion text at line ends, for exports that write their values on lines of their own (QLDB writes a block per
 * line): the bytes up to the last line feed are parsed with the fast parser and taken as whole values when they parse
 * and the last value is a container (a struct, list or sexp ends at its closing bracket, while a scalar at the end of
 * a line might still go on: `a` as the annotation of `::{...}` on the next line, a long string with the next one).
 * Text that is cut inside a container, a string or a comment does not parse. Whenever the lines are not whole values
 * (or a construct is left to ion-js, or no line ends within `maxLineBytes`), the caller reads the rest of the object
 * with the framer, which finds where values end by scanning every byte: these lines save that scan.
 */
export class IonTextLines {
  private readonly buffer = new GrowableBuffer();
  private taken = 0;

  constructor(
    private readonly minBatchBytes = 32 * 1024,
    private readonly maxLineBytes = 1024 * 1024,
    private readonly dictionaryPath: readonly string[] = [],
  ) {}

  /** Bytes of the object taken as values so far. */
  public get consumed(): number {
    return this.taken;
  }

  /**
   * Adds a chunk. Returns the values of the whole lines once at least `minBatchBytes` are held (no values while more
   * bytes are needed), or undefined when the lines are not whole values.
   */
  public push(chunk: Buffer): LedgerValue[] | undefined {
    this.buffer.append(chunk);
    if (this.buffer.length < this.minBatchBytes) {
      return [];
    }
    const cut = this.buffer.view().lastIndexOf(NEWLINE) + 1;
    if (cut === 0) {
      return this.buffer.length > this.maxLineBytes ? undefined : [];
    }
    return this.take(cut, false);
  }

  /** Ends the object: the values of the rest, or undefined when the rest is not whole values. */
  public end(): LedgerValue[] | undefined {
    return this.buffer.length === 0 ? [] : this.take(this.buffer.length, true);
  }

  /** The bytes not taken as values (valid until the next push). */
  public rest(): Buffer {
    return this.buffer.view();
  }

  private take(length: number, atEnd: boolean): LedgerValue[] | undefined {
    let values: LedgerValue[];
    try {
      values = parseIonTextValues(this.buffer.view().toString('utf8', 0, length), this.dictionaryPath);
    } catch {
      return undefined; // the framer reads these bytes again, and reports what is wrong with them
    }
    const last = values[values.length - 1];
    if (!atEnd && values.length > 0 && !Array.isArray(last) && !isLedgerStruct(last)) {
      return undefined;
    }
    this.buffer.take(length);
    this.taken += length;
    return values;
  }
}
