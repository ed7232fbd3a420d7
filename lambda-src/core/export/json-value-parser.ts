import { Decimal } from 'ion-js';
import { DictionaryPath, OFF_PATH } from './dictionary-path';
import { FieldNameCache } from './field-name-cache';
import { decimalText } from '../model/ion-to-ledger-value';
import { dictionaryStruct, LedgerDecimal, LedgerStruct, LedgerValue, setStructField } from '../model/ledger-value';

/**
 * A lossless JSON parser producing LedgerValue directly, for the JSON Lines journal export.
 *
 * Numbers keep their exact value: an integer becomes a number when it is a safe integer and a
 * bigint otherwise; a number with a fraction or an exponent becomes a LedgerDecimal whose text is
 * the plain decimal form of the JSON text (`90.25` stays `90.25`, `-0.00` keeps its scale, `1.5e3`
 * becomes `1500`), never a binary float. Strings are decoded with every JSON escape, including
 * surrogate pairs. Objects keep their field order; a repeated field keeps its last value.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const PLUS = 0x2b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Up to 15 digits always fit a double exactly. */
const SAFE_DIGITS = 15;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Raised for text that is not valid JSON; `offset` is the position in the parsed text. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    public readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Parses one JSON value spanning `text[start, end)`, with only whitespace around it. */
export function parseJsonValue(text: string, start = 0, end = text.length): LedgerValue {
  return new JsonValueParser().parse(text, start, end);
}


/**
 * A parser to reuse for many values of one text (the lines of a chunk): it remembers where the next
 * backslash is, so strings without escapes are sliced out without scanning them char by char, and
 * it reuses the strings of field names it has seen.
 */
export class JsonValueParser {
  private text = '';
  private pos = 0;
  private end = 0;
  /** Position of the next backslash in `text` at or after the last string start (or `text.length`). */
  private nextBackslash = -1;
  private readonly fieldNames = new FieldNameCache();
  private readonly dictionaryPath: DictionaryPath;

  /** `dictionaryPath`: the names leading to the struct built as a dictionary (see DictionaryPath). */
  constructor(dictionaryPath: readonly string[] = []) {
    this.dictionaryPath = new DictionaryPath(dictionaryPath);
  }

  /** Parses one JSON value spanning `text[start, end)`, with only whitespace around it. */
  public parse(text: string, start = 0, end = text.length): LedgerValue {
    if (text !== this.text || start < this.pos) {
      this.text = text;
      this.nextBackslash = -1;
    }
    this.pos = start;
    this.end = end;
    this.skipToToken();
    const value = this.parseValue(this.dictionaryPath.root);
    if (this.skipToToken() >= 0) {
      this.fail(`unexpected ${this.describeHere()} after the value`);
    }
    return value;
  }

