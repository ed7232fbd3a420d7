import { parseDataObjectKey } from '../export/data-object-key';
import { Discovery } from '../export/manifests';
import { BlockAddress } from '../model/revision';

/**
 * The last block of the given exports: the highest `<lastSeq>` of the data object keys in their
 * completed manifests. Errors name the export (or the prefix) when an export has no completed manifest
 * or no data at all.
 */
export function lastExportedBlock(discovery: Discovery, exportIds: readonly string[], where: string): BlockAddress {
  let last: BlockAddress | undefined;
  for (const exportId of exportIds) {
    const found = discovery.exports.find((e) => e.exportId === exportId);
    if (found === undefined || found.completed.length === 0) {
      throw new Error(`${where}: export ${exportId} has no completed manifest`);
    }
    for (const manifest of found.completed) {
      for (const key of manifest.keys) {
        const range = parseDataObjectKey(key);
        if (last !== undefined && range.strandId !== last.strandId) {
          throw new Error(`${where}: ${key} is on strand ${range.strandId}, other data objects on strand ${last.strandId}`);
        }
        if (last === undefined || range.lastSequenceNo > last.sequenceNo) {
          last = { strandId: range.strandId, sequenceNo: range.lastSequenceNo };
        }
      }
    }
  }
  if (last === undefined) {
    throw new Error(`${where}: the exports ${exportIds.join(', ')} hold no data objects`);
  }
  return last;
}
