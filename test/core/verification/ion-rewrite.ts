import { IonTypes, makeBinaryWriter, makeReader, Reader, Writer } from 'ion-js';

/** A path of struct field names and list indexes from the top-level value. */
export type IonPath = ReadonlyArray<string | number>;

/** Writes a replacement for the value the reader is on (its field name is already written). */
export type Replacement = (reader: Reader, writer: Writer) => void;

/**
 * Writes the value the reader is on, without its field name (ion-js's own writeValue writes the field
 * name itself inside a struct, which does not suit copying one value into another place).
 */
export function writeValueOnly(reader: Reader, writer: Writer): void {
  const type = reader.type()!;
  writer.setAnnotations(reader.annotations());
  if (reader.isNull()) {
    writer.writeNull(type);
    return;
  }
  if (!type.isContainer) {
    switch (type) {
      case IonTypes.BOOL: return writer.writeBoolean(reader.booleanValue());
      case IonTypes.INT: return writer.writeInt(reader.bigIntValue());
      case IonTypes.FLOAT: return writer.writeFloat64(reader.numberValue());
      case IonTypes.DECIMAL: return writer.writeDecimal(reader.decimalValue());
      case IonTypes.TIMESTAMP: return writer.writeTimestamp(reader.timestampValue());
      case IonTypes.SYMBOL: return writer.writeSymbol(reader.stringValue());
      case IonTypes.STRING: return writer.writeString(reader.stringValue());
      case IonTypes.CLOB: return writer.writeClob(reader.uInt8ArrayValue());
      case IonTypes.BLOB: return writer.writeBlob(reader.uInt8ArrayValue());
      default: throw new Error(`cannot copy ${type.name}`);
    }
  }
  writer.stepIn(type);
  reader.stepIn();
  while (reader.next() !== null) {
    if (type === IonTypes.STRUCT) {
      writer.writeFieldName(reader.fieldName()!);
    }
    writeValueOnly(reader, writer);
  }
  reader.stepOut();
  writer.stepOut();
}

/**
 * Copies the single top-level Ion value to Ion binary, value by value, replacing the value at `path`
 * with what `replace` writes. Throws if the path does not exist.
 */
export function rewriteIon(ion: Uint8Array | string, path: IonPath, replace: Replacement): Uint8Array {
  const reader = makeReader(ion);
  reader.next();
  const writer = makeBinaryWriter();
  let replaced = false;
  const copy = (at: Array<string | number>) => {
    if (at.length === path.length && at.every((step, i) => step === path[i])) {
      replace(reader, writer);
      replaced = true;
      return;
    }
    const type = reader.type()!;
    if (!type.isContainer || reader.isNull()) {
      writeValueOnly(reader, writer);
      return;
    }
    writer.setAnnotations(reader.annotations());
    writer.stepIn(type);
    reader.stepIn();
    let index = 0;
    while (reader.next() !== null) {
      const fieldName = reader.fieldName();
      if (type === IonTypes.STRUCT) {
        writer.writeFieldName(fieldName!);
      }
      copy([...at, type === IonTypes.STRUCT ? fieldName! : index]);
      index++;
    }
    reader.stepOut();
    writer.stepOut();
  };
  copy([]);
  writer.close();
  if (!replaced) {
    throw new Error(`no value at ${path.join('.')}`);
  }
  return writer.getBytes();
}

/** Replaces the value with one parsed from Ion text. */
export function withIon(text: string): Replacement {
  return (_reader, writer) => {
    const replacement = makeReader(text);
    replacement.next();
    writeValueOnly(replacement, writer);
  };
}

/** Flips one bit of one byte of the blob the reader is on. */
export function flipByte(index = 0): Replacement {
  return (reader, writer) => {
    const bytes = Uint8Array.from(reader.uInt8ArrayValue()!);
    bytes[index] ^= 0x01;
    writer.writeBlob(bytes);
  };
}

/** Writes the same text as a symbol instead of a string. */
export function asSymbol(): Replacement {
  return (reader, writer) => writer.writeSymbol(reader.stringValue());
}
