import { IonTypes, makeBinaryWriter, makeReader, Reader, Writer } from 'ion-js';
import { writeValueOnly } from './ion-rewrite';

/**
 * Builds an export-style block (one Ion struct with `revisions`) from a BLOCK_SUMMARY and the
 * REVISION_DETAILS of its user revisions, as a journal export would show that block: the block fields
 * of the summary, and `revisions` in summary order, where a summary with a documentId becomes the full
 * revision (matched by hash) and one without becomes a system entry `{hash}`. Values are copied as read.
 */
export function exportBlockFromStream(blockSummary: Uint8Array, revisionDetails: readonly Uint8Array[]): Uint8Array {
  const revisionsByHash = new Map<string, Uint8Array>();
  for (const details of revisionDetails) {
    const reader = payloadReader(details);
    reader.stepIn();
    moveToField(reader, 'revision');
    const revision = copyValue(reader);
    revisionsByHash.set(hashOf(revision), revision);
  }
  const reader = payloadReader(blockSummary);
  const writer = makeBinaryWriter();
  writer.stepIn(IonTypes.STRUCT);
  reader.stepIn();
  while (reader.next() !== null) {
    const field = reader.fieldName()!;
    if (field !== 'revisionSummaries') {
      writer.writeFieldName(field);
      writeValueOnly(reader, writer);
      continue;
    }
    writer.writeFieldName('revisions');
    writer.stepIn(IonTypes.LIST);
    reader.stepIn();
    while (reader.next() !== null) {
      const summary = copyValue(reader);
      const hash = hashOf(summary);
      const full = revisionsByHash.get(hash);
      const hasDocumentId = hasField(summary, 'documentId');
      if (hasDocumentId && full === undefined) {
        throw new Error(`no REVISION_DETAILS for revision summary ${hash}`);
      }
      writeCopy(writer, hasDocumentId ? full! : onlyHash(summary));
    }
    reader.stepOut();
    writer.stepOut();
  }
  writer.stepOut();
  writer.close();
  return writer.getBytes();
}

function payloadReader(record: Uint8Array): Reader {
  const reader = makeReader(record);
  reader.next();
  reader.stepIn();
  moveToField(reader, 'payload');
  return reader;
}

function moveToField(reader: Reader, name: string): void {
  while (reader.next() !== null) {
    if (reader.fieldName() === name) {
      return;
    }
  }
  throw new Error(`no field ${name}`);
}

function hasField(struct: Uint8Array, name: string): boolean {
  const reader = makeReader(struct);
  reader.next();
  reader.stepIn();
  while (reader.next() !== null) {
    if (reader.fieldName() === name) {
      return true;
    }
  }
  return false;
}

function hashOf(struct: Uint8Array): string {
  const copy = makeReader(struct);
  copy.next();
  copy.stepIn();
  moveToField(copy, 'hash');
  return Buffer.from(copy.uInt8ArrayValue()!).toString('hex');
}

function onlyHash(summary: Uint8Array): Uint8Array {
  const reader = makeReader(summary);
  reader.next();
  reader.stepIn();
  moveToField(reader, 'hash');
  const writer = makeBinaryWriter();
  writer.stepIn(IonTypes.STRUCT);
  writer.writeFieldName('hash');
  writeValueOnly(reader, writer);
  writer.stepOut();
  writer.close();
  return writer.getBytes();
}

function copyValue(reader: Reader): Uint8Array {
  const writer = makeBinaryWriter();
  writer.writeValue(reader);
  writer.close();
  return writer.getBytes();
}

function writeCopy(writer: Writer, value: Uint8Array): void {
  const reader = makeReader(value);
  reader.next();
  writeValueOnly(reader, writer);
}
