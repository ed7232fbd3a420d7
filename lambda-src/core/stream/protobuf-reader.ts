/** Protocol Buffers wire types used by the KPL aggregation format. */
export enum WireType {
  VARINT = 0,
  FIXED64 = 1,
  LENGTH_DELIMITED = 2,
  FIXED32 = 5,
}

/** One field of a protobuf message: its number, wire type and raw value. */
export interface ProtobufField {
  readonly fieldNumber: number;
  readonly wireType: WireType;
  /** Set for VARINT fields. */
  readonly varint?: bigint;
  /** Set for LENGTH_DELIMITED fields (a view into the message bytes). */
  readonly bytes?: Uint8Array;
}

/**
 * Splits a protobuf message into its fields, in wire order. Fixed-width fields are skipped over but
 * reported without a value. Throws on truncated input or an unsupported wire type, naming the offset.
 */
export function readProtobufFields(message: Uint8Array): ProtobufField[] {
  const fields: ProtobufField[] = [];
  let offset = 0;
  while (offset < message.length) {
    const tagStart = offset;
    const [tag, afterTag] = readVarint(message, offset);
    offset = afterTag;
    const fieldNumber = Number(tag / 8n);
    const wireType = Number(tag % 8n);
    if (fieldNumber === 0) {
      throw new Error(`Invalid protobuf field number 0 at byte ${tagStart}`);
    }
    switch (wireType) {
      case WireType.VARINT: {
        const [value, next] = readVarint(message, offset);
        fields.push({ fieldNumber, wireType, varint: value });
        offset = next;
        break;
      }
      case WireType.LENGTH_DELIMITED: {
        const [length, start] = readVarint(message, offset);
        const end = start + Number(length);
        if (length > BigInt(message.length) || end > message.length) {
          throw new Error(`Truncated protobuf field ${fieldNumber} at byte ${tagStart}: ${length} bytes declared, ${message.length - start} left`);
        }
        fields.push({ fieldNumber, wireType, bytes: message.subarray(start, end) });
        offset = end;
        break;
      }
      case WireType.FIXED64:
      case WireType.FIXED32: {
        const width = wireType === WireType.FIXED64 ? 8 : 4;
        if (offset + width > message.length) {
          throw new Error(`Truncated protobuf field ${fieldNumber} at byte ${tagStart}`);
        }
        fields.push({ fieldNumber, wireType });
        offset += width;
        break;
      }
      default:
        throw new Error(`Unsupported protobuf wire type ${wireType} for field ${fieldNumber} at byte ${tagStart}`);
    }
  }
  return fields;
}

function readVarint(bytes: Uint8Array, offset: number): [bigint, number] {
  let value = 0n;
  let scale = 1n;
  for (let position = offset; position < bytes.length && position - offset < 10; position++) {
    const byte = bytes[position];
    value += BigInt(byte % 0x80) * scale;
    if (byte < 0x80) {
      return [value, position + 1];
    }
    scale *= 0x80n;
  }
  throw new Error(`Truncated or overlong protobuf varint at byte ${offset}`);
}
