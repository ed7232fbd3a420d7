/**
 * The latest version of each document of one table, and whether it is a deletion: what the live table must hold
 * (the latest non-deleted version of every document). Revisions may arrive in any order and more than once (a stream
 * after an export, at-least-once delivery); the highest version wins. Memory grows with the number of documents, not
 * revisions: one number per document.
 */
export class LatestVersions {
  /** version * 2, plus 1 when that version is a deletion. */
  private readonly latest = new Map<string, number>();

  public observe(documentId: string, version: number, deleted: boolean): void {
    const current = this.latest.get(documentId);
    if (current === undefined || version > Math.floor(current / 2)) {
      this.latest.set(documentId, version * 2 + (deleted ? 1 : 0));
    }
  }

  public get size(): number {
    return this.latest.size;
  }

  /** Each document's latest version, and whether that version is a deletion. */
  public *entries(): Generator<{ documentId: string; version: number; deleted: boolean }> {
    for (const [documentId, encoded] of this.latest) {
      yield { documentId, version: Math.floor(encoded / 2), deleted: encoded % 2 === 1 };
    }
  }
}
