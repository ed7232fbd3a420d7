const TWO_POW_32 = 4294967296;

/**
 * Writes a safe integer (|value| < 2^53) as a big-endian 64-bit signed integer, without a BigInt: the high word is
 * the value divided by 2^32 rounded down, the low word what remains (both exact for safe integers).
 */
export function writeSafeInt64BE(storage: Buffer, offset: number, value: number): void {
  const high = Math.floor(value / TWO_POW_32);
  storage.writeInt32BE(high, offset);
  storage.writeUInt32BE(value - high * TWO_POW_32, offset + 4);
}
