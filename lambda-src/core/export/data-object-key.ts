/** What a data object's key says about its blocks: `...<strandId>.<firstSeq>-<lastSeq>.<ext>`. */
export interface DataObjectRange {
  readonly strandId: string;
  readonly firstSequenceNo: number;
  readonly lastSequenceNo: number;
}

const DATA_OBJECT_KEY = /(?:^|[^A-Za-z0-9])([A-Za-z0-9]+)\.(\d+)-(\d+)\.[A-Za-z0-9]+$/;

/** Parses the strand and block range from a data object key; throws naming the key if it does not fit. */
export function parseDataObjectKey(key: string): DataObjectRange {
  const match = DATA_OBJECT_KEY.exec(key);
  if (!match) {
    throw new Error(`data object key ${key} does not end in <strandId>.<firstSequenceNo>-<lastSequenceNo>.<extension>`);
  }
  const firstSequenceNo = Number(match[2]);
  const lastSequenceNo = Number(match[3]);
  if (!Number.isSafeInteger(firstSequenceNo) || !Number.isSafeInteger(lastSequenceNo) || lastSequenceNo < firstSequenceNo) {
    throw new Error(`data object key ${key} has an invalid block range ${match[2]}-${match[3]}`);
  }
  return { strandId: match[1], firstSequenceNo, lastSequenceNo };
}
