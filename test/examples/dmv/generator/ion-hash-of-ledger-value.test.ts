import { SyntheticDmvDocuments } from '../../../../examples/dmv/generator/dmv-documents';
import { ionHashOfLedgerValue } from '../../../../examples/dmv/generator/ion-hash-of-ledger-value';
import { ionTextOf } from '../../../../examples/dmv/generator/ion-text-of-ledger-value';
import { SeededRandom } from '../../../../examples/dmv/generator/seeded-random';
import { ionHash } from '../../../../lambda-src/core/hashing/ion-hash';
import { LedgerDecimal, LedgerTimestamp, LedgerValue } from '../../../../lambda-src/core/model/ledger-value';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The reference: the project's Ion hash (ion-hash-js) of the value's Ion text. */
function expectSameHashAsReference(value: LedgerValue): void {
  const text = ionTextOf(value);
  expect({ text, hash: hex(ionHashOfLedgerValue(value)) }).toEqual({ text, hash: hex(ionHash(text)) });
}

describe('ionHashOfLedgerValue agrees with ionHash', () => {
  test.each([
    ['null', null],
    ['booleans', [true, false]],
    ['ints', [0, 1, -1, 127, 128, 255, 256, -256, 65535, 1_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]],
    ['big ints', [9007199254740993n, -9007199254740993n, 2n ** 100n, -(2n ** 64n)]],
    ['decimals', ['0', '0.0', '-0', '-0.00', '90.25', '442.30', '1500', '-1.5', '0.000001', '123456789012345678901234567890.123456789000', '12.0', '11.11', '14.14'].map((t) => new LedgerDecimal(t))],
    ['timestamps', [
      '1963-08-19T', '2020T', '2020-07T', '2020-07-03T20:36:44.181Z', '2020-07-03T20:36Z', '2020-07-03T20:36:44Z', '2020-07-03T20:36:44.000Z',
      '2021-03-04T01:06:07.123456+05:30', '2021-12-31T23:59:58.999999999-08:00', '2022-01-01T00:00:00.5-00:00', '2023-06-15T12:00:00.012+13:45',
      '2024-02-29T23:30:00.100Z',
    ].map((t) => new LedgerTimestamp(t))],
    ['strings with marker bytes and unicode', ['', 'a', '\u000b\u000c\u000e', 'Ünïcödé ✓ 𝄞', '"quoted" \\ back']],
    ['blobs', [new Uint8Array(0), Uint8Array.of(0x0b, 0x0c, 0x0e, 0xff), new Uint8Array(32).fill(12)]],
    ['nested containers', { 'a': [1, { b: null, c: [] }, []], '': { 'x y': true }, 'e': {} }],
  ])('%s', (_name, value) => {
    if (Array.isArray(value)) {
      value.forEach((v) => expectSameHashAsReference(v as LedgerValue));
    }
    expectSameHashAsReference(value as LedgerValue);
  });

  test('on a thousand synthetic DMV documents', () => {
    const documents = new SyntheticDmvDocuments(new SeededRandom(3, 'hash-test'));
    for (let i = 0; i < 200; i++) {
      const person = documents.person();
      for (const value of [person, documents.vehicle(), documents.license('x'), documents.registration(documents.vin(), 'p', ['q', 'r']), documents.inspection(documents.vin())]) {
        expectSameHashAsReference(value);
      }
    }
  });

  test('different values hash differently', () => {
    expect(hex(ionHashOfLedgerValue(new LedgerDecimal('1.0')))).not.toEqual(hex(ionHashOfLedgerValue(new LedgerDecimal('1.00'))));
    expect(hex(ionHashOfLedgerValue({ a: 1 }))).not.toEqual(hex(ionHashOfLedgerValue({ a: '1' })));
  });

  test('floats are refused with the value in the message', () => {
    expect(() => ionHashOfLedgerValue(1.5)).toThrow('1.5 is not an integer');
  });
});
