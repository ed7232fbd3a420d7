import { parseDataObjectKey } from './data-object-key';
import { ExportFormat } from './export-format';
import { resolveStoredKey } from './key-resolution';
import { CompletedManifest, DiscoveredExport, Discovery, StartedManifest } from './manifests';

/** One data object to read, in reading order. */
export interface PlannedObject {
  readonly exportId: string;
  /** The key as named in the completed manifest (a full object key). */
  readonly key: string;
  /** The key under which the source holds it (see key-resolution.ts). */
  readonly storedKey: string;
  /** The export's declared format; undefined when the content decides (ION_TEXT or JSON). */
  readonly format?: ExportFormat;
  readonly strandId: string;
  readonly firstSequenceNo: number;
  readonly lastSequenceNo: number;
}

export interface PlannedExport {
  readonly exportId: string;
  readonly started?: StartedManifest;
  readonly completed: CompletedManifest;
  readonly format?: ExportFormat;
  /** Undefined for an export without data objects. */
  readonly firstSequenceNo?: number;
  readonly lastSequenceNo?: number;
  readonly objects: readonly PlannedObject[];
}

/** Every export of a source, ordered by first block and checked to form one contiguous run of one strand. */
export interface ExportPlan {
  readonly strandId: string;
  readonly ledgerName?: string;
  readonly exports: readonly PlannedExport[];
  readonly objects: readonly PlannedObject[];
  readonly firstSequenceNo?: number;
  readonly lastSequenceNo?: number;
}

/**
 * Orders the discovered exports and their data objects by first block and checks that they are one
 * strand, contiguous (each object's first block is the previous object's last block + 1, within and
 * across exports) and all present. Errors name the keys involved. `describe` renders a key for
 * messages (its location in the source).
 */
export function planExport(discovery: Discovery, describe: (key: string) => string = (key) => key): ExportPlan {
  const exports = discovery.exports.map((discovered) => planOneExport(discovered, discovery.storedKeys));
  const strands = new Set(exports.map((planned) => planned.completed.strandId));
  if (strands.size > 1) {
    throw new Error(
      `the exports are from several strands: ${exports.map((p) => `${p.completed.key} (strand ${p.completed.strandId})`).join(', ')}; ` +
        'exports of one ledger share one strand',
    );
  }
  const ordered = [...exports].sort(
    (a, b) => (a.firstSequenceNo ?? Number.MAX_SAFE_INTEGER) - (b.firstSequenceNo ?? Number.MAX_SAFE_INTEGER) || compare(a.exportId, b.exportId),
  );
  const ledgerNames = new Set(exports.map((planned) => planned.started?.ledgerName).filter((name) => name !== undefined));
  if (ledgerNames.size > 1) {
    throw new Error(
      `the exports are from several ledgers: ${ordered
        .filter((p) => p.started?.ledgerName !== undefined)
        .map((p) => `${p.started!.key} (${p.started!.ledgerName})`)
        .join(', ')}`,
    );
  }
  const missing = exports.flatMap((planned) => planned.objects.filter((object) => object.storedKey === '').map((object) => object.key));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).map((key) => `${key} (looked for ${describe(key)})`);
    const more = missing.length > shown.length ? ` and ${missing.length - shown.length} more` : '';
    throw new Error(`${missing.length} data object(s) named in the completed manifests are missing: ${shown.join(', ')}${more}`);
  }
  const objects = ordered.flatMap((planned) => planned.objects);
  checkContiguous(objects);
  return {
    strandId: [...strands][0],
    ledgerName: [...ledgerNames][0],
    exports: ordered,
    objects,
    firstSequenceNo: objects[0]?.firstSequenceNo,
    lastSequenceNo: objects[objects.length - 1]?.lastSequenceNo,
  };
}

function planOneExport(discovered: DiscoveredExport, storedKeys: ReadonlySet<string>): PlannedExport {
  if (discovered.completed.length !== 1) {
    throw new Error(
      `export ${discovered.exportId} has ${discovered.completed.length} completed manifests (${discovered.completed
        .map((m) => m.key)
        .join(', ')}): exports of several strands are not supported`,
    );
  }
  const completed = discovered.completed[0];
  const started = discovered.started;
  const format = started?.outputFormat ?? (completed.binary || started?.binary ? 'ION_BINARY' : undefined);
  const inManifestOrder = completed.keys.map((key): PlannedObject => {
    let range;
    try {
      range = parseDataObjectKey(key);
    } catch (error) {
      throw new Error(`${completed.key}: ${(error as Error).message}`);
    }
    if (range.strandId !== completed.strandId) {
      throw new Error(`${completed.key}: data object ${key} is from strand ${range.strandId}, not the manifest's strand ${completed.strandId}`);
    }
    return {
      exportId: discovered.exportId,
      key,
      storedKey: resolveStoredKey(key, storedKeys, started?.prefix) ?? '',
      format,
      ...range,
    };
  });
  const objects = [...inManifestOrder].sort((a, b) => a.firstSequenceNo - b.firstSequenceNo);
  return {
    exportId: discovered.exportId,
    started,
    completed,
    format,
    firstSequenceNo: objects[0]?.firstSequenceNo,
    lastSequenceNo: objects[objects.length - 1]?.lastSequenceNo,
    objects,
  };
}

function checkContiguous(objects: readonly PlannedObject[]): void {
  for (let i = 1; i < objects.length; i++) {
    const previous = objects[i - 1];
    const next = objects[i];
    const expected = previous.lastSequenceNo + 1;
    if (next.firstSequenceNo === expected) {
      continue;
    }
    const kind =
      next.firstSequenceNo > expected
        ? `a gap: blocks ${expected}-${next.firstSequenceNo - 1} are in no export`
        : `an overlap: blocks ${next.firstSequenceNo}-${Math.min(previous.lastSequenceNo, next.lastSequenceNo)} are in both`;
    const exports =
      previous.exportId === next.exportId ? `export ${next.exportId} is` : `exports ${previous.exportId} and ${next.exportId} are`;
    throw new Error(
      `${exports} not contiguous: ${previous.key} (blocks ${previous.firstSequenceNo}-${previous.lastSequenceNo}) ` +
        `is followed by ${next.key} (blocks ${next.firstSequenceNo}-${next.lastSequenceNo}), ${kind}`,
    );
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
