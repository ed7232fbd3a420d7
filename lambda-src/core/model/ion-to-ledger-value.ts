import { Decimal, IonTypes, Reader } from 'ion-js';
import { LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue, setStructField } from './ledger-value';

/** Plain decimal text for an Ion decimal, keeping its scale and the sign of zero. */
export function decimalText(decimal: Decimal): string {
  const digits = decimal.getCoefficient().toString().replace(/^-/, '');
  const exponent = decimal.getExponent();
  const sign = decimal.isNegative() ? '-' : '';
  if (exponent >= 0) {
    return sign + (digits === '0' ? '0' : digits + '0'.repeat(exponent));
  }
  const scale = -exponent;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
}

/**
 * Reads the value the reader is positioned on (after `reader.next()` returned its type) into a
 * LedgerValue, stepping into containers as needed. The reader is left on the same value.
 */
export function readLedgerValue(reader: Reader): LedgerValue {
  const type = reader.type();
  if (type === null || reader.isNull()) {
    return null;
  }
  switch (type) {
    case IonTypes.BOOL:
      return reader.booleanValue();
    case IonTypes.INT: {
      const big = reader.bigIntValue()!;
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case IonTypes.FLOAT:
      return reader.numberValue();
    case IonTypes.DECIMAL:
      return new LedgerDecimal(decimalText(reader.decimalValue()!));
    case IonTypes.TIMESTAMP:
      return new LedgerTimestamp(reader.timestampValue()!.toString());
    case IonTypes.STRING:
    case IonTypes.SYMBOL:
      return reader.stringValue();
    case IonTypes.BLOB:
    case IonTypes.CLOB:
      return Uint8Array.from(reader.uInt8ArrayValue()!);
    case IonTypes.LIST:
    case IonTypes.SEXP: {
      const items: LedgerValue[] = [];
      reader.stepIn();
      while (reader.next() !== null) {
        items.push(readLedgerValue(reader));
      }
      reader.stepOut();
      return items;
    }
    case IonTypes.STRUCT: {
      const struct: LedgerStruct = {};
      reader.stepIn();
      while (reader.next() !== null) {
        setStructField(struct, reader.fieldName()!, readLedgerValue(reader));
      }
      reader.stepOut();
      return struct;
    }
    default:
      throw new Error(`Unsupported Ion type ${type.name}`);
  }
}
