import { readFileSync } from 'fs';
import { join } from 'path';
import { IonTypes, makeBinaryWriter, makeReader, Reader, Writer } from 'ion-js';
import { GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { readLedgerValue } from '../../../lambda-src/core/model/ion-to-ledger-value';
import { isLedgerStruct } from '../../../lambda-src/core/model/ledger-value';
import { decodeStreamItem } from '../../../lambda-src/core/stream/kinesis-event';
import { StreamItem } from '../../../lambda-src/core/stream/stream-item';

/*
 * REVISION_DETAILS records for blocks of a generated Ion binary export, as a QLDB stream started before the end of
 * the export would deliver them: each revision struct is copied value by value from the export (so its hash still
 * verifies), with its table from the block's transactionInfo.documents.
 */

function copyRevision(reader: Reader): Uint8Array {
  const writer = makeBinaryWriter();
  writer.writeValue(reader);
  writer.close();
  return writer.getBytes();
}

function writeRecord(streamArn: string, tableName: string, tableId: string, revision: Uint8Array): Uint8Array {
  const writer: Writer = makeBinaryWriter();
  writer.stepIn(IonTypes.STRUCT);
  writer.writeFieldName('qldbStreamArn');
  writer.writeString(streamArn);
  writer.writeFieldName('recordType');
  writer.writeString('REVISION_DETAILS');
  writer.writeFieldName('payload');
  writer.stepIn(IonTypes.STRUCT);
  writer.writeFieldName('tableInfo');
  writer.stepIn(IonTypes.STRUCT);
  writer.writeFieldName('tableName');
  writer.writeString(tableName);
  writer.writeFieldName('tableId');
  writer.writeString(tableId);
  writer.stepOut();
  writer.writeFieldName('revision');
  const reader = makeReader(revision);
  reader.next();
  writer.stepIn(IonTypes.STRUCT);
  reader.stepIn();
  for (let type = reader.next(); type !== null; type = reader.next()) writer.writeValue(reader);
  reader.stepOut();
  writer.stepOut();
  writer.stepOut();
  writer.stepOut();
  writer.close();
  return writer.getBytes();
}

/** REVISION_DETAILS items for the user revisions of the export's blocks with sequence number >= fromBlock. */
export function exportTailStreamItems(ledger: GeneratedLedger, fromBlock: number): StreamItem[] {
  const set = ledger.exportSets.find((s) => s.format === 'ION_BINARY');
  if (!set) throw new Error('the generated ledger has no ION_BINARY export');
  const items: StreamItem[] = [];
  for (const written of set.exports) {
    for (const key of written.dataKeys) {
      const reader = makeReader(new Uint8Array(readFileSync(join(set.bucketDir, key))));
      for (let type = reader.next(); type !== null; type = reader.next()) {
        let sequenceNo = -1;
        let documents: Record<string, { tableName: string; tableId: string }> = {};
        const revisions: Uint8Array[] = [];
        reader.stepIn();
        for (let field = reader.next(); field !== null; field = reader.next()) {
          const name = reader.fieldName();
          if (name === 'blockAddress') {
            const address = readLedgerValue(reader);
            if (isLedgerStruct(address)) sequenceNo = Number(address.sequenceNo);
          } else if (name === 'transactionInfo') {
            const info = readLedgerValue(reader);
            if (isLedgerStruct(info) && isLedgerStruct(info.documents)) {
              documents = info.documents as unknown as typeof documents;
            }
          } else if (name === 'revisions') {
            reader.stepIn();
            for (let r = reader.next(); r !== null; r = reader.next()) revisions.push(copyRevision(reader));
            reader.stepOut();
          }
        }
        reader.stepOut();
        if (sequenceNo < fromBlock) continue;
        for (const revision of revisions) {
          const value = makeReader(revision);
          value.next();
          const struct = readLedgerValue(value);
          if (!isLedgerStruct(struct) || !isLedgerStruct(struct.metadata)) continue; // system entry
          const document = documents[String(struct.metadata.id)];
          const bytes = writeRecord(ledger.stream.streamArn, document.tableName, document.tableId, revision);
          items.push(decodeStreamItem(bytes, { source: `export block ${sequenceNo}`, subSequenceNumber: items.length }));
        }
      }
    }
  }
  return items;
}
