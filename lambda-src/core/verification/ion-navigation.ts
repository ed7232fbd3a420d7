import { IonType, IonTypes, Reader } from 'ion-js';

/**
 * Moves a reader that is inside a struct to the field with the given name, returning its type, or
 * null (the reader is then at the end of the struct) when there is no such field.
 */
export function nextField(reader: Reader, name: string): IonType | null {
  for (let type = reader.next(); type !== null; type = reader.next()) {
    if (reader.fieldName() === name) {
      return type;
    }
  }
  return null;
}

/**
 * Steps from the top-level struct the reader is positioned on down a path of struct fields, leaving the
 * reader on the last field's value. Throws naming the first missing field.
 */
export function descendToField(reader: Reader, path: readonly string[]): IonType {
  let type = reader.type();
  let walked = '';
  for (const name of path) {
    if (type !== IonTypes.STRUCT || reader.isNull()) {
      throw new Error(`${walked || 'the top-level value'} is not a struct`);
    }
    reader.stepIn();
    type = nextField(reader, name);
    walked = walked ? `${walked}.${name}` : name;
    if (type === null) {
      throw new Error(`${walked} is missing`);
    }
  }
  return type!;
}
