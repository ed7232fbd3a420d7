import { exportRanges, pickSplitBlocks } from '../../../lambda-src/core/ledger-export/export-ranges';
import { JournalBlock } from '../../../lambda-src/core/ledger-export/journal-block';

function splitBlock(sequenceNo: number, iso: string): JournalBlock {
  return { blockAddress: { strandId: 'S', sequenceNo }, blockTimestamp: new Date(iso), blockTimestampText: iso, blockHash: new Uint8Array(32) };
}

describe('pickSplitBlocks', () => {
  test.each([
    [1000, 4, [250, 500, 750]],
    [1000, 1, []],
    [9, 2, [5]],
    [9, 3, [3, 6]],
    [0, 5, []],
    [2, 10, [1, 2]],
    [3, 4, [1, 2, 3]],
  ])('tip %p in %p exports splits at %p', (tip, count, expected) => {
    expect(pickSplitBlocks(tip, count)).toEqual(expected);
  });

  test('every split is in 1..tip, strictly increasing, and parts differ by at most one block', () => {
    for (let tip = 0; tip < 60; tip++) {
      for (let count = 1; count < 15; count++) {
        const splits = pickSplitBlocks(tip, count);
        const bounds = [0, ...splits, tip + 1];
        const sizes = bounds.slice(1).map((b, i) => b - bounds[i]);
        expect(splits.length).toBe(Math.min(count, tip + 1) - 1);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  test.each([[-1, 2], [1.5, 2], [10, 0], [10, 1.5]])('tip %p and count %p are refused', (tip, count) => {
    expect(() => pickSplitBlocks(tip, count)).toThrow(/is not a (non-negative|positive) integer/);
  });
});

describe('exportRanges', () => {
  test('commit times that go backwards are an error naming both blocks', () => {
    const blocks = [splitBlock(5, '2024-01-02T00:00:00.000Z'), splitBlock(9, '2024-01-01T00:00:00.000Z')];
    expect(() => exportRanges(blocks, new Date('2024-02-01T00:00:00Z'))).toThrow(
      'block 9 (2024-01-01T00:00:00.000Z) was committed before block 5 (2024-01-02T00:00:00.000Z): commit times go backwards',
    );
  });

  test('split blocks out of sequence order are an error', () => {
    const blocks = [splitBlock(9, '2024-01-01T00:00:00.000Z'), splitBlock(5, '2024-01-02T00:00:00.000Z')];
    expect(() => exportRanges(blocks, new Date('2024-02-01T00:00:00Z'))).toThrow('split blocks are not in sequence order: block 5 follows block 9');
  });

  test('consecutive ranges share their boundaries, so no block falls between two exports', () => {
    const ranges = exportRanges(
      [splitBlock(3, '2024-01-01T00:00:00.001Z'), splitBlock(6, '2024-01-01T00:00:00.002Z'), splitBlock(9, '2024-01-03T00:00:00.000Z')],
      new Date('2024-01-04T00:00:00.000Z'),
    );
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i].inclusiveStartTime).toBe(ranges[i - 1].exclusiveEndTime);
    }
    expect(ranges).toHaveLength(4);
  });
});
