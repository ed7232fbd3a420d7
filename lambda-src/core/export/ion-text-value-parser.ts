import { Decimal } from 'ion-js';
import { base64Bytes } from './base64-bytes';
import { DictionaryPath, OFF_PATH } from './dictionary-path';
import { FieldNameCache } from './field-name-cache';
import { IonFallbackRequired } from './ion-fallback-required';
import { TimestampPrecision, timestampFieldsValid } from './ion-timestamp-text';
import { digitsAt } from '../model/digits-at';
import { decimalText } from '../model/ion-to-ledger-value';
import { dictionaryStruct, LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue, setStructField } from '../model/ledger-value';

/**
 * An Ion text parser producing LedgerValue directly, for the ION_TEXT journal export: the same
 * values as the ion-js reader followed by `readLedgerValue`, several times faster.
 *
 * It reads what exports contain: structs (field names as identifiers, 'quoted symbols' or
 * "strings"), lists, sexps, null and typed nulls, bools, decimal and hex ints, decimals, floats,
 * timestamps, strings with every escape, long strings (concatenated), symbols, blobs, clobs,
 * annotations (dropped, as `readLedgerValue` ignores them), comments and top-level version
 * markers. Anything else raises `IonFallbackRequired` and the caller reads the input with ion-js
 * instead: other symbols starting with `$` (symbol ids, `$ion_symbol_table`), operators in sexps,
 * `0b` and `_` in numbers (ion-js rejects them), long strings separated by comments or by nothing
 * (ion-js drops the second one), lone surrogates, invalid input.
 */
export function parseIonTextValues(text: string, dictionaryPath: readonly string[] = []): LedgerValue[] {
  return new IonTextValueParser(dictionaryPath).parseAll(text);
}

