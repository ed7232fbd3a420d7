import { base64Bytes } from './base64-bytes';
import { ExportBlock, ExportDocumentInfo, ExportStatement, ExportTransactionInfo } from './export-block';
import { isLedgerStruct, LedgerStruct, LedgerTimestamp, LedgerValue } from '../model/ledger-value';
import { BlockAddress, LedgerRevision } from '../model/revision';

/**
 * Converts a block as read from any export format into an ExportBlock.
 *
 * Ion exports hold hashes as blobs and times as timestamps; JSON exports hold the same values as
 * base64 strings and timestamp text (QLDB's Ion-to-JSON down-conversion). Both are accepted.
 * Revisions without metadata are system entries: their hashes are kept in `revisionHashes`, they
 * are not user revisions. A revision's table comes from `transactionInfo.documents[documentId]`.
 */
/**
 * The path of the struct of a block keyed by document ids (`transactionInfo.documents`): parsers build it as a
 * dictionary (see `dictionaryStruct`).
 */
export const DOCUMENTS_BY_ID_PATH: readonly string[] = ['transactionInfo', 'documents'];

export function blockFromStruct(value: LedgerValue, objectKey: string): ExportBlock {
  if (!isLedgerStruct(value)) {
    throw new Error(`${objectKey}: a top-level value is not a block struct`);
  }
  const blockAddress = blockAddressOf(value.blockAddress, `${objectKey}: blockAddress`);
  const where = `${objectKey}, block ${blockAddress.sequenceNo}`;
  const transactionInfo = transactionInfoOf(value.transactionInfo, where);
  const blockTimestamp = timestampOf(value.blockTimestamp) ?? missing(`${where}: blockTimestamp`, 'a timestamp');
  const revisions: LedgerRevision[] = [];
  const revisionHashes: Uint8Array[] = [];
  const elements = value.revisions;
  if (elements !== undefined && elements !== null) {
    if (!Array.isArray(elements)) {
      throw new Error(`${where}: revisions is not a list`);
    }
    for (let index = 0; index < elements.length; index++) {
      const element = elements[index];
      if (!isLedgerStruct(element)) {
        throw new Error(`${where}: revisions[${index}] is not a struct`);
      }
      const hash = hashOf(element.hash) ?? missing(`${where}: revisions[${index}].hash`, 'a blob (or base64 text)');
      revisionHashes.push(hash);
      if (element.metadata !== undefined && element.metadata !== null) {
        revisions.push(revisionOf(element, hash, blockAddress, blockTimestamp, transactionInfo, where, index));
      }
    }
  }
  const previousBlockHash = value.previousBlockHash;
  return {
    objectKey,
    blockAddress,
    transactionId: stringOf(value.transactionId) ?? missing(`${where}: transactionId`, 'a string'),
    blockTimestamp,
    blockHash: hashOf(value.blockHash) ?? missing(`${where}: blockHash`, 'a blob (or base64 text)'),
    entriesHash: hashOf(value.entriesHash) ?? missing(`${where}: entriesHash`, 'a blob (or base64 text)'),
    previousBlockHash:
      previousBlockHash === undefined || previousBlockHash === null
        ? undefined
        : hashOf(previousBlockHash) ?? missing(`${where}: previousBlockHash`, 'a blob (or base64 text)'),
    entriesHashList: hashListOf(value.entriesHashList, where),
    transactionInfo,
    redactionInfo: value.redactionInfo === null ? undefined : value.redactionInfo,
    revisions,
    revisionHashes,
  };
}

/*
 * The places named in error messages are built only when a check fails (`check(value) ?? missing(place, ...)`):
 * building them for every field of every revision cost a quarter of the time of this conversion.
 */

function revisionOf(
  element: LedgerStruct,
  hash: Uint8Array,
  blockAddress: BlockAddress,
  blockTimestamp: LedgerTimestamp,
  transactionInfo: ExportTransactionInfo,
  blockWhere: string,
  index: number,
): LedgerRevision {
  const metadata = element.metadata;
  if (!isLedgerStruct(metadata)) {
    throw new Error(`${blockWhere}: revisions[${index}]: metadata is not a struct`);
  }
  const documentId = stringOf(metadata.id) ?? missing(`${blockWhere}: revisions[${index}]: metadata.id`, 'a string');
  const version = integerOf(metadata.version) ??
    missing(`${blockWhere}: revisions[${index}]: document ${documentId}: metadata.version`, 'an integer');
  const where = () => `${blockWhere}: revisions[${index}]: document ${documentId} version ${version}`;
  const document = transactionInfo.documents.get(documentId);
  if (document === undefined) {
    throw new Error(`${where()}: the document is not in transactionInfo.documents, so its table is unknown`);
  }
  const revisionAddress = element.blockAddress;
  if (revisionAddress !== undefined && revisionAddress !== null && !isAddress(revisionAddress, blockAddress)) {
    const address = blockAddressOf(revisionAddress, `${where()}: blockAddress`);
    throw new Error(`${where()}: the revision's blockAddress ${address.strandId}/${address.sequenceNo} is not its block's`);
  }
  const data = element.data;
  const dataHash = element.dataHash;
  // one object shape for every revision (absent data and dataHash are undefined)
  return {
    tableId: document.tableId,
    tableName: document.tableName,
    blockAddress,
    blockTimestamp,
    hash,
    documentId,
    version,
    txId: stringOf(metadata.txId) ?? missing(`${where()}: metadata.txId`, 'a string'),
    txTime: timestampOf(metadata.txTime) ?? missing(`${where()}: metadata.txTime`, 'a timestamp'),
    data: data === null ? undefined : data,
    dataHash: dataHash === undefined || dataHash === null
      ? undefined
      : hashOf(dataHash) ?? missing(`${where()}: dataHash`, 'a blob (or base64 text)'),
  };
}

