import { GrowableBuffer } from './growable-buffer';

/**
 * Cuts a stream of Ion text into batches of whole top-level values, so that an object of any size is
 * read with bounded memory by a reader that needs its whole input (ion-js).
 *
 * A cut is made only right after a top-level container closes. The scanner follows just enough of
 * the Ion text grammar to find those points: strings ("..." and '''...'''), quoted symbols, comments
 * and lobs ({{ ... }}) may contain brackets that do not count. Cuts fall on ASCII bytes, so UTF-8
 * sequences are never split. Symbol tables in Ion text are not carried across batches (QLDB's text
 * export writes symbol text inline).
 */

const enum State {
  Normal,
  String,
  LongString,
  Symbol,
  LineComment,
  BlockComment,
  Lob,
}

const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

const STATE_NAMES: Record<State, string> = {
  [State.Normal]: 'a value',
  [State.String]: 'a string',
  [State.LongString]: 'a long string',
  [State.Symbol]: 'a quoted symbol',
  [State.LineComment]: 'a comment',
  [State.BlockComment]: 'a comment',
  [State.Lob]: 'a blob or clob',
};

export class IonTextFramer {
  private readonly buffer = new GrowableBuffer();
  private pending: Buffer = Buffer.alloc(0);
  /** Offset in `pending` up to which bytes are scanned. */
  private scanned = 0;
  /** Offset in `pending` just after the last top-level container. */
  private lastCut = 0;
  /** Bytes of the stream before `pending`, for error positions. */
  private consumed = 0;
  private state = State.Normal;
  /** The state to return to when a string inside a lob ends. */
  private stringReturn = State.Normal;
  private depth = 0;

  /**
   * `minBatchBytes`: a batch is cut once it holds this many bytes of whole values. Small batches are converted while
   * their values are still in the young generation, where collecting them costs almost nothing.
   */
  constructor(
    private readonly objectName: string,
    private readonly minBatchBytes = 32 * 1024,
    /** Bytes of the object before the first byte pushed (for the offsets in error messages). */
    consumedBefore = 0,
  ) {
    this.consumed = consumedBefore;
  }

  /** Adds a chunk; returns a batch of whole top-level values when enough have accumulated. */
  public push(chunk: Buffer): Buffer | undefined {
    this.buffer.append(chunk);
    this.pending = this.buffer.view();
    this.scan(false);
    if (this.lastCut >= this.minBatchBytes) {
      return this.take(this.lastCut);
    }
    return undefined;
  }

  /**
   * Ends the stream: returns the remaining whole values, and an error when the stream ends inside a
   * value (to raise after reading the values before it).
   */
  public end(): { batch?: Buffer; error?: Error } {
    this.scan(true);
    if (this.state !== State.Normal || this.depth !== 0) {
      const inside = this.depth !== 0 && this.state === State.Normal ? 'a container' : STATE_NAMES[this.state];
      const error = new Error(
        `${this.objectName}: the Ion text ends inside ${inside} at byte ${this.consumed + this.pending.length} (the object is truncated or corrupt)`,
      );
      return { batch: this.lastCut > 0 ? this.take(this.lastCut) : undefined, error };
    }
    return { batch: this.pending.length > 0 ? this.take(this.pending.length) : undefined };
  }

  private take(length: number): Buffer {
    const batch = this.buffer.take(length);
    this.pending = this.buffer.view();
    this.consumed += length;
    this.scanned -= length;
    this.lastCut = 0;
    return batch;
  }

  /** Scans new bytes; stops early when a token needs bytes not yet received (unless `final`). */
  private scan(final: boolean): void {
    const bytes = this.pending;
    const length = bytes.length;
    let i = this.scanned;
    let state = this.state;
    let depth = this.depth;
    const lookahead = (offset: number): number => (i + offset < length ? bytes[i + offset] : -1);
    const needMore = (count: number): boolean => !final && i + count >= length;
    scanning: while (i < length) {
      const c = bytes[i];
      switch (state) {
        case State.Normal:
          if (c === DOUBLE_QUOTE) {
            state = State.String;
            this.stringReturn = State.Normal;
          } else if (c === SINGLE_QUOTE) {
            if (needMore(2)) {
              break scanning;
            }
            if (lookahead(1) === SINGLE_QUOTE && lookahead(2) === SINGLE_QUOTE) {
              state = State.LongString;
              this.stringReturn = State.Normal;
              i += 2;
            } else if (lookahead(1) === SINGLE_QUOTE) {
              i += 1; // the empty symbol ''
            } else {
              state = State.Symbol;
            }
          } else if (c === SLASH) {
            if (needMore(1)) {
              break scanning;
            }
            if (lookahead(1) === SLASH) {
              state = State.LineComment;
              i += 1;
            } else if (lookahead(1) === STAR) {
              state = State.BlockComment;
              i += 1;
            }
          } else if (c === 0x7b) {
            // {
            if (needMore(1)) {
              break scanning;
            }
            if (lookahead(1) === 0x7b) {
              state = State.Lob;
              i += 1;
            } else {
              depth++;
            }
          } else if (c === 0x5b || c === 0x28) {
            depth++;
          } else if (c === 0x7d || c === 0x5d || c === 0x29) {
            depth--;
            if (depth < 0) {
              this.failAt(i, `unbalanced '${String.fromCharCode(c)}'`);
            }
            if (depth === 0) {
              this.lastCut = i + 1;
            }
          }
          break;
        case State.String:
          if (c === BACKSLASH) {
            if (needMore(1)) {
              break scanning;
            }
            i += 1;
          } else if (c === DOUBLE_QUOTE) {
            state = this.stringReturn;
          }
          break;
        case State.LongString:
          if (c === BACKSLASH) {
            if (needMore(1)) {
              break scanning;
            }
            i += 1;
          } else if (c === SINGLE_QUOTE) {
            if (needMore(2)) {
              break scanning;
            }
            if (lookahead(1) === SINGLE_QUOTE && lookahead(2) === SINGLE_QUOTE) {
              state = this.stringReturn;
              i += 2;
            }
          }
          break;
        case State.Symbol:
          if (c === BACKSLASH) {
            if (needMore(1)) {
              break scanning;
            }
            i += 1;
          } else if (c === SINGLE_QUOTE) {
            state = State.Normal;
          }
          break;
        case State.LineComment:
          if (c === NEWLINE || c === CARRIAGE_RETURN) {
            state = State.Normal;
          }
          break;
        case State.BlockComment:
          if (c === STAR) {
            if (needMore(1)) {
              break scanning;
            }
            if (lookahead(1) === SLASH) {
              state = State.Normal;
              i += 1;
            }
          }
          break;
        case State.Lob:
          if (c === DOUBLE_QUOTE) {
            state = State.String;
            this.stringReturn = State.Lob;
          } else if (c === SINGLE_QUOTE) {
            if (needMore(2)) {
              break scanning;
            }
            if (lookahead(1) === SINGLE_QUOTE && lookahead(2) === SINGLE_QUOTE) {
              state = State.LongString;
              this.stringReturn = State.Lob;
              i += 2;
            }
          } else if (c === 0x7d) {
            if (needMore(1)) {
              break scanning;
            }
            if (lookahead(1) === 0x7d) {
              state = State.Normal;
              i += 1;
              if (depth === 0) {
                this.lastCut = i + 1;
              }
            }
          }
          break;
      }
      i++;
    }
    this.scanned = Math.min(i, length);
    this.state = state;
    this.depth = depth;
  }

  private failAt(offset: number, problem: string): never {
    throw new Error(`${this.objectName}: invalid Ion text at byte ${this.consumed + offset}: ${problem}`);
  }
}