const enum Char {
  Tab = 0x09,
  Newline = 0x0a,
  VerticalTab = 0x0b,
  FormFeed = 0x0c,
  CarriageReturn = 0x0d,
  Space = 0x20,
  DoubleQuote = 0x22,
  Dollar = 0x24,
  SingleQuote = 0x27,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Star = 0x2a,
  Plus = 0x2b,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Digit0 = 0x30,
  Digit9 = 0x39,
  Colon = 0x3a,
  UpperD = 0x44,
  UpperE = 0x45,
  UpperT = 0x54,
  UpperX = 0x58,
  UpperZ = 0x5a,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  Underscore = 0x5f,
  LowerB = 0x62,
  LowerD = 0x64,
  LowerE = 0x65,
  LowerI = 0x69,
  LowerX = 0x78,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const TYPED_NULLS = new Set([
  'null', 'bool', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob', 'list', 'sexp', 'struct',
]);
const VERSION_MARKER = '$ion_1_0';
const KEYWORDS = new Set(['null', 'true', 'false', 'nan']);
/** Up to 15 digits always fit a double exactly. */
const SAFE_DIGITS = 15;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
/** Longer exponents are left to ion-js (their plain text would be huge). */
const MAX_EXPONENT_DIGITS = 4;
/** Raw characters ion-js refuses in a "string" or 'symbol' (tab, vertical tab and form feed are allowed). */
const SHORT_STRING_CONTROL = /[\x00-\x08\x0a\x0d-\x1f]/g;

function isDigit(c: number): boolean {
  return c >= Char.Digit0 && c <= Char.Digit9;
}

function isWhitespace(c: number): boolean {
  return c === Char.Space || c === Char.Newline || c === Char.Tab || c === Char.CarriageReturn || c === Char.VerticalTab || c === Char.FormFeed;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === Char.Underscore || c === Char.Dollar;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || isDigit(c);
}

/** Characters that may follow a number or timestamp without ion-js complaining (or -1: the end). */
function endsNumber(c: number): boolean {
  return c < 0 || isWhitespace(c) || c === Char.Comma || c === Char.CloseBracket || c === Char.CloseBrace || c === Char.CloseParen;
}

/** Characters that may follow an identifier (or -1: the end). */
function endsIdentifier(c: number): boolean {
  return endsNumber(c) || c === Char.Colon || c === Char.Slash;
}

function hexValue(c: number): number {
  if (isDigit(c)) {
    return c - Char.Digit0;
  }
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

export class IonTextValueParser {
  private text = '';
  private pos = 0;
  private end = 0;
  /** Position of the next backslash at or after the last string start (or `end`). */
  private nextBackslash = -1;
  /** Position of the next control character refused in short strings (or `end`). */
  private nextControl = -1;
  /** Set by `skipSpace` when it skipped a comment. */
  private sawComment = false;
  private readonly fieldNames = new FieldNameCache();
  private readonly dictionaryPath: DictionaryPath;

  /** `dictionaryPath`: the names leading to the struct built as a dictionary (see DictionaryPath). */
  constructor(dictionaryPath: readonly string[] = []) {
    this.dictionaryPath = new DictionaryPath(dictionaryPath);
  }

  /** Parses every top-level value of `text`. */
  public parseAll(text: string): LedgerValue[] {
    this.text = text;
    this.pos = 0;
    this.end = text.length;
    this.nextBackslash = -1;
    this.nextControl = -1;
    const values: LedgerValue[] = [];
    while (this.skipSpace() >= 0) {
      if (!this.skipVersionMarker()) {
        values.push(this.parseValue(false, this.dictionaryPath.root));
      }
    }
    return values;
  }

  /**
   * A top-level `$ion_1_0` followed by whitespace (or the end) is the Ion version marker: ion-js
   * drops it and resets its symbol table, which this parser never uses (symbol tables are left to
   * ion-js). Any other use of the symbol is left to ion-js.
   */
  private skipVersionMarker(): boolean {
    const after = this.pos + VERSION_MARKER.length;
    if (this.text.startsWith(VERSION_MARKER, this.pos) && (after >= this.end || isWhitespace(this.text.charCodeAt(after)))) {
      this.pos = after;
      if (this.skipSpace() !== Char.Colon) {
        return true;
      }
      this.pos = after - VERSION_MARKER.length;
    }
    return false;
  }

  /** `path`: the value's position on the dictionary path. */
  private parseValue(inSexp: boolean, path = OFF_PATH): LedgerValue {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    switch (c) {
      case Char.OpenBrace:
        return text.charCodeAt(this.pos + 1) === Char.OpenBrace ? this.parseLob() : this.parseStruct(path);
      case Char.OpenBracket:
        return this.parseList();
      case Char.OpenParen:
        return this.parseSexp();
      case Char.DoubleQuote:
        return this.parseShortString(Char.DoubleQuote);
      case Char.SingleQuote:
        if (this.isTripleQuote(this.pos)) {
          return this.parseLongStrings();
        }
        return this.afterSymbol(this.parseQuotedSymbol(), inSexp);
      case Char.Plus:
        if (text.startsWith('+inf', this.pos) && endsNumber(this.charAt(this.pos + 4))) {
          this.pos += 4;
          return Infinity;
        }
        return this.fallback('an operator symbol or a + sign');
      case Char.Minus:
        if (text.startsWith('-inf', this.pos) && endsNumber(this.charAt(this.pos + 4))) {
          this.pos += 4;
          return -Infinity;
        }
        if (inSexp && !isDigit(this.charAt(this.pos + 1))) {
          return this.fallback('an operator symbol in a sexp');
        }
        return this.parseNumberOrTimestamp();
      default:
        if (isDigit(c)) {
          return this.parseNumberOrTimestamp();
        }
        if (isIdentifierStart(c)) {
          return this.parseIdentifierValue(inSexp);
        }
        return this.fallback(`the character ${JSON.stringify(text.charAt(this.pos))}`);
    }
  }

  private parseStruct(path: number): LedgerStruct {
    const dictionaryPath = this.dictionaryPath;
    const dictionary = dictionaryPath.isDictionary(path);
    const struct: LedgerStruct = dictionary ? dictionaryStruct() : {};
    this.pos++;
    let c = this.skipSpace();
    while (c !== Char.CloseBrace) {
      const name = this.parseFieldName(c, dictionary);
      if (this.skipSpace() !== Char.Colon || this.charAt(this.pos + 1) === Char.Colon) {
        this.fallback(`a field name "${name}" not followed by ':'`);
      }
      this.pos++;
      if (this.skipSpace() < 0) {
        this.fallback('the end of the text inside a struct');
      }
      setStructField(struct, name, this.parseValue(false, dictionaryPath.field(path, name)));
      c = this.skipSpace();
      if (c === Char.Comma) {
        this.pos++;
        c = this.skipSpace();
      } else if (c !== Char.CloseBrace) {
        this.fallback("a struct field not followed by ',' or '}'");
      }
    }
    this.pos++;
    return struct;
  }

  /** `uncached`: for the names of a dictionary (ids), which would push the names of the schema out of the name cache. */
  private parseFieldName(c: number, uncached: boolean): string {
    if (c === Char.DoubleQuote) {
      return uncached ? this.parseShortString(Char.DoubleQuote) : this.parseKey();
    }
    if (c === Char.SingleQuote) {
      if (this.isTripleQuote(this.pos)) {
        return this.fallback('a long string as a field name');
      }
      return this.parseShortString(Char.SingleQuote);
    }
    if (isIdentifierStart(c)) {
      const name = this.scanIdentifier();
      if (KEYWORDS.has(name) || name.charCodeAt(0) === Char.Dollar) {
        this.fallback(`the field name ${name}`);
      }
      return name;
    }
    return this.fallback("a struct without a field name or '}'");
  }

  private parseList(): LedgerValue[] {
    const items: LedgerValue[] = [];
    this.pos++;
    let c = this.skipSpace();
    while (c !== Char.CloseBracket) {
      if (c < 0 || c === Char.Comma) {
        this.fallback("a list without a value or ']'");
      }
      items.push(this.parseValue(false));
      c = this.skipSpace();
      if (c === Char.Comma) {
        this.pos++;
        c = this.skipSpace();
      } else if (c !== Char.CloseBracket) {
        this.fallback("a list value not followed by ',' or ']'");
      }
    }
    this.pos++;
    return items;
  }

  private parseSexp(): LedgerValue[] {
    const items: LedgerValue[] = [];
    this.pos++;
    let c = this.skipSpace();
    while (c !== Char.CloseParen) {
      if (c < 0) {
        this.fallback('the end of the text inside a sexp');
      }
      items.push(this.parseValue(true));
      c = this.skipSpace();
    }
    this.pos++;
    return items;
  }

  /** An identifier in value position: a keyword, an annotation, or a symbol. */
  private parseIdentifierValue(inSexp: boolean): LedgerValue {
    const start = this.pos;
    const word = this.scanIdentifier();
    if (word === 'null' && this.charAt(this.pos) === Char.Dot) {
      this.pos++;
      const type = isIdentifierStart(this.charAt(this.pos)) ? this.scanIdentifier() : '';
      if (!TYPED_NULLS.has(type)) {
        this.pos = start;
        this.fallback(`the typed null null.${type}`);
      }
      if (!endsIdentifier(this.charAt(this.pos))) {
        this.fallback(`the character ${JSON.stringify(this.text.charAt(this.pos))} after null.${type}`);
      }
      return this.keywordValue(null);
    }
    if (!endsIdentifier(this.charAt(this.pos))) {
      this.fallback(`the character ${JSON.stringify(this.text.charAt(this.pos))} after ${word}`);
    }
    switch (word) {
      case 'null':
        return this.keywordValue(null);
      case 'true':
        return this.keywordValue(true);
      case 'false':
        return this.keywordValue(false);
      case 'nan':
        return this.keywordValue(NaN);
      default:
        if (word.charCodeAt(0) === Char.Dollar) {
          this.pos = start;
          this.fallback(`the symbol ${word} (symbol ids, version markers and symbol tables are left to ion-js)`);
        }
        return this.afterSymbol(word, inSexp);
    }
  }

  private keywordValue<T extends LedgerValue>(value: T): T {
    const after = this.pos;
    if (this.skipSpace() === Char.Colon) {
      this.fallback('a keyword used as an annotation or field name');
    }
    this.pos = after;
    return value;
  }

  /** After a symbol: either an annotation (`a::value`, dropped) or the symbol as the value. */
  private afterSymbol(symbol: string, inSexp: boolean): LedgerValue {
    const after = this.pos;
    const c = this.skipSpace();
    if (c !== Char.Colon) {
      this.pos = after;
      return symbol;
    }
    if (this.charAt(this.pos + 1) !== Char.Colon || this.sawComment) {
      this.fallback(`a ':' after the symbol ${symbol} that does not make an annotation`);
    }
    this.pos += 2;
    if (this.skipSpace() < 0) {
      this.fallback('an annotation without a value');
    }
    return this.parseValue(inSexp);
  }

  private scanIdentifier(): string {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    while (i < this.end && isIdentifierPart(text.charCodeAt(i))) {
      i++;
    }
    this.pos = i;
    return text.slice(start, i);
  }

  private parseNumberOrTimestamp(): LedgerValue {
    const text = this.text;
    const start = this.pos;
    let i = start;
    const negative = text.charCodeAt(i) === Char.Minus;
    if (negative) {
      i++;
    }
    const digitsStart = i;
    while (i < this.end && isDigit(text.charCodeAt(i))) {
      i++;
    }
    const digitCount = i - digitsStart;
    let c = this.charAt(i);
    if (digitCount === 0) {
      return this.fallback('a minus sign not followed by a digit');
    }
    if (!negative && digitCount === 4 && (c === Char.Minus || c === Char.UpperT)) {
      return this.parseTimestamp(start);
    }
    const leadingZero = text.charCodeAt(digitsStart) === Char.Digit0;
    if (leadingZero && digitCount === 1 && (c === Char.LowerX || c === Char.UpperX)) {
      return this.parseHexInt(start, negative, i + 1);
    }
    if (leadingZero && digitCount > 1) {
      return this.fallback('a number with leading zeros');
    }
    let isDecimal = false;
    let isFloat = false;
    let plainFraction = false;
    if (c === Char.Dot) {
      const fractionStart = ++i;
      while (i < this.end && isDigit(text.charCodeAt(i))) {
        i++;
      }
      isDecimal = true;
      plainFraction = i > fractionStart;
      c = this.charAt(i);
    }
    if (c === Char.LowerD || c === Char.UpperD || c === Char.LowerE || c === Char.UpperE) {
      isFloat = c === Char.LowerE || c === Char.UpperE;
      isDecimal = !isFloat;
      plainFraction = false;
      i++;
      c = this.charAt(i);
      if (c === Char.Plus || c === Char.Minus) {
        i++;
      }
      const exponentStart = i;
      while (i < this.end && isDigit(text.charCodeAt(i))) {
        i++;
      }
      if (i === exponentStart || (isDecimal && i - exponentStart > MAX_EXPONENT_DIGITS)) {
        return this.fallback('a number with a missing or very long exponent');
      }
    }
    if (!endsNumber(this.charAt(i))) {
      this.pos = i;
      return this.fallback(`the character ${JSON.stringify(text.charAt(i))} after a number`);
    }
    this.pos = i;
    if (!isFloat && !isDecimal && digitCount <= SAFE_DIGITS) {
      let value = 0;
      for (let d = digitsStart; d < i; d++) {
        value = value * 10 + text.charCodeAt(d) - Char.Digit0;
      }
      return negative && value !== 0 ? -value : value;
    }
    const token = text.slice(start, i);
    if (isFloat) {
      return Number(token);
    }
    if (isDecimal) {
      // a plain decimal is already in the form decimalText writes; others go through ion-js's Decimal
      return new LedgerDecimal(plainFraction ? token : decimalText(Decimal.parse(token)!));
    }
    return safeIntOrBigInt(BigInt(token));
  }

  private parseHexInt(start: number, negative: boolean, digitsStart: number): LedgerValue {
    const text = this.text;
    let i = digitsStart;
    while (i < this.end && hexValue(text.charCodeAt(i)) >= 0) {
      i++;
    }
    if (i === digitsStart || !endsNumber(this.charAt(i))) {
      this.pos = start;
      return this.fallback('a hexadecimal int without digits or with an unexpected character');
    }
    this.pos = i;
    const magnitude = BigInt(`0x${text.slice(digitsStart, i)}`);
    return safeIntOrBigInt(negative ? -magnitude : magnitude);
  }

  /**
   * A timestamp in one of Ion's spellings: `2020T`, `2020-05T`, `2020-05-14` or `2020-05-14T`, then
   * `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff` followed by `Z` or `+hh:mm` / `-hh:mm`.
   */
  private parseTimestamp(start: number): LedgerValue {
    const text = this.text;
    const year = this.digitsAt(start, 4);
    let precision = TimestampPrecision.Year;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let offsetMinutes = -0;
    let i = start + 4;
    let appendT = false;
    let zulu = -1;
    if (text.charCodeAt(i) === Char.UpperT) {
      i++;
    } else {
      month = this.digitsAt(i + 1, 2);
      precision = TimestampPrecision.Month;
      i += 3;
      if (text.charCodeAt(i) === Char.UpperT) {
        i++;
      } else if (text.charCodeAt(i) === Char.Minus) {
        day = this.digitsAt(i + 1, 2);
        precision = TimestampPrecision.Day;
        i += 3;
        if (text.charCodeAt(i) !== Char.UpperT) {
          appendT = true;
        } else if (!isDigit(this.charAt(++i))) {
          // 2020-05-14T
        } else {
          hour = this.digitsAt(i, 2);
          if (text.charCodeAt(i + 2) !== Char.Colon) {
            return this.fallback('a timestamp hour not followed by minutes');
          }
          minute = this.digitsAt(i + 3, 2);
          precision = TimestampPrecision.Minute;
          i += 5;
          if (text.charCodeAt(i) === Char.Colon) {
            second = this.digitsAt(i + 1, 2);
            precision = TimestampPrecision.Second;
            i += 3;
            if (text.charCodeAt(i) === Char.Dot) {
              const fractionStart = ++i;
              while (i < this.end && isDigit(text.charCodeAt(i))) {
                i++;
              }
              if (i === fractionStart) {
                return this.fallback('a timestamp with no digits after the decimal point');
              }
            }
          }
          const sign = text.charCodeAt(i);
          if (sign === Char.UpperZ) {
            offsetMinutes = 0;
            i++;
          } else if ((sign === Char.Plus || sign === Char.Minus) && text.charCodeAt(i + 3) === Char.Colon) {
            const magnitude = this.digitsAt(i + 1, 2) * 60 + this.digitsAt(i + 4, 2);
            if (this.digitsAt(i + 4, 2) > 59) {
              return this.fallback('a timestamp offset with more than 59 minutes');
            }
            offsetMinutes = sign === Char.Minus ? -magnitude : magnitude;
            if (magnitude === 0 && sign === Char.Plus) {
              zulu = i;
            }
            i += 6;
          } else {
            return this.fallback('a timestamp without a valid offset');
          }
        }
      } else {
        return this.fallback("a timestamp month not followed by '-' or 'T'");
      }
    }
    if (!endsNumber(this.charAt(i))) {
      this.pos = i;
      return this.fallback(`the character ${JSON.stringify(text.charAt(i))} after a timestamp`);
    }
    if (!timestampFieldsValid(precision, year, month, day, hour, minute, second, offsetMinutes)) {
      return this.fallback('a timestamp with out-of-range fields');
    }
    this.pos = i;
    // the token is already in the form ion-js writes, but for +00:00 (written Z) and a missing final T
    if (zulu >= 0) {
      return new LedgerTimestamp(`${text.slice(start, zulu)}Z`);
    }
    return new LedgerTimestamp(appendT ? `${text.slice(start, i)}T` : text.slice(start, i));
  }

  /** A fixed number of decimal digits at `at`; falls back when one is not a digit. */
  private digitsAt(at: number, count: number): number {
    const value = digitsAt(this.text, at, count, this.end);
    if (value < 0) {
      this.pos = at;
      this.fallback('a timestamp with a missing digit');
    }
    return value;
  }

  /** A field name in double quotes, taken from the key cache when the same text was seen before. */
  private parseKey(): string {
    const text = this.text;
    const start = this.pos + 1;
    const close = text.indexOf('"', start);
    const length = close - start;
    if (close < 0 || !FieldNameCache.accepts(length) || this.backslashAfter(start) < close || this.controlAfter(start) < close) {
      return this.parseShortString(Char.DoubleQuote);
    }
    this.pos = close + 1;
    return this.fieldNames.name(text, start, close);
  }

  /** A 'quoted symbol' in value or annotation position. */
  private parseQuotedSymbol(): string {
    const start = this.pos;
    const symbol = this.parseShortString(Char.SingleQuote);
    if (symbol.charCodeAt(0) === Char.Dollar) {
      this.pos = start;
      this.fallback(`the quoted symbol '${symbol}' (system symbols are left to ion-js)`);
    }
    return symbol;
  }

  /** A "string" or a 'quoted symbol' starting at `pos`. */
  private parseShortString(quote: number): string {
    const text = this.text;
    const start = this.pos + 1;
    const close = text.indexOf(quote === Char.DoubleQuote ? '"' : "'", start);
    if (close < 0) {
      return this.fallback('an unterminated string');
    }
    if (this.backslashAfter(start) > close && this.controlAfter(start) > close) {
      this.pos = close + 1;
      return text.slice(start, close);
    }
    return this.parseEscapedString(start, quote, false);
  }

  /** Characters from `start` up to the closing quote(s), decoding escapes; `pos` ends after the quotes. */
  private parseEscapedString(start: number, quote: number, long: boolean): string {
    const text = this.text;
    let result = '';
    let runStart = start;
    let i = start;
    for (;;) {
      if (i >= this.end) {
        this.pos = start;
        return this.fallback('an unterminated string');
      }
      const c = text.charCodeAt(i);
      if (c === quote && (!long || this.isTripleQuote(i))) {
        this.pos = i + (long ? 3 : 1);
        return result + text.slice(runStart, i);
      }
      if (c < Char.Space && c !== Char.Tab && c !== Char.VerticalTab && c !== Char.FormFeed && !(long && c === Char.Newline)) {
        this.pos = i;
        return this.fallback(`the raw control character ${c} in a string`);
      }
      if (c !== Char.Backslash) {
        i++;
        continue;
      }
      result += text.slice(runStart, i);
      const escape = this.decodeEscape(i, false);
      result += escape.text;
      i = escape.next;
      runStart = i;
    }
  }

  /** Decodes the escape at `at` (a backslash); in a clob, \u and \U are not allowed. */
  private decodeEscape(at: number, inClob: boolean): { text: string; next: number } {
    const text = this.text;
    const escape = this.charAt(at + 1);
    switch (escape) {
      case 0x30: return { text: '\0', next: at + 2 };
      case 0x61: return { text: '\x07', next: at + 2 };
      case 0x62: return { text: '\b', next: at + 2 };
      case 0x74: return { text: '\t', next: at + 2 };
      case 0x6e: return { text: '\n', next: at + 2 };
      case 0x66: return { text: '\f', next: at + 2 };
      case 0x72: return { text: '\r', next: at + 2 };
      case 0x76: return { text: '\v', next: at + 2 };
      case Char.DoubleQuote: return { text: '"', next: at + 2 };
      case Char.SingleQuote: return { text: "'", next: at + 2 };
      case 0x3f: return { text: '?', next: at + 2 };
      case Char.Backslash: return { text: '\\', next: at + 2 };
      case Char.Slash: return { text: '/', next: at + 2 };
      case Char.Newline: return { text: '', next: at + 2 };
      case 0x78: return { text: String.fromCharCode(this.hexAt(at + 2, 2)), next: at + 4 };
      case 0x75:
      case 0x55: {
        if (inClob) {
          break;
        }
        const width = escape === 0x75 ? 4 : 8;
        const code = this.hexAt(at + 2, width);
        let next = at + 2 + width;
        if (code >= 0xd800 && code <= 0xdbff) {
          // a high surrogate must be followed by an escaped low surrogate
          if (text.charCodeAt(next) !== Char.Backslash || text.charCodeAt(next + 1) !== 0x75) {
            break;
          }
          const low = this.hexAt(next + 2, 4);
          if (low < 0xdc00 || low > 0xdfff) {
            break;
          }
          next += 6;
          return { text: String.fromCharCode(code, low), next };
        }
        if ((code >= 0xdc00 && code <= 0xdfff) || code > 0x10ffff) {
          break;
        }
        return { text: String.fromCodePoint(code), next };
      }
    }
    this.pos = at;
    return this.fallback(`the escape ${JSON.stringify(text.slice(at, at + 2))}`);
  }

  private hexAt(at: number, count: number): number {
    let value = 0;
    for (let i = at; i < at + count; i++) {
      const digit = hexValue(this.charAt(i));
      if (digit < 0) {
        this.pos = at;
        this.fallback('an escape with a missing hexadecimal digit');
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /**
   * One or more '''long strings''' separated by whitespace, concatenated. Separated by a comment or
   * by nothing, ion-js keeps only the first one: those are left to it.
   */
  private parseLongStrings(): string {
    let result = '';
    for (;;) {
      result += this.parseEscapedString(this.pos + 3, Char.SingleQuote, true);
      const after = this.pos;
      const c = this.skipSpace();
      if (c === Char.SingleQuote && this.isTripleQuote(this.pos)) {
        if (this.sawComment || this.pos === after) {
          this.fallback('long strings separated by a comment or by nothing');
        }
        continue;
      }
      this.pos = after;
      return result;
    }
  }

  /** A blob `{{ base64 }}` or a clob `{{ "text" }}` / `{{ '''text''' }}`. */
  private parseLob(): Uint8Array {
    const text = this.text;
    this.pos += 2;
    const c = this.skipPlainSpace();
    if (c === Char.DoubleQuote || c === Char.SingleQuote) {
      return this.parseClob(c);
    }
    const close = text.indexOf('}}', this.pos);
    if (close < 0) {
      return this.fallback('an unterminated blob');
    }
    let end = close;
    while (end > this.pos && isWhitespace(text.charCodeAt(end - 1))) {
      end--;
    }
    // whitespace inside the base64 is allowed: decode again without it when the first try fails
    const bytes = base64Bytes(text, this.pos, end) ?? base64Bytes(text.slice(this.pos, end).replace(/[ \t\n\r\v\f]/g, ''));
    if (bytes === undefined) {
      return this.fallback('a blob that is not canonical base64');
    }
    this.pos = close + 2;
    return bytes;
  }

  private parseClob(quote: number): Uint8Array {
    const long = quote === Char.SingleQuote && this.isTripleQuote(this.pos);
    if (quote === Char.SingleQuote && !long) {
      return this.fallback('a quoted symbol inside {{ }}');
    }
    let content = '';
    for (;;) {
      content += this.parseClobText(long);
      const c = this.skipPlainSpace();
      if (long && c === Char.SingleQuote && this.isTripleQuote(this.pos)) {
        continue;
      }
      if (c !== Char.CloseBrace || this.charAt(this.pos + 1) !== Char.CloseBrace) {
        return this.fallback("a clob not closed by '}}'");
      }
      this.pos += 2;
      const bytes = new Uint8Array(content.length);
      for (let i = 0; i < content.length; i++) {
        bytes[i] = content.charCodeAt(i);
      }
      return bytes;
    }
  }

  /** The text of one clob string (ASCII only, no \u escapes), `pos` at its opening quote(s). */
  private parseClobText(long: boolean): string {
    const text = this.text;
    let i = this.pos + (long ? 3 : 1);
    let result = '';
    for (;;) {
      const c = this.charAt(i);
      if (c < 0) {
        return this.fallback('an unterminated clob');
      }
      if (long ? c === Char.SingleQuote && this.isTripleQuote(i) : c === Char.DoubleQuote) {
        this.pos = i + (long ? 3 : 1);
        return result;
      }
      if (c >= 0x7f || (c < Char.Space && !(long && c === Char.Newline))) {
        this.pos = i;
        return this.fallback(`the character ${c} in a clob`);
      }
      if (c === Char.Backslash) {
        const escape = this.decodeEscape(i, true);
        result += escape.text;
        i = escape.next;
      } else {
        result += text.charAt(i);
        i++;
      }
    }
  }

  private isTripleQuote(at: number): boolean {
    const text = this.text;
    return text.charCodeAt(at) === Char.SingleQuote && text.charCodeAt(at + 1) === Char.SingleQuote && text.charCodeAt(at + 2) === Char.SingleQuote;
  }

  private charAt(at: number): number {
    return at < this.end ? this.text.charCodeAt(at) : -1;
  }

  private backslashAfter(start: number): number {
    if (this.nextBackslash < start) {
      const found = this.text.indexOf('\\', start);
      this.nextBackslash = found < 0 ? this.end : found;
    }
    return this.nextBackslash;
  }

  private controlAfter(start: number): number {
    if (this.nextControl < start) {
      SHORT_STRING_CONTROL.lastIndex = start;
      const found = SHORT_STRING_CONTROL.exec(this.text);
      this.nextControl = found === null ? this.end : found.index;
    }
    return this.nextControl;
  }

  /** Skips whitespace only (inside lobs, where ion-js allows no comments). */
  private skipPlainSpace(): number {
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (!isWhitespace(c)) {
        return c;
      }
      this.pos++;
    }
    return -1;
  }

  /** Skips whitespace and comments; returns the next character, or -1 at the end. */
  private skipSpace(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const c = this.text.charCodeAt(pos);
      if (c > Char.Space && c !== Char.Slash) {
        this.sawComment = false;
        return c;
      }
    }
    return this.skipSpaceAndComments();
  }

  private skipSpaceAndComments(): number {
    const text = this.text;
    const end = this.end;
    this.sawComment = false;
    let i = this.pos;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
        continue;
      }
      if (c !== Char.Slash) {
        this.pos = i;
        return c;
      }
      const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
      if (next === Char.Slash) {
        while (i < end && text.charCodeAt(i) !== Char.Newline && text.charCodeAt(i) !== Char.CarriageReturn) {
          i++;
        }
      } else if (next === Char.Star) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) {
          this.pos = i;
          return this.fallback('an unterminated comment');
        }
        i = close + 2;
      } else {
        this.pos = i;
        return this.fallback("a '/' that does not start a comment");
      }
      this.sawComment = true;
    }
    this.pos = i;
    return -1;
  }

  private fallback(reason: string): never {
    throw new IonFallbackRequired(`Ion text with ${reason}`, this.pos);
  }
}

function safeIntOrBigInt(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}
