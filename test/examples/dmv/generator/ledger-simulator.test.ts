import { ionTextOf } from '../../../../examples/dmv/generator/ion-text-of-ledger-value';
import { documentRevisions, SimulatedBlock, metadataValue } from '../../../../examples/dmv/generator/ledger-block';
import { LedgerSimulator } from '../../../../examples/dmv/generator/ledger-simulator';
import { SeededRandom } from '../../../../examples/dmv/generator/seeded-random';
import { ionHash } from '../../../../lambda-src/core/hashing/ion-hash';

function newLedger(window?: number): { ledger: LedgerSimulator; blocks: SimulatedBlock[] } {
  const blocks: SimulatedBlock[] = [];
  const ledger = new LedgerSimulator({ random: new SeededRandom(1, 'simulator-test'), startTimeMs: Date.UTC(2021, 0, 1), onBlock: (b) => blocks.push(b), redactionWindowBlocks: window });
  return { ledger, blocks };
}

describe('LedgerSimulator', () => {
  test('version counts committing transactions, not writes', () => {
    const { ledger } = newLedger();
    ledger.createTable('Person');
    let id = '';
    const insert = ledger.transaction((tx) => {
      id = tx.insert(tx.statement('INSERT INTO Person ?'), 'Person', { Name: 'A' });
      tx.update(tx.statement('UPDATE Person SET Name = ?'), id, { Name: 'B' });
    });
    const update = ledger.transaction((tx) => {
      const s = tx.statement('UPDATE Person SET Name = ?');
      tx.update(s, id, { Name: 'C' });
      tx.update(s, id, { Name: 'D' });
    });
    expect(documentRevisions(insert).map((r) => [r.metadata.version, r.data])).toEqual([[0, { Name: 'B' }]]);
    expect(insert.transactionInfo.documents![id].statements).toEqual([0, 1]);
    expect(documentRevisions(update).map((r) => [r.metadata.version, r.data])).toEqual([[1, { Name: 'D' }]]);
    expect(update.transactionInfo.documents![id].statements).toEqual([0, 0]);
    expect(ledger.document(id).version).toEqual(1);
  });

  test('a read-only transaction commits a block without revisions or documents', () => {
    const { ledger } = newLedger();
    const block = ledger.select('SELECT * FROM information_schema.user_tables');
    expect(block.revisions).toBeUndefined();
    expect(block.transactionInfo.documents).toBeUndefined();
    expect(block.transactionInfo.statements).toHaveLength(1);
  });

  test('a deleted revision is hashed from its metadata alone', () => {
    const { ledger } = newLedger();
    ledger.createTable('Person');
    let id = '';
    ledger.transaction((tx) => {
      id = tx.insert(tx.statement('INSERT INTO Person ?'), 'Person', { Name: 'A' });
    });
    const deletion = ledger.transaction((tx) => tx.delete(tx.statement('DELETE FROM Person'), id));
    const [revision] = documentRevisions(deletion);
    expect(revision.data).toBeUndefined();
    expect(Buffer.from(revision.hash)).toEqual(Buffer.from(ionHash(ionTextOf(metadataValue(revision.metadata)))));
    expect(() => ledger.transaction((tx) => tx.update(tx.statement('UPDATE Person SET Name = ?'), id, { Name: 'B' }))).toThrow(`Document ${id} (table Person) is deleted`);
  });

  test('the latest revision cannot be redacted, nor one whose block was already written', () => {
    const { ledger, blocks } = newLedger(2);
    ledger.createTable('Person');
    let id = '';
    ledger.transaction((tx) => {
      id = tx.insert(tx.statement('INSERT INTO Person ?'), 'Person', { Name: 'A' });
    });
    expect(() => ledger.redact(id, 0)).toThrow(`Cannot redact document ${id} version 0: the latest revision (version 0) cannot be redacted`);
    ledger.transaction((tx) => tx.update(tx.statement('UPDATE Person SET Name = ?'), id, { Name: 'B' }));
    ledger.select('SELECT 1');
    expect(blocks.map((b) => b.blockAddress.sequenceNo)).toEqual([0, 1]);
    expect(() => ledger.redact(id, 0)).toThrow('its block is no longer held back (redaction window 2 blocks)');
  });

  test('redaction keeps the revision hash and replaces data by its hash', () => {
    const { ledger, blocks } = newLedger();
    ledger.createTable('Person');
    let id = '';
    ledger.transaction((tx) => {
      id = tx.insert(tx.statement('INSERT INTO Person ?'), 'Person', { Name: 'Secret' });
    });
    ledger.transaction((tx) => tx.update(tx.statement('UPDATE Person SET Name = ?'), id, { Name: 'Public' }));
    const redaction = ledger.redact(id, 0);
    ledger.flush();
    const original = documentRevisions(blocks[1])[0];
    expect(original.data).toBeUndefined();
    expect(Buffer.from(original.dataHash!)).toEqual(Buffer.from(ionHash('{Name:"Secret"}')));
    expect(redaction.redactionInfo!.revisions).toEqual([
      { blockAddress: original.blockAddress, tableId: original.tableId, documentId: id, version: 0 },
    ]);
  });

  test('a dropped table cannot be written; its name can be reused with a new tableId', () => {
    const { ledger } = newLedger();
    const first = ledger.createTable('Permit');
    ledger.dropTable('Permit');
    expect(() => ledger.transaction((tx) => tx.insert(tx.statement('INSERT INTO Permit ?'), 'Permit', {}))).toThrow('Statement "INSERT INTO Permit ?": no active table named Permit');
    const second = ledger.createTable('Permit');
    expect(second).not.toEqual(first);
    expect(() => ledger.undropTable(first)).toThrow(`UNDROP TABLE "${first}": table Permit is not dropped or its name is in use`);
    expect(ledger.allTables().map((t) => [t.tableId, t.dropped])).toEqual([[first, true], [second, false]]);
  });
});
