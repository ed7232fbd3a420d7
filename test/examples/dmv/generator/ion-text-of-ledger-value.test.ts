import { makeReader } from 'ion-js';
import { ionTextOf } from '../../../../examples/dmv/generator/ion-text-of-ledger-value';
import { readLedgerValue } from '../../../../lambda-src/core/model/ion-to-ledger-value';
import { LedgerDecimal, LedgerStruct, LedgerTimestamp, LedgerValue } from '../../../../lambda-src/core/model/ledger-value';

function readIon(text: string): LedgerValue {
  const reader = makeReader(text);
  reader.next();
  return readLedgerValue(reader);
}

const SAMPLE: LedgerStruct = {
  int: 42,
  negative: -7,
  big: 9007199254740993n,
  decimals: [new LedgerDecimal('90.25'), new LedgerDecimal('-0.00'), new LedgerDecimal('1500'), new LedgerDecimal('123456.789012345678900')],
  day: new LedgerTimestamp('1963-08-19T'),
  precise: new LedgerTimestamp('2021-03-04T05:06:07.123456789+05:30'),
  text: 'quote " backslash \\ newline \n unicode ✓',
  blob: Uint8Array.of(0, 1, 254, 255),
  nothing: null,
  flags: [true, false],
  nested: { 'field with space': [] },
};

describe('ionTextOf', () => {
  test('reads back to the same value with ion-js', () => {
    expect(readIon(ionTextOf(SAMPLE))).toEqual(SAMPLE);
  });

  test('writes an integral decimal as a decimal, not an int', () => {
    expect(ionTextOf(new LedgerDecimal('1500'))).toEqual('1500d0');
    expect(readIon(ionTextOf(new LedgerDecimal('1500')))).toBeInstanceOf(LedgerDecimal);
  });
});
