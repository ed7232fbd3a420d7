/** The position of a value off the dictionary path (no struct under it is the dictionary). */
export const OFF_PATH = -1;

/**
 * The field names leading from each top-level value to a struct keyed by data rather than by a schema (a block's
 * `transactionInfo.documents`, keyed by document ids), which the fast parsers build as a dictionary (see
 * `dictionaryStruct`). A parser carries each value's position on the path: how many of its names lead to the value,
 * or OFF_PATH. Values inside lists are off the path.
 */
export class DictionaryPath {
  /** The position of a top-level value. */
  public readonly root: number;

  constructor(private readonly names: readonly string[] = []) {
    this.root = names.length > 0 ? 0 : OFF_PATH;
  }

  /** Whether the struct at `position` is the dictionary. */
  public isDictionary(position: number): boolean {
    return position === this.names.length;
  }

  /** The position of the value of the field `name` of the struct at `position`. */
  public field(position: number, name: string): number {
    const names = this.names;
    return position >= 0 && position < names.length && name === names[position] ? position + 1 : OFF_PATH;
  }
}
