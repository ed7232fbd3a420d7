/**
 * Raised by the fast Ion parsers (text and binary) when the input holds something they do not read
 * themselves: a construct they leave to ion-js (symbol tables in text, shared imports, NOP padding,
 * unusual spellings) or input that is not valid Ion. The caller then reads the same bytes with
 * ion-js, so that the values (or the error) are exactly those of the ion-js reader.
 */
export class IonFallbackRequired extends Error {
  constructor(
    /** What the fast parser does not read, e.g. `a local symbol table in Ion text`. */
    public readonly reason: string,
    /** Offset in the parsed input (characters for text, bytes for binary). */
    public readonly offset: number,
  ) {
    super(`${reason} at offset ${offset}`);
    this.name = 'IonFallbackRequired';
  }
}
