import { LatestVersions } from '../../../lambda-src/core/reconcile/latest-versions';

describe('LatestVersions', () => {
  test('keeps the highest version of each document, whatever the arrival order and repeats', () => {
    const latest = new LatestVersions();
    latest.observe('A', 2, false);
    latest.observe('A', 0, false);
    latest.observe('B', 0, false);
    latest.observe('A', 3, true);
    latest.observe('A', 1, false);
    latest.observe('B', 0, false);
    expect(latest.size).toBe(2);
    expect([...latest.entries()]).toEqual([
      { documentId: 'A', version: 3, deleted: true },
      { documentId: 'B', version: 0, deleted: false },
    ]);
  });

  test('a stale update after a deletion does not resurrect the document', () => {
    const latest = new LatestVersions();
    latest.observe('A', 5, true);
    latest.observe('A', 4, false);
    expect([...latest.entries()]).toEqual([{ documentId: 'A', version: 5, deleted: true }]);
  });

  test('versions beyond 2^30 keep their deletion flag', () => {
    const latest = new LatestVersions();
    latest.observe('A', 2 ** 40, false);
    latest.observe('A', 2 ** 40 + 1, true);
    expect([...latest.entries()]).toEqual([{ documentId: 'A', version: 2 ** 40 + 1, deleted: true }]);
  });
});
