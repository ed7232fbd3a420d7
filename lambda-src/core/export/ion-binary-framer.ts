import { GrowableBuffer } from './growable-buffer';

/**
 * Cuts a stream of Ion binary into batches of whole top-level values, so that an object of any size
 * is read with bounded memory by a reader that needs its whole input (ion-js).
 *
 * Top-level values are found from their type descriptors and lengths (Ion 1.0 binary encoding).
 * Each batch is made readable on its own: it starts with the Ion version marker followed by every
 * local symbol table seen since the last version marker before the batch, in order (replaying them
 * rebuilds the symbol table the batch's values were written with, appends included).
 */

export const ION_VERSION_MARKER = Buffer.from([0xe0, 0x01, 0x00, 0xea]);
/** `$ion_symbol_table` is system symbol 3. */
const ION_SYMBOL_TABLE_SID = 3;
const ANNOTATION_TYPE = 0xe;
const STRUCT_TYPE = 0xd;
const BOOL_TYPE = 0x1;
const VAR_LENGTH = 14;
const NULL_LENGTH = 15;

/** A top-level value's extent, or undefined when more bytes are needed to know it. */
interface ValueExtent {
  readonly size: number;
  readonly isSymbolTable: boolean;
  readonly isVersionMarker: boolean;
}

export class IonBinaryFramer {
  private readonly buffer = new GrowableBuffer();
  private pending: Buffer = Buffer.alloc(0);
  /** Offset in `pending` of the next top-level value not yet scanned. */
  private scanned = 0;
  /** Bytes of the stream before `pending`, for error positions. */
  private consumed = 0;
  /** Symbol tables since the last version marker, before `pending`'s start. */
  private symbolTables: Buffer[] = [];
  /** Symbol tables (or version-marker resets) found in `pending` between its start and `scanned`. */
  private pendingSymbolTables: Array<Buffer | 'reset'> = [];
  private started = false;

  /**
   * `minBatchBytes`: a batch is cut once it holds this many bytes of whole values. Small batches are converted while
   * their values are still in the young generation, where collecting them costs almost nothing.
   */
  constructor(
    private readonly objectName: string,
    private readonly minBatchBytes = 32 * 1024,
  ) {}

  public push(chunk: Buffer): Buffer | undefined {
    this.buffer.append(chunk);
    this.pending = this.buffer.view();
    this.checkVersionMarker(false);
    this.scan();
    return this.scanned >= this.minBatchBytes ? this.take(this.scanned) : undefined;
  }

  /**
   * Ends the stream: returns the remaining whole values, and an error when the stream ends inside a
   * value (to raise after reading the values before it).
   */
  public end(): { batch?: Buffer; error?: Error } {
    this.checkVersionMarker(true);
    this.scan();
    let error: Error | undefined;
    if (this.scanned < this.pending.length) {
      error = new Error(
        `${this.objectName}: the Ion binary ends inside a value that starts at byte ${this.consumed + this.scanned} ` +
          `(${this.pending.length - this.scanned} of its bytes present; the object is truncated or corrupt)`,
      );
    }
    return { batch: this.scanned > 0 ? this.take(this.scanned) : undefined, error };
  }

  private checkVersionMarker(final: boolean): void {
    if (this.started || (!final && this.pending.length < ION_VERSION_MARKER.length)) {
      return;
    }
    if (this.pending.length === 0 && final) {
      return;
    }
    if (this.pending.subarray(0, ION_VERSION_MARKER.length).compare(ION_VERSION_MARKER) !== 0) {
      throw new Error(`${this.objectName}: not Ion binary (it does not start with the Ion version marker E0 01 00 EA)`);
    }
    this.started = true;
  }

  private take(length: number): Buffer {
    const prefix = [ION_VERSION_MARKER, ...this.symbolTables];
    const batch = Buffer.concat([...prefix, this.buffer.take(length)]);
    for (const table of this.pendingSymbolTables) {
      if (table === 'reset') {
        this.symbolTables = [];
      } else {
        this.symbolTables.push(table);
      }
    }
    this.pendingSymbolTables = [];
    this.pending = this.buffer.view();
    this.consumed += length;
    this.scanned -= length;
    return batch;
  }

  private scan(): void {
    while (this.scanned < this.pending.length) {
      const extent = this.extentAt(this.scanned);
      if (extent === undefined) {
        return;
      }
      if (extent.isVersionMarker) {
        this.pendingSymbolTables.push('reset');
      } else if (extent.isSymbolTable) {
        this.pendingSymbolTables.push(Buffer.from(this.pending.subarray(this.scanned, this.scanned + extent.size)));
      }
      this.scanned += extent.size;
    }
  }

  private extentAt(offset: number): ValueExtent | undefined {
    const bytes = this.pending;
    const descriptor = bytes[offset];
    const type = Math.floor(descriptor / 16);
    const lengthCode = descriptor % 16;
    if (type === ANNOTATION_TYPE && lengthCode === 0) {
      if (offset + ION_VERSION_MARKER.length > bytes.length) {
        return undefined;
      }
      if (bytes.subarray(offset, offset + ION_VERSION_MARKER.length).compare(ION_VERSION_MARKER) !== 0) {
        this.failAt(offset, 'an invalid Ion version marker');
      }
      return { size: ION_VERSION_MARKER.length, isSymbolTable: false, isVersionMarker: true };
    }
    if (type === 0xf) {
      this.failAt(offset, `a reserved type descriptor 0x${descriptor.toString(16)}`);
    }
    if (type === BOOL_TYPE || lengthCode === NULL_LENGTH) {
      return { size: 1, isSymbolTable: false, isVersionMarker: false };
    }
    let bodyStart = offset + 1;
    let length = lengthCode;
    if (lengthCode === VAR_LENGTH || (type === STRUCT_TYPE && lengthCode === 1)) {
      const varUInt = this.readVarUInt(bodyStart);
      if (varUInt === undefined) {
        return undefined;
      }
      length = varUInt.value;
      bodyStart = varUInt.next;
    }
    const end = bodyStart + length;
    if (end > bytes.length) {
      return undefined;
    }
    let isSymbolTable = false;
    if (type === ANNOTATION_TYPE) {
      const annotationsLength = this.readVarUInt(bodyStart);
      const firstAnnotation = annotationsLength === undefined ? undefined : this.readVarUInt(annotationsLength.next);
      if (firstAnnotation === undefined || firstAnnotation.next > end) {
        this.failAt(offset, 'an annotation wrapper without annotations');
      }
      isSymbolTable = firstAnnotation.value === ION_SYMBOL_TABLE_SID;
    }
    return { size: end - offset, isSymbolTable, isVersionMarker: false };
  }

  private readVarUInt(offset: number): { value: number; next: number } | undefined {
    const bytes = this.pending;
    let value = 0;
    for (let i = offset; i < bytes.length; i++) {
      const byte = bytes[i];
      value = value * 128 + (byte % 128);
      if (value > Number.MAX_SAFE_INTEGER) {
        this.failAt(offset, 'a length that is too large');
      }
      if (byte >= 128) {
        // the last byte of a VarUInt has its high bit set
        return { value, next: i + 1 };
      }
    }
    return undefined;
  }

  private failAt(offset: number, problem: string): never {
    throw new Error(`${this.objectName}: corrupt Ion binary at byte ${this.consumed + offset}: ${problem}`);
  }
}
