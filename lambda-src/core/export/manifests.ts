import { makeReader } from 'ion-js';
import { ExportFormat, parseExportFormat } from './export-format';
import { ExportSource } from './export-source';
import { ION_VERSION_MARKER } from './ion-binary-framer';
import { resolveStoredKey } from './key-resolution';
import { ObjectStore } from './object-store';
import { readLedgerValue } from '../model/ion-to-ledger-value';
import { isLedgerStruct, LedgerStruct, LedgerValue } from '../model/ledger-value';

/** `<prefix><exportId>.started.manifest`, written when an export starts. */
export interface StartedManifest {
  /** The manifest's key in the source. */
  readonly key: string;
  readonly exportId: string;
  readonly ledgerName?: string;
  readonly inclusiveStartTime?: string;
  readonly exclusiveEndTime?: string;
  readonly bucket?: string;
  /** The export's S3 prefix, as given to ExportJournalToS3. */
  readonly prefix?: string;
  readonly objectEncryptionType?: string;
  /** Absent when the export did not name one (the default is ION_TEXT). */
  readonly outputFormat?: ExportFormat;
  /** Whether the manifest itself is Ion binary (QLDB writes manifests in the export's format). */
  readonly binary: boolean;
}

/** `<prefix><exportId>.<strandId>.completed.manifest`, written when an export completes. */
export interface CompletedManifest {
  readonly key: string;
  readonly exportId: string;
  readonly strandId: string;
  /** The data object keys in order, as full object keys. */
  readonly keys: readonly string[];
  readonly binary: boolean;
}

/** One export found in a source: its manifests. */
export interface DiscoveredExport {
  readonly exportId: string;
  readonly started?: StartedManifest;
  /** One per strand (QLDB ledgers have one strand). */
  readonly completed: readonly CompletedManifest[];
}

export interface Discovery {
  readonly exports: readonly DiscoveredExport[];
  /** Every key listed under the source's prefix, with manifest keys that were found by a direct look-up. */
  readonly storedKeys: ReadonlySet<string>;
}

const STARTED = /([A-Za-z0-9]{1,22})\.started\.manifest$/;
const COMPLETED = /([A-Za-z0-9]{1,22})\.([A-Za-z0-9]+)\.completed\.manifest$/;

/**
 * Lists the source's prefix, reads every started and completed manifest, and groups them by export
 * id. An export with a started manifest and no completed manifest is an error (still running,
 * cancelled or failed); a completed manifest without a started one is accepted.
 */
export async function discoverExports(source: ExportSource): Promise<Discovery> {
  const { store, prefix } = source;
  const storedKeys = new Set<string>();
  const startedKeys: string[] = [];
  const completedKeys: string[] = [];
  for await (const object of store.list(prefix)) {
    storedKeys.add(object.key);
    if (STARTED.test(object.key)) {
      startedKeys.push(object.key);
    } else if (COMPLETED.test(object.key)) {
      completedKeys.push(object.key);
    }
  }
  if (completedKeys.length === 0) {
    const started = startedKeys.length > 0 ? ` (started manifests without completion: ${startedKeys.join(', ')})` : '';
    throw new Error(`no completed export manifest (*.completed.manifest) under ${store.describe(prefix)}${started}`);
  }
  const started = new Map<string, StartedManifest>();
  for (const key of startedKeys.sort()) {
    const manifest = parseStartedManifest(await readWhole(store, key), key);
    started.set(manifest.exportId, manifest);
  }
  const completed = new Map<string, CompletedManifest[]>();
  for (const key of completedKeys.sort()) {
    const manifest = parseCompletedManifest(await readWhole(store, key), key);
    completed.set(manifest.exportId, [...(completed.get(manifest.exportId) ?? []), manifest]);
  }
  const incomplete = [...started.values()].filter((manifest) => !completed.has(manifest.exportId));
  if (incomplete.length > 0) {
    throw new Error(
      `export ${incomplete.map((m) => `${m.exportId} (${m.key})`).join(', ')} has a started manifest but no completed manifest: ` +
        'it is still running, was cancelled or failed',
    );
  }
  await lookUpUnlistedKeys(store, completed, started, storedKeys);
  const exports = [...completed.entries()].map(([exportId, manifests]) => ({ exportId, started: started.get(exportId), completed: manifests }));
  return { exports, storedKeys };
}

/**
 * A data key that the listing does not hold under any name (the user gave a prefix narrower than
 * the export's) is looked up directly.
 */
async function lookUpUnlistedKeys(
  store: ObjectStore,
  completed: ReadonlyMap<string, readonly CompletedManifest[]>,
  started: ReadonlyMap<string, StartedManifest>,
  storedKeys: Set<string>,
): Promise<void> {
  for (const [exportId, manifests] of completed) {
    const exportPrefix = started.get(exportId)?.prefix;
    for (const manifest of manifests) {
      for (const key of manifest.keys) {
        if (resolveStoredKey(key, storedKeys, exportPrefix) === undefined) {
          for await (const object of store.list(key)) {
            if (object.key === key) {
              storedKeys.add(key);
            }
          }
        }
      }
    }
  }
}

export function parseStartedManifest(bytes: Uint8Array, key: string): StartedManifest {
  const { struct, binary } = readManifest(bytes, key);
  const exportId = STARTED.exec(key)![1];
  const text = (field: string): string | undefined => optionalText(struct[field], `${key}: ${field}`);
  const declaredId = text('exportId');
  if (declaredId !== undefined && declaredId !== exportId) {
    throw new Error(`${key}: exportId ${declaredId} does not match the manifest's key (${exportId})`);
  }
  const outputFormat = text('outputFormat');
  return {
    key,
    exportId,
    ledgerName: text('ledgerName'),
    inclusiveStartTime: text('inclusiveStartTime'),
    exclusiveEndTime: text('exclusiveEndTime'),
    bucket: text('bucket'),
    prefix: text('prefix'),
    objectEncryptionType: text('objectEncryptionType'),
    outputFormat: outputFormat === undefined ? undefined : parseExportFormat(outputFormat, key),
    binary,
  };
}

export function parseCompletedManifest(bytes: Uint8Array, key: string): CompletedManifest {
  const { struct, binary } = readManifest(bytes, key);
  const match = COMPLETED.exec(key)!;
  const keys = struct.keys;
  if (!Array.isArray(keys)) {
    throw new Error(`${key}: the completed manifest has no keys list`);
  }
  keys.forEach((item, index) => {
    if (typeof item !== 'string' || item.length === 0) {
      throw new Error(`${key}: keys[${index}] is not an object key`);
    }
  });
  return { key, exportId: match[1], strandId: match[2], keys: keys as string[], binary };
}

function readManifest(bytes: Uint8Array, key: string): { struct: LedgerStruct; binary: boolean } {
  const binary = bytes.length >= 4 && ION_VERSION_MARKER.every((byte, i) => bytes[i] === byte);
  let value: LedgerValue | undefined;
  try {
    const reader = makeReader(binary ? bytes : Buffer.from(bytes).toString('utf8'));
    if (reader.next() !== null) {
      value = readLedgerValue(reader);
    }
  } catch (error) {
    throw new Error(`${key}: the manifest is not valid Ion or JSON: ${(error as Error).message}`);
  }
  if (!isLedgerStruct(value)) {
    throw new Error(`${key}: the manifest is not a struct`);
  }
  return { struct: value, binary };
}

function optionalText(value: LedgerValue | undefined, where: string): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') {
    return value.text; // a timestamp or decimal
  }
  throw new Error(`${where} is not text`);
}

async function readWhole(store: ObjectStore, key: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.open(key)) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
