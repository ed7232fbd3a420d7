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
export function blockFromStruct(value: LedgerValue, objectKey: string): ExportBlock {
  if (!isLedgerStruct(value)) {
    throw new Error(`${objectKey}: a top-level value is not a block struct`);
  }
  const blockAddress = blockAddressOf(value.blockAddress, `${objectKey}: blockAddress`);
  const where = `${objectKey}, block ${blockAddress.sequenceNo}`;
  const transactionInfo = transactionInfoOf(value.transactionInfo, where);
  const blockTimestamp = timestampOf(value.blockTimestamp, `${where}: blockTimestamp`);
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
      const hash = hashOf(element.hash, `${where}: revisions[${index}].hash`);
      revisionHashes.push(hash);
      if (element.metadata !== undefined && element.metadata !== null) {
        revisions.push(revisionOf(element, hash, blockAddress, blockTimestamp, transactionInfo, `${where}: revisions[${index}]`));
      }
    }
  }
  const previousBlockHash = value.previousBlockHash;
  return {
    objectKey,
    blockAddress,
    transactionId: stringOf(value.transactionId, `${where}: transactionId`),
    blockTimestamp,
    blockHash: hashOf(value.blockHash, `${where}: blockHash`),
    entriesHash: hashOf(value.entriesHash, `${where}: entriesHash`),
    previousBlockHash:
      previousBlockHash === undefined || previousBlockHash === null
        ? undefined
        : hashOf(previousBlockHash, `${where}: previousBlockHash`),
    entriesHashList: hashListOf(value.entriesHashList, `${where}: entriesHashList`),
    transactionInfo,
    redactionInfo: value.redactionInfo === null ? undefined : value.redactionInfo,
    revisions,
    revisionHashes,
  };
}

function revisionOf(
  element: LedgerStruct,
  hash: Uint8Array,
  blockAddress: BlockAddress,
  blockTimestamp: LedgerTimestamp,
  transactionInfo: ExportTransactionInfo,
  where: string,
): LedgerRevision {
  const metadata = element.metadata;
  if (!isLedgerStruct(metadata)) {
    throw new Error(`${where}: metadata is not a struct`);
  }
  const documentId = stringOf(metadata.id, `${where}: metadata.id`);
  const version = integerOf(metadata.version, `${where}: document ${documentId}: metadata.version`);
  const revisionWhere = `${where}: document ${documentId} version ${version}`;
  const document = transactionInfo.documents.get(documentId);
  if (document === undefined) {
    throw new Error(`${revisionWhere}: the document is not in transactionInfo.documents, so its table is unknown`);
  }
  const revisionAddress = element.blockAddress;
  if (revisionAddress !== undefined && revisionAddress !== null) {
    const address = blockAddressOf(revisionAddress, `${revisionWhere}: blockAddress`);
    if (address.sequenceNo !== blockAddress.sequenceNo || address.strandId !== blockAddress.strandId) {
      throw new Error(
        `${revisionWhere}: the revision's blockAddress ${address.strandId}/${address.sequenceNo} is not its block's`,
      );
    }
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
    txId: stringOf(metadata.txId, `${revisionWhere}: metadata.txId`),
    txTime: timestampOf(metadata.txTime, `${revisionWhere}: metadata.txTime`),
    data: data === null ? undefined : data,
    dataHash: dataHash === undefined || dataHash === null ? undefined : hashOf(dataHash, `${revisionWhere}: dataHash`),
  };
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
    statementValues.forEach((item, index) => {
      const itemWhere = `${where}: transactionInfo.statements[${index}]`;
      if (!isLedgerStruct(item)) {
        throw new Error(`${itemWhere} is not a struct`);
      }
      const statement: { -readonly [K in keyof ExportStatement]: ExportStatement[K] } = {
        statement: stringOf(item.statement, `${itemWhere}.statement`),
      };
      if (item.startTime !== undefined && item.startTime !== null) {
        statement.startTime = timestampOf(item.startTime, `${itemWhere}.startTime`);
      }
      if (item.statementDigest !== undefined && item.statementDigest !== null) {
        statement.statementDigest = hashOf(item.statementDigest, `${itemWhere}.statementDigest`);
      }
      statements.push(statement);
    });
  }
  const documents = new Map<string, ExportDocumentInfo>();
  const documentValues = value.documents;
  if (documentValues !== undefined && documentValues !== null) {
    if (!isLedgerStruct(documentValues)) {
      throw new Error(`${where}: transactionInfo.documents is not a struct`);
    }
    for (const documentId of Object.keys(documentValues)) {
      const info = documentValues[documentId];
      const infoWhere = `${where}: transactionInfo.documents.${documentId}`;
      if (!isLedgerStruct(info)) {
        throw new Error(`${infoWhere} is not a struct`);
      }
      const indexes = info.statements;
      documents.set(documentId, {
        tableName: stringOf(info.tableName, `${infoWhere}.tableName`),
        tableId: stringOf(info.tableId, `${infoWhere}.tableId`),
        statements: Array.isArray(indexes) ? indexes.map((index, i) => integerOf(index, `${infoWhere}.statements[${i}]`)) : [],
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
    strandId: stringOf(value.strandId, `${where}.strandId`),
    sequenceNo: integerOf(value.sequenceNo, `${where}.sequenceNo`),
  };
}

function stringOf(value: LedgerValue | undefined, where: string): string {
  if (typeof value !== 'string') {
    throw new Error(`${where} is missing or not a string`);
  }
  return value;
}

function integerOf(value: LedgerValue | undefined, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(`${where} is missing or not an integer`);
  }
  return value;
}

function timestampOf(value: LedgerValue | undefined, where: string): LedgerTimestamp {
  if (value instanceof LedgerTimestamp) {
    return value;
  }
  if (typeof value === 'string') {
    return new LedgerTimestamp(value);
  }
  throw new Error(`${where} is missing or not a timestamp`);
}

function hashOf(value: LedgerValue | undefined, where: string): Uint8Array {
  if (value instanceof Uint8Array) {
    return value;
  }
  if (typeof value === 'string' && value.length % 4 === 0) {
    const bytes = Buffer.from(value, 'base64');
    // Buffer.from skips characters outside the base64 alphabet: a shorter result means there were some
    const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    if (bytes.length === (value.length / 4) * 3 - padding) {
      return bytes;
    }
  }
  throw new Error(`${where} is missing or not a blob (or base64 text)`);
}

function hashListOf(value: LedgerValue | undefined, where: string): Uint8Array[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new Error(`${where} is not a list`);
  }
  return value.map((item, index) => hashOf(item, `${where}[${index}]`));
}
