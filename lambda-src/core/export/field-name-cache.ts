const SIZE = 1024;
const MAX_LENGTH = 64;

/**
 * Interns the field names of a text parser: exports repeat the same few names millions of times, so a name already
 * seen is returned as the same string instead of a new slice (less garbage, faster struct building).
 */
export class FieldNameCache {
  /** Whether a plain (escape-free) name of this many characters is worth caching. */
  static accepts(length: number): boolean {
    return length > 0 && length <= MAX_LENGTH;
  }

  private readonly names: Array<string | undefined> = new Array(SIZE);

  /** The name `text[start, end)`, from the cache when it holds it. */
  name(text: string, start: number, end: number): string {
    const length = end - start;
    const slot = (length * 31 + text.charCodeAt(start) * 7 + text.charCodeAt(end - 1)) % SIZE;
    const cached = this.names[slot];
    if (cached !== undefined && cached.length === length && text.startsWith(cached, start)) {
      return cached;
    }
    const name = text.slice(start, end);
    this.names[slot] = name;
    return name;
  }
}
