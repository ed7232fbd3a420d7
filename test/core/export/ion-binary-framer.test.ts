import { dom, IonTypes, loadAll, makeBinaryWriter, makeReader } from 'ion-js';
import { IonBinaryFramer, ION_VERSION_MARKER } from '../../../lambda-src/core/export/ion-binary-framer';

function frame(bytes: Uint8Array, chunkSize: number, minBatchBytes: number): Buffer[] {
  const framer = new IonBinaryFramer('test.ion', minBatchBytes);
  const batches: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const batch = framer.push(Buffer.from(bytes.subarray(offset, offset + chunkSize)));
    if (batch) {
      batches.push(batch);
    }
  }
  const { batch: last, error } = framer.end();
  if (last) {
    batches.push(last);
  }
  if (error) {
    throw error;
  }
  return batches;
}

/** Binary Ion of `count` structs with every kind of length encoding (short, var-length, nested, null, bool). */
function sampleBinary(count: number): Uint8Array {
  const writer = makeBinaryWriter();
  for (let i = 0; i < count; i++) {
    writer.stepIn(IonTypes.STRUCT);
    writer.writeFieldName('n');
    writer.writeInt(i);
    writer.writeFieldName(`field${i % 5}`);
    writer.writeString('x'.repeat(i * 7));
    writer.writeFieldName('blob');
    writer.writeBlob(new Uint8Array(i % 20));
    writer.writeFieldName('nothing');
    writer.writeNull(IonTypes.STRUCT);
    writer.stepOut();
    writer.writeBoolean(i % 2 === 0);
    writer.writeNull(IonTypes.NULL);
  }
  writer.close();
  return writer.getBytes();
}

function valuesOf(batches: Buffer[]): string[] {
  return batches.flatMap((batch) => loadAll(batch)).map((value) => JSON.stringify(value));
}

describe('IonBinaryFramer', () => {
  const bytes = sampleBinary(60);
  const expected = loadAll(bytes).map((value) => JSON.stringify(value));

  test.each([1, 3, 50, 1 << 20])('every batch is readable on its own, with the symbol table (chunks of %i bytes)', (chunkSize) => {
    const batches = frame(bytes, chunkSize, 64);
    expect(batches.length).toBeGreaterThan(chunkSize === 1 << 20 ? 0 : 5);
    for (const batch of batches) {
      expect(batch.subarray(0, 4).equals(ION_VERSION_MARKER)).toBe(true);
    }
    expect(valuesOf(batches)).toEqual(expected);
  });

  test('replays an appended local symbol table in later batches', () => {
    // $ion_symbol_table::{imports:$ion_symbol_table, symbols:["b"]} then {b:5}, after the writer's own table
    const first = sampleBinary(1);
    const firstSymbols = new Set<string>();
    const reader = makeReader(first);
    reader.next();
    reader.stepIn();
    while (reader.next() !== null) {
      firstSymbols.add(reader.fieldName()!);
    }
    const nextSid = 10 + firstSymbols.size; // local symbols follow the 9 system symbols
    const appendTable = Buffer.from([0xea, 0x81, 0x83, 0xd7, 0x86, 0x71, 0x03, 0x87, 0xb2, 0x81, 0x62]);
    const useIt = Buffer.from([0xd3, 0x80 | nextSid, 0x21, 0x05]);
    const all = Buffer.concat([first, appendTable, useIt, useIt]);
    const batches = frame(all, 2, 1);
    const last = loadAll(batches[batches.length - 1]);
    expect(last).toHaveLength(1);
    expect((last[0] as dom.Struct).get('b')!.numberValue()).toBe(5);
    expect(valuesOf(batches)).toEqual(loadAll(all).map((value) => JSON.stringify(value)));
  });

  test('reports a stream that ends inside a value, with the value offset', () => {
    const truncated = bytes.subarray(0, bytes.length - 3);
    expect(() => frame(truncated, 100, 1)).toThrow(/test\.ion: the Ion binary ends inside a value that starts at byte \d+ .*truncated/);
  });

  test('hands over the whole values before a value that the stream cuts', () => {
    const framer = new IonBinaryFramer('test.ion', 1 << 20);
    expect(framer.push(Buffer.from(bytes.subarray(0, bytes.length - 3)))).toBeUndefined();
    const { batch, error } = framer.end();
    // the last three bytes are a bool, a null and the end of the last struct
    expect(valuesOf([batch!])).toEqual(expected.slice(0, -3));
    expect(error!.message).toMatch(/^test\.ion: the Ion binary ends inside a value/);
  });

  test('rejects bytes that are not Ion binary', () => {
    expect(() => frame(Buffer.from('{a:1}'), 100, 1)).toThrow('test.ion: not Ion binary');
  });

  test('rejects a reserved type descriptor with its offset', () => {
    const corrupt = Buffer.concat([ION_VERSION_MARKER, Buffer.from([0x21, 0x01, 0xf0])]);
    expect(() => frame(corrupt, 100, 1)).toThrow('test.ion: corrupt Ion binary at byte 6: a reserved type descriptor 0xf0');
  });
});