/** Whether a revision's blockAddress struct names `address` (the usual case, checked without building anything). */
function isAddress(value: LedgerValue, address: BlockAddress): boolean {
  return isLedgerStruct(value) && value.strandId === address.strandId && value.sequenceNo === address.sequenceNo;
}

function transactionInfoOf(value: LedgerValue | undefined, where: string): ExportTransactionInfo {
  if (value === undefined || value === null) {
    return { statements: [], documents: new Map() };
  }
  if (!isLedgerStruct(value)) {
    throw new Error(`${where}: transactionInfo is not a struct`);
  }
  const statements: ExportStatement[] = [];
  const statementValues = value.statements;
  if (statementValues !== undefined && statementValues !== null) {
    if (!Array.isArray(statementValues)) {
      throw new Error(`${where}: transactionInfo.statements is not a list`);
    }
    for (let index = 0; index < statementValues.length; index++) {
      const item = statementValues[index];
      if (!isLedgerStruct(item)) {
        throw new Error(`${where}: transactionInfo.statements[${index}] is not a struct`);
      }
      const statement: { -readonly [K in keyof ExportStatement]: ExportStatement[K] } = {
        statement: stringOf(item.statement) ?? missing(`${where}: transactionInfo.statements[${index}].statement`, 'a string'),
      };
      if (item.startTime !== undefined && item.startTime !== null) {
        statement.startTime = timestampOf(item.startTime) ??
          missing(`${where}: transactionInfo.statements[${index}].startTime`, 'a timestamp');
      }
      if (item.statementDigest !== undefined && item.statementDigest !== null) {
        statement.statementDigest = hashOf(item.statementDigest) ??
          missing(`${where}: transactionInfo.statements[${index}].statementDigest`, 'a blob (or base64 text)');
      }
      statements.push(statement);
    }
  }
  const documents = new Map<string, ExportDocumentInfo>();
  const documentValues = value.documents;
  if (documentValues !== undefined && documentValues !== null) {
    if (!isLedgerStruct(documentValues)) {
      throw new Error(`${where}: transactionInfo.documents is not a struct`);
    }
    for (const documentId of Object.keys(documentValues)) {
      const info = documentValues[documentId];
      if (!isLedgerStruct(info)) {
        throw new Error(`${where}: transactionInfo.documents.${documentId} is not a struct`);
      }
      const indexes = info.statements;
      documents.set(documentId, {
        tableName: stringOf(info.tableName) ?? missing(`${where}: transactionInfo.documents.${documentId}.tableName`, 'a string'),
        tableId: stringOf(info.tableId) ?? missing(`${where}: transactionInfo.documents.${documentId}.tableId`, 'a string'),
        statements: Array.isArray(indexes)
          ? indexes.map((index, i) => integerOf(index) ??
            missing(`${where}: transactionInfo.documents.${documentId}.statements[${i}]`, 'an integer'))
          : [],
      });
    }
  }
  return { statements, documents };
}

function blockAddressOf(value: LedgerValue | undefined, where: string): BlockAddress {
  if (!isLedgerStruct(value)) {
    throw new Error(`${where} is missing or not a struct`);
  }
  return {
    strandId: stringOf(value.strandId) ?? missing(`${where}.strandId`, 'a string'),
    sequenceNo: integerOf(value.sequenceNo) ?? missing(`${where}.sequenceNo`, 'an integer'),
  };
}

function missing(place: string, what: string): never {
  throw new Error(`${place} is missing or not ${what}`);
}

function stringOf(value: LedgerValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function integerOf(value: LedgerValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function timestampOf(value: LedgerValue | undefined): LedgerTimestamp | undefined {
  if (value instanceof LedgerTimestamp) {
    return value;
  }
  return typeof value === 'string' ? new LedgerTimestamp(value) : undefined;
}

function hashOf(value: LedgerValue | undefined): Uint8Array | undefined {
  if (value instanceof Uint8Array) {
    return value;
  }
  return typeof value === 'string' ? base64Bytes(value) : undefined;
}

function hashListOf(value: LedgerValue | undefined, where: string): Uint8Array[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new Error(`${where}: entriesHashList is not a list`);
  }
  return value.map((item, index) => hashOf(item) ?? missing(`${where}: entriesHashList[${index}]`, 'a blob (or base64 text)'));
}
