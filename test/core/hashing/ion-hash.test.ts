import { createHash } from 'crypto';
import { IonTypes, makeBinaryWriter, makeReader, makeTextWriter } from 'ion-js';
import { joinHashes } from '../../../lambda-src/core/hashing/hash-join';
import { ionHash, ionHashOfReaderValue } from '../../../lambda-src/core/hashing/ion-hash';
import { readLedgerValue } from '../../../lambda-src/core/model/ion-to-ledger-value';
import { extractBlob, extractBlobList, extractIon, realUserRecords } from '../../fixtures/stream/real-block-545';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function toText(ion: Uint8Array): string {
  const reader = makeReader(ion);
  reader.next();
  const writer = makeTextWriter();
  writer.writeValue(reader);
  writer.close();
  return Buffer.from(writer.getBytes()).toString('utf8');
}

describe('ionHash', () => {
  test('follows the Ion Hash specification (vector from ion-hash-test: [1,2,3])', () => {
    // The specification's serialized bytes for [1,2,3]; a list is hashed as one stream.
    const serialized = Uint8Array.of(0x0b, 0xb0, 0x0b, 0x20, 0x01, 0x0e, 0x0b, 0x20, 0x02, 0x0e, 0x0b, 0x20, 0x03, 0x0e, 0x0e);
    expect(hex(ionHash('[1,2,3]'))).toBe(createHash('sha256').update(serialized).digest('hex'));
  });

  describe('on the real stream records of block 545', () => {
    const { blockSummary, revisionDetails } = realUserRecords();

    test('reproduces the stated revision hash from metadata and data', () => {
      const metadata = extractIon(revisionDetails, ['payload', 'revision', 'metadata']);
      const data = extractIon(revisionDetails, ['payload', 'revision', 'data']);
      const stated = extractBlob(revisionDetails, ['payload', 'revision', 'hash']);
      expect(hex(joinHashes(ionHash(metadata), ionHash(data)))).toBe(hex(stated));
    });

    test('hashes Ion text and Ion binary of the same value alike', () => {
      const data = extractIon(revisionDetails, ['payload', 'revision', 'data']);
      expect(toText(data)).toContain('PenaltyPoints');
      expect(hex(ionHash(toText(data)))).toBe(hex(ionHash(data)));
    });

    test('IonHash(transactionInfo) is in entriesHashList', () => {
      const transactionInfo = extractIon(blockSummary, ['payload', 'transactionInfo']);
      const entriesHashList = extractBlobList(blockSummary, ['payload', 'entriesHashList']).map(hex);
      expect(entriesHashList).toContain(hex(ionHash(transactionInfo)));
    });
  });

  test.each([
    ['a string and a symbol', '"Email"', 'Email'],
    ['decimal scale', '90.25', '90.250'],
    ['timestamp precision', '2020-07-03T20:36:44.163Z', '2020-07-03T20:36:44.1630Z'],
    ['timestamp offset', '2020-07-03T20:36:44Z', '2020-07-03T21:36:44+01:00'],
    ['an int and a decimal', '1', '1.'],
    ['annotations', '{a:1}', 'x::{a:1}'],
    ['field names', '{a:1}', '{b:1}'],
  ])('distinguishes %s', (_what, left, right) => {
    expect(hex(ionHash(left))).not.toBe(hex(ionHash(right)));
  });

  test('ignores struct field order', () => {
    expect(hex(ionHash('{a:1,b:"x",c:[1.0]}'))).toBe(hex(ionHash('{c:[1.0],a:1,b:"x"}')));
  });

  test('rejects input with no value or with several values', () => {
    expect(() => ionHash('')).toThrow('holds no value');
    expect(() => ionHash('1 2')).toThrow('more than one top-level value');
  });
});

describe('ionHashOfReaderValue', () => {
  const text = '{id:"doc1", metadata:{version:3, txTime:2020-07-03T20:36:44.163Z}, data:{PenaltyPoints:0, Events:[{d:1.50}]}, after:true}';

  test('hashes a nested value as ionHash hashes it on its own, without its field name', () => {
    const reader = makeReader(text);
    reader.next();
    reader.stepIn();
    const hashes: Record<string, string> = {};
    while (reader.next() !== null) {
      hashes[reader.fieldName()!] = hex(ionHashOfReaderValue(reader));
    }
    expect(hashes.metadata).toBe(hex(ionHash('{version:3, txTime:2020-07-03T20:36:44.163Z}')));
    expect(hashes.data).toBe(hex(ionHash('{Events:[{d:1.50}], PenaltyPoints:0}')));
    expect(hashes.id).toBe(hex(ionHash('"doc1"')));
    expect(Object.keys(hashes)).toEqual(['id', 'metadata', 'data', 'after']);
  });

  test('consumes the value: the next next() moves to the following field', () => {
    const reader = makeReader(text);
    reader.next();
    reader.stepIn();
    reader.next();
    reader.next();
    expect(reader.fieldName()).toBe('metadata');
    ionHashOfReaderValue(reader);
    expect(reader.depth()).toBe(1);
    expect(reader.next()).toBe(IonTypes.STRUCT);
    expect(reader.fieldName()).toBe('data');
  });

  test('copies the hashed value to copyTo, exactly', () => {
    const reader = makeReader(text);
    reader.next();
    reader.stepIn();
    reader.next();
    reader.next();
    const copy = makeBinaryWriter();
    const hash = ionHashOfReaderValue(reader, copy);
    copy.close();
    expect(hex(ionHash(copy.getBytes()))).toBe(hex(hash));
    const copyReader = makeReader(copy.getBytes());
    copyReader.next();
    const metadata = readLedgerValue(copyReader) as Record<string, unknown>;
    expect(metadata.version).toBe(3);
    expect(String(metadata.txTime)).toBe('2020-07-03T20:36:44.163Z');
  });

  test('hashes a top-level value the same way as ionHash', () => {
    const reader = makeReader(text);
    reader.next();
    expect(hex(ionHashOfReaderValue(reader))).toBe(hex(ionHash(text)));
  });

  test('refuses a reader that is not on a value', () => {
    expect(() => ionHashOfReaderValue(makeReader('1'))).toThrow('not positioned on a value');
  });
});
