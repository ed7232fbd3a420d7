import { batchItemFailures, chunkRecordGroups } from '../../../lambda-src/handlers/cdc-consumer/batch-item-failures';

const groups = [
  { sequenceNumber: '100', items: ['a0', 'a1', 'a2'] }, // one KPL aggregate of three user records
  { sequenceNumber: '101', items: ['b0'] },
  { sequenceNumber: '102', items: ['c0', 'c1', 'c2', 'c3', 'c4'] },
  { sequenceNumber: '103', items: ['d0'] },
];

describe('chunkRecordGroups', () => {
  test('never splits the user records of one Kinesis record', () => {
    const chunks = chunkRecordGroups(groups, 2);
    expect(chunks.map((c) => c.map((g) => g.sequenceNumber))).toEqual([['100'], ['101'], ['102'], ['103']]);
    expect(chunkRecordGroups(groups, 4).map((c) => c.map((g) => g.sequenceNumber))).toEqual([['100', '101'], ['102'], ['103']]);
    expect(chunkRecordGroups(groups, 100).map((c) => c.length)).toEqual([4]);
  });
});

describe('batchItemFailures', () => {
  test('reports the failed chunk and every later record, each sequence number once', () => {
    const chunks = chunkRecordGroups(groups, 4);
    expect(batchItemFailures(chunks, 1)).toEqual([{ itemIdentifier: '102' }, { itemIdentifier: '103' }]);
    expect(batchItemFailures(chunks, 0).map((f) => f.itemIdentifier)).toEqual(['100', '101', '102', '103']);
    expect(batchItemFailures(chunks, 3)).toEqual([]);
  });
});
