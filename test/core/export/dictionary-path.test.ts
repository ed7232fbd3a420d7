import { dumpBinary, load } from 'ion-js';
import { DOCUMENTS_BY_ID_PATH } from '../../../lambda-src/core/export/block-from-struct';
import { parseIonBinaryValues } from '../../../lambda-src/core/export/ion-binary-value-parser';
import { parseIonTextValues } from '../../../lambda-src/core/export/ion-text-value-parser';
import { JsonValueParser } from '../../../lambda-src/core/export/json-value-parser';
import { LedgerStruct, LedgerValue } from '../../../lambda-src/core/model/ledger-value';

/*
 * The struct a dictionary path names is built without a prototype (a hash table for V8); every other struct, and the
 * values, are as without the path. Same value in the three encodings the fast parsers read.
 */
const BLOCK_JSON = JSON.stringify({
  transactionInfo: {
    statements: [{ statement: 'INSERT INTO Person ?' }],
    documents: { docA: { tableName: 'Person', tableId: 't1', statements: [0] }, 42: { tableName: 'Person', tableId: 't1', statements: [0] } },
  },
  documents: { notOnPath: true },
  revisions: [{ data: { documents: { inData: 1 } }, transactionInfo: { documents: { inList: 2 } } }],
});

const parsers: Array<[string, (path: readonly string[]) => LedgerValue]> = [
  ['JSON', (path) => new JsonValueParser(path).parse(BLOCK_JSON)],
  ['Ion text', (path) => parseIonTextValues(BLOCK_JSON, path)[0]],
  ['Ion binary', (path) => parseIonBinaryValues(dumpBinary(load(BLOCK_JSON)), path)[0]],
];

function struct(value: LedgerValue, ...path: Array<string | number>): LedgerStruct {
  let v: any = value;
  for (const step of path) v = v[step];
  return v as LedgerStruct;
}

describe.each(parsers)('a dictionary path in the %s parser', (_, parse) => {
  test('builds the struct it names without a prototype, holding the same fields in the same order', () => {
    const plain = parse([]);
    const withPath = parse(DOCUMENTS_BY_ID_PATH);
    expect(withPath).toEqual(plain);
    const documents = struct(withPath, 'transactionInfo', 'documents');
    expect(Object.getPrototypeOf(documents)).toBeNull();
    expect(Object.keys(documents)).toEqual(Object.keys(struct(plain, 'transactionInfo', 'documents')));
    expect(documents.docA).toEqual({ tableName: 'Person', tableId: 't1', statements: [0] });
    expect(Object.getPrototypeOf(struct(plain, 'transactionInfo', 'documents'))).toBe(Object.prototype);
  });

  test('leaves every other struct a plain object: the same name elsewhere, inside lists, and the structs inside the dictionary', () => {
    const value = parse(DOCUMENTS_BY_ID_PATH);
    for (const path of [[], ['transactionInfo'], ['documents'], ['revisions', 0, 'data', 'documents'],
      ['revisions', 0, 'transactionInfo', 'documents'], ['transactionInfo', 'documents', 'docA'], ['transactionInfo', 'statements', 0]]) {
      expect(Object.getPrototypeOf(struct(value, ...path))).toBe(Object.prototype);
    }
  });
});