  /** `path`: the value's position on the dictionary path. */
  private parseValue(path: number): LedgerValue {
    if (this.pos >= this.end) {
      this.fail('unexpected end of input, a value was expected');
    }
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case OPEN_BRACE:
        return this.parseObject(path);
      case OPEN_BRACKET:
        return this.parseArray();
      case QUOTE:
        return this.parseString();
      case 0x74: // t
        return this.parseLiteral('true', true);
      case 0x66: // f
        return this.parseLiteral('false', false);
      case 0x6e: // n
        return this.parseLiteral('null', null);
      default:
        if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
          return this.parseNumber();
        }
        return this.fail(`unexpected ${this.describeHere()}, a value was expected`);
    }
  }

  private parseObject(path: number): LedgerStruct {
    const dictionaryPath = this.dictionaryPath;
    const dictionary = dictionaryPath.isDictionary(path);
    const struct: LedgerStruct = dictionary ? dictionaryStruct() : {};
    this.pos++;
    let c = this.skipToToken();
    if (c === CLOSE_BRACE) {
      this.pos++;
      return struct;
    }
    for (;;) {
      if (c !== QUOTE) {
        this.fail(`unexpected ${this.describeHere()}, a field name was expected`);
      }
      // a dictionary's names (ids) are not kept in the name cache, where they would push out the names of the schema
      const name = dictionary ? this.parseString() : this.parseKey();
      if (this.skipToToken() !== COLON) {
        this.fail(`unexpected ${this.describeHere()}, ':' was expected after field "${name}"`);
      }
      this.pos++;
      this.skipToToken();
      const value = this.parseValue(dictionaryPath.field(path, name));
      setStructField(struct, name, value);
      c = this.skipToToken();
      if (c === CLOSE_BRACE) {
        this.pos++;
        return struct;
      }
      if (c !== COMMA) {
        this.fail(`unexpected ${this.describeHere()}, ',' or '}' was expected`);
      }
      this.pos++;
      c = this.skipToToken();
    }
  }

  private parseArray(): LedgerValue[] {
    const items: LedgerValue[] = [];
    this.pos++;
    let c = this.skipToToken();
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseValue(OFF_PATH));
      c = this.skipToToken();
      if (c === CLOSE_BRACKET) {
        this.pos++;
        return items;
      }
      if (c !== COMMA) {
        this.fail(`unexpected ${this.describeHere()}, ',' or ']' was expected`);
      }
      this.pos++;
      this.skipToToken();
    }
  }

  /** A field name: a string, taken from the key cache when the same text was seen before. */
  private parseKey(): string {
    const text = this.text;
    const start = this.pos + 1;
    const close = text.indexOf('"', start);
    const length = close - start;
    if (close < 0 || close >= this.end || !FieldNameCache.accepts(length) || this.backslashAfter(start) < close) {
      return this.parseString();
    }
    this.pos = close + 1;
    return this.fieldNames.name(text, start, close);
  }

  /**
   * A string. Raw control characters are accepted inside strings (strict JSON forbids them; the
   * export never contains them and rejecting them would cost a scan of every string).
   */
  private parseString(): string {
    const text = this.text;
    const start = this.pos + 1;
    const close = text.indexOf('"', start);
    if (close < 0 || close >= this.end) {
      this.pos = this.end;
      this.fail('unexpected end of input inside a string');
    }
    const backslash = this.backslashAfter(start);
    if (backslash > close) {
      this.pos = close + 1;
      return text.slice(start, close);
    }
    return this.parseEscapedString(start, backslash);
  }

  private backslashAfter(start: number): number {
    if (this.nextBackslash < start) {
      const found = this.text.indexOf('\\', start);
      this.nextBackslash = found < 0 ? this.text.length : found;
    }
    return this.nextBackslash;
  }

  private parseEscapedString(start: number, firstEscape: number): string {
    const text = this.text;
    let result = text.slice(start, firstEscape);
    let i = firstEscape;
    let runStart = i;
    for (;;) {
      if (i >= this.end) {
        this.pos = i;
        this.fail('unexpected end of input inside a string');
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return result + text.slice(runStart, i);
      }
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      result += text.slice(runStart, i);
      if (i + 1 >= this.end) {
        this.pos = i;
        this.fail('unexpected end of input inside a string escape');
      }
      const escape = text.charCodeAt(i + 1);
      i += 2;
      switch (escape) {
        case QUOTE:
          result += '"';
          break;
        case BACKSLASH:
          result += '\\';
          break;
        case 0x2f: // /
          result += '/';
          break;
        case 0x62: // b
          result += '\b';
          break;
        case 0x66: // f
          result += '\f';
          break;
        case 0x6e: // n
          result += '\n';
          break;
        case 0x72: // r
          result += '\r';
          break;
        case 0x74: // t
          result += '\t';
          break;
        case 0x75: {
          // u: four hex digits; surrogate pairs combine because strings are UTF-16
          const hex = text.slice(i, i + 4);
          if (i + 4 > this.end || !/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = i - 2;
            this.fail('invalid \\u escape inside a string');
          }
          result += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.pos = i - 2;
          this.fail(`invalid escape \\${String.fromCharCode(escape)} inside a string`);
      }
      runStart = i;
    }
  }

  private parseNumber(): LedgerValue {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === MINUS) {
      i++;
    }
    const intStart = i;
    i = this.skipDigits(i);
    if (i === intStart || (text.charCodeAt(intStart) === DIGIT_0 && i - intStart > 1)) {
      this.pos = intStart;
      this.fail('invalid number');
    }
    let exact = true;
    let c = i < this.end ? text.charCodeAt(i) : -1;
    if (c === DOT) {
      const fractionStart = i + 1;
      i = this.skipDigits(fractionStart);
      if (i === fractionStart) {
        this.pos = i;
        this.fail('invalid number: digits expected after the decimal point');
      }
      exact = false;
      c = i < this.end ? text.charCodeAt(i) : -1;
    }
    let hasExponent = false;
    if (c === LOWER_E || c === UPPER_E) {
      i++;
      c = i < this.end ? text.charCodeAt(i) : -1;
      if (c === PLUS || c === MINUS) {
        i++;
      }
      const exponentStart = i;
      i = this.skipDigits(exponentStart);
      if (i === exponentStart) {
        this.pos = i;
        this.fail('invalid number: digits expected in the exponent');
      }
      exact = false;
      hasExponent = true;
    }
    this.pos = i;
    const numberText = text.slice(start, i);
    if (!exact) {
      return new LedgerDecimal(hasExponent ? plainDecimalText(numberText) : numberText);
    }
    if (i - intStart <= SAFE_DIGITS) {
      const value = Number(numberText);
      return value === 0 ? 0 : value;
    }
    const big = BigInt(numberText);
    return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
  }

  private skipDigits(from: number): number {
    let i = from;
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) {
        break;
      }
      i++;
    }
    return i;
  }

  private parseLiteral<T extends LedgerValue>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos) && this.pos + word.length <= this.end) {
      this.pos += word.length;
      return value;
    }
    return this.fail(`unexpected ${this.describeHere()}, a value was expected`);
  }

  /** Skips whitespace; returns the code of the character at the new position, or -1 at the end. */
  private skipToToken(): number {
    const text = this.text;
    const end = this.end;
    let i = this.pos;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c > 0x20 || (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) {
        this.pos = i;
        return c;
      }
      i++;
    }
    this.pos = i;
    return -1;
  }

  private describeHere(): string {
    if (this.pos >= this.end) {
      return 'end of input';
    }
    return `character ${JSON.stringify(this.text.slice(this.pos, this.pos + 1))}`;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} at offset ${this.pos}`, this.pos);
  }
}

/** Plain decimal text for a JSON number with an exponent (`1.5e3` -> `1500`, `25E-3` -> `0.025`). */
function plainDecimalText(numberText: string): string {
  const decimal = Decimal.parse(numberText.replace(/[eE]/, 'd'));
  if (decimal === null) {
    throw new Error(`invalid number ${numberText}`);
  }
  return decimalText(decimal);
}
