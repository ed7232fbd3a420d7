import { makeReader } from 'ion-js';
import { parseJsonValue } from '../../../lambda-src/core/export/json-value-parser';
import { readLedgerValue } from '../../../lambda-src/core/model/ion-to-ledger-value';
import { ledgerJson } from '../../../lambda-src/core/transform/ledger-json';

describe('a field named __proto__ is kept as data by every reader', () => {
  test('ion-js reader', () => {
    const reader = makeReader('{"__proto__": 1, a: 2}');
    reader.next();
    expect(ledgerJson(readLedgerValue(reader))).toBe('{"__proto__":1,"a":2}');
  });

  test('JSON reader', () => {
    expect(ledgerJson(parseJsonValue('{"__proto__": {"x": 1}, "a": 2}'))).toBe('{"__proto__":{"x":1},"a":2}');
  });
});
