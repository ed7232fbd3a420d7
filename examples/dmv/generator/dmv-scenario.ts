import {
  DMV_INDEXES,
  DMV_TABLES,
  INSPECTION_TABLE,
  MELVIN_GOV_ID,
  samplePersons,
  sampleVehicleRegistrations,
  sampleVehicles,
  sampleDriversLicenses,
  SyntheticDmvDocuments,
} from './dmv-documents';
import { DocumentState, LedgerSimulator, TransactionBuilder } from './ledger-simulator';
import { SeededRandom } from './seeded-random';
import { LedgerStruct } from '../../../lambda-src/core/model/ledger-value';

/** A table created, filled, dropped, then created again under the same name (a new tableId). */
export const RECREATED_TABLE = 'ParkingPermit';
/** A table dropped and then undropped (`UNDROP TABLE "<tableId>"`), keeping its tableId. */
export const UNDROPPED_TABLE = 'TemporaryHold';

/** Points of the scenario the writers care about. */
export interface ScenarioEvents {
  /** The next block starts the second export (called only when two exports are asked for). */
  exportSplit(): void;
  /** The export ends here and the stream begins; `live` are the documents not yet retired. */
  streamStart(live: DocumentState[]): void;
  /** These documents will never be written again (their state is final). */
  documentsRetired(states: DocumentState[]): void;
  /** The scenario is over; `live` are the documents not retired before. */
  finished(live: DocumentState[]): void;
}

/** Documents the tests look for by role. */
export interface ScenarioLandmarks {
  melvinPersonId: string;
  redactedPersonId: string;
  doubleUpdatedPersonId: string;
  deletedVehicleId: string;
  typeDriftVehicleId: string;
  recreatedTableIds: string[];
  undroppedTableId: string;
}

export interface ScenarioOptions {
  readonly syntheticDocuments: number;
  readonly exportCount: 1 | 2;
  /** Documents per cohort (inserted, updated and partly deleted together, then released from memory). */
  readonly cohortSize?: number;
}

const MAX_WRITES_PER_TRANSACTION = 10;
const UPDATE_ROUNDS = 3;

/**
 * The DMV sample ledger's history: the sample's tables, indexes and documents, special cases (a redacted
 * revision, a document updated twice in one transaction, a deletion, a field whose type drifts, a table
 * dropped and recreated, a table dropped and undropped, an unmapped table with exact values, read-only
 * transactions), then synthetic documents in cohorts with updates and deletions; after the export's end,
 * the stream part: the sample's `UPDATE Person SET FirstName = 'Melvin' ...` and more synthetic activity.
 */
export class DmvScenario {
  private readonly synthetic: SyntheticDmvDocuments;
  private readonly live = new Set<string>();
  private readonly samplePersonIds: string[] = [];
  private readonly landmarks: Partial<ScenarioLandmarks> = {};

  constructor(
    private readonly ledger: LedgerSimulator,
    private readonly random: SeededRandom,
    private readonly events: ScenarioEvents,
    private readonly options: ScenarioOptions,
  ) {
    this.synthetic = new SyntheticDmvDocuments(random.derive('documents'));
  }

  public run(): ScenarioLandmarks {
    const streamInserts = Math.round(this.options.syntheticDocuments * 0.05);
    const exportDocuments = this.options.syntheticDocuments - streamInserts;
    const cohortSize = this.options.cohortSize ?? 200;

    this.createSampleTables();
    this.insertSampleDocuments();
    this.specialCases();

    const cohorts = Math.ceil(exportDocuments / cohortSize);
    let carried: string[] = [];
    for (let c = 0; c < cohorts; c++) {
      if (this.options.exportCount === 2 && c === Math.floor(cohorts / 2)) {
        this.events.exportSplit();
      }
      const size = Math.min(cohortSize, exportDocuments - c * cohortSize);
      const ids = this.cohort(size);
      if (c === cohorts - 1) {
        carried = ids; // the stream part keeps writing these
      } else {
        this.retire(ids);
      }
    }
    if (this.options.exportCount === 2 && cohorts === 0) {
      this.ledger.select('SELECT * FROM Vehicle AS v WHERE v.Type = \'Semi\'');
      this.events.exportSplit();
      this.ledger.select('SELECT COUNT(*) FROM Person');
    }

    this.ledger.flush();
    this.events.streamStart(this.liveStates());
    this.streamPart(carried, streamInserts, cohortSize);
    this.ledger.flush();
    this.events.finished(this.liveStates());
    return this.landmarks as ScenarioLandmarks;
  }

  private createSampleTables(): void {
    for (const table of DMV_TABLES) {
      this.ledger.createTable(table);
    }
    for (const [table, field] of DMV_INDEXES) {
      this.ledger.createIndex(table, field);
    }
    this.ledger.createTable(INSPECTION_TABLE);
  }

  private insertSampleDocuments(): void {
    this.insertAll('Vehicle', sampleVehicles());
    this.samplePersonIds.push(...this.insertAll('Person', samplePersons()));
    this.insertAll('DriversLicense', sampleDriversLicenses(this.samplePersonIds));
    this.insertAll('VehicleRegistration', sampleVehicleRegistrations(this.samplePersonIds));
    this.landmarks.melvinPersonId = this.samplePersonIds.find((id) => this.ledger.document(id).data!.GovId === MELVIN_GOV_ID);
    this.ledger.select('SELECT * FROM Person AS p WHERE p.GovId = ?');
  }

  private specialCases(): void {
    const s = this.synthetic;
    // A revision redacted after a later update (the latest revision cannot be redacted).
    const redacted = this.insertOne('Person', s.person());
    this.ledger.transaction((tx) => tx.update(tx.statement('UPDATE Person AS p SET p.Address = ? WHERE p.GovId = ?'), redacted, s.updated('Person', tx.currentData(redacted)!)));
    this.ledger.redact(redacted, 0);
    this.landmarks.redactedPersonId = redacted;

    // One document written by two statements of one transaction (one revision), and a document inserted
    // and updated in the same transaction (version 0 with two statements).
    const twice = this.insertOne('Person', s.person());
    this.ledger.transaction((tx) => {
      const first = tx.statement('UPDATE Person AS p SET p.Address = ? WHERE p.GovId = ?');
      tx.update(first, twice, { ...tx.currentData(twice)!, Address: '1 First Street, Seattle, WA, 98101' });
      const second = tx.statement('UPDATE Person AS p SET p.LastName = ? WHERE p.GovId = ?');
      tx.update(second, twice, { ...tx.currentData(twice)!, LastName: 'Twice-Updated' });
    });
    this.landmarks.doubleUpdatedPersonId = twice;
    this.ledger.transaction((tx) => {
      const insert = tx.statement('INSERT INTO Person ?');
      const id = tx.insert(insert, 'Person', s.person());
      tx.update(tx.statement('UPDATE Person AS p SET p.GovIdType = \'Passport\' WHERE p.GovId = ?'), id, { ...tx.currentData(id)!, GovIdType: 'Passport' });
      this.live.add(id);
    });

    // A deletion, and a Year that is an int in one revision and a string in the next.
    const deleted = this.insertOne('Vehicle', s.vehicle());
    this.ledger.transaction((tx) => tx.delete(tx.statement('DELETE FROM Vehicle AS v WHERE v.VIN = ?'), deleted));
    this.landmarks.deletedVehicleId = deleted;
    const drift = this.insertOne('Vehicle', { ...s.vehicle(), Year: 2016 });
    this.ledger.transaction((tx) => tx.update(tx.statement('UPDATE Vehicle AS v SET v.Year = ? WHERE v.VIN = ?'), drift, { ...tx.currentData(drift)!, Year: '2016' }));
    this.landmarks.typeDriftVehicleId = drift;

    // The unmapped table, with exact values (big decimals, precise timestamps, an int beyond 2^53, a blob).
    const inspections = this.insertAll(INSPECTION_TABLE, [s.inspection(s.vin()), s.inspection(s.vin()), s.inspection(s.vin())]);
    this.updateAll(INSPECTION_TABLE, inspections.slice(0, 2));

    // A table dropped and recreated under the same name.
    const firstPermitTable = this.ledger.createTable(RECREATED_TABLE);
    const permits = this.insertAll(RECREATED_TABLE, [1, 2, 3].map((n) => this.permit(n)));
    this.updateAll(RECREATED_TABLE, permits.slice(0, 1));
    this.ledger.dropTable(RECREATED_TABLE);
    const secondPermitTable = this.ledger.createTable(RECREATED_TABLE);
    this.insertAll(RECREATED_TABLE, [4, 5].map((n) => this.permit(n)));
    this.landmarks.recreatedTableIds = [firstPermitTable, secondPermitTable];

    // A table dropped, then undropped, then written again.
    const holdTable = this.ledger.createTable(UNDROPPED_TABLE);
    this.insertAll(UNDROPPED_TABLE, [{ VIN: s.vin(), Reason: 'Unpaid fees' }]);
    this.ledger.dropTable(UNDROPPED_TABLE);
    this.ledger.undropTable(holdTable);
    this.insertAll(UNDROPPED_TABLE, [{ VIN: s.vin(), Reason: 'Court order', Until: s.preciseTimestamp() }]);
    this.landmarks.undroppedTableId = holdTable;

    this.ledger.select('SELECT * FROM Vehicle AS v WHERE v.VIN = ?', 'SELECT * FROM VehicleRegistration AS r WHERE r.VIN = ?');
  }

  /** Inserts `size` synthetic documents, updates them over a few rounds, deletes some; returns their ids. */
  private cohort(size: number): string[] {
    const r = this.random;
    const personCount = Math.max(1, Math.round(size * 0.3));
    const persons = this.insertAll('Person', Array.from({ length: Math.min(personCount, size) }, () => this.synthetic.person()));
    const others: Array<[string, LedgerStruct]> = [];
    // One driver's license per person, as the DMV schema's key on drivers_license.person_id requires.
    const unlicensed = [...persons];
    for (let i = persons.length; i < size; i++) {
      const roll = r.next();
      const owner = r.chance(0.9) ? r.pick(persons) : r.pick(this.samplePersonIds);
      if (roll >= 0.65 && roll < 0.93 && unlicensed.length > 0) {
        others.push(['DriversLicense', this.synthetic.license(unlicensed.splice(r.int(0, unlicensed.length - 1), 1)[0])]);
      } else if (roll < 0.35 || (roll >= 0.65 && roll < 0.93)) {
        others.push(['Vehicle', this.synthetic.vehicle()]);
      } else if (roll < 0.65) {
        const secondary = r.chance(0.3) ? [r.pick(persons), r.pick(this.samplePersonIds)] : [];
        others.push(['VehicleRegistration', this.synthetic.registration(this.synthetic.vin(), owner, secondary)]);
      } else {
        others.push([INSPECTION_TABLE, this.synthetic.inspection(this.synthetic.vin())]);
      }
    }
    const ids = [...persons];
    for (let i = 0; i < others.length; i += MAX_WRITES_PER_TRANSACTION) {
      ids.push(...this.insertMixed(others.slice(i, i + MAX_WRITES_PER_TRANSACTION)));
    }
    for (let round = 0; round < UPDATE_ROUNDS; round++) {
      this.updateSome(ids.filter(() => r.chance(0.5)));
    }
    this.deleteSome(ids.filter(() => r.chance(0.05)));
    return ids;
  }

  private streamPart(carried: string[], inserts: number, cohortSize: number): void {
    const melvin = this.landmarks.melvinPersonId!;
    this.ledger.transaction((tx) => {
      const statement = tx.statement(`UPDATE Person SET FirstName = 'Melvin' WHERE GovId = '${MELVIN_GOV_ID}'`);
      tx.update(statement, melvin, { ...tx.currentData(melvin)!, FirstName: 'Melvin' });
    });
    this.ledger.select('SELECT * FROM Person AS p WHERE p.FirstName = \'Melvin\'');
    this.ledger.createIndex('Vehicle', 'Color');
    const r = this.random;
    this.updateSome(carried.filter(() => r.chance(0.3)));
    const doubled = carried.find((id) => this.ledger.document(id).data !== undefined);
    if (doubled !== undefined) {
      const table = this.ledger.document(doubled).tableName;
      this.ledger.transaction((tx) => {
        const first = tx.statement(`UPDATE ${table} AS d SET d = ? BY id WHERE id = ?`);
        tx.update(first, doubled, this.synthetic.updated(table, tx.currentData(doubled)!));
        tx.update(tx.statement(`UPDATE ${table} AS d SET d = ? BY id WHERE id = ?`), doubled, this.synthetic.updated(table, tx.currentData(doubled)!));
      });
    }
    this.deleteSome(carried.filter((id) => id !== doubled && r.chance(0.05)));
    this.retire(carried);
    for (let done = 0; done < inserts; done += cohortSize) {
      this.retire(this.cohort(Math.min(cohortSize, inserts - done)));
    }
  }

  private permit(n: number): LedgerStruct {
    return { PermitNumber: `PP-${String(n).padStart(4, '0')}`, Zone: this.random.pick(['A', 'B', 'C']), Fee: this.synthetic.amount() };
  }

  private insertOne(table: string, data: LedgerStruct): string {
    return this.insertAll(table, [data])[0];
  }

  /** Inserts documents of one table, up to ten per transaction, with one `INSERT INTO <table> ?` each. */
  private insertAll(table: string, documents: LedgerStruct[]): string[] {
    const ids: string[] = [];
    for (let i = 0; i < documents.length; i += MAX_WRITES_PER_TRANSACTION) {
      ids.push(...this.insertMixed(documents.slice(i, i + MAX_WRITES_PER_TRANSACTION).map((d) => [table, d] as [string, LedgerStruct])));
    }
    return ids;
  }

  private insertMixed(documents: Array<[string, LedgerStruct]>): string[] {
    const ids: string[] = [];
    this.maybeReadOnly();
    this.ledger.transaction((tx) => {
      const statements = new Map<string, number>();
      for (const [table, data] of documents) {
        if (!statements.has(table)) {
          statements.set(table, tx.statement(`INSERT INTO ${table} ?`));
        }
        ids.push(tx.insert(statements.get(table)!, table, data));
      }
    });
    ids.forEach((id) => this.live.add(id));
    this.ledger.idle(200, 30000);
    return ids;
  }

  private updateAll(table: string, ids: string[]): void {
    this.ledger.transaction((tx) => {
      const statement = tx.statement(`UPDATE ${table} AS d SET d = ? BY id WHERE id = ?`);
      ids.forEach((id) => tx.update(statement, id, this.synthetic.updated(table, tx.currentData(id)!)));
    });
  }

  /** Updates documents in transactions of up to ten; now and then one document is updated twice in a transaction. */
  private updateSome(ids: string[]): void {
    const alive = ids.filter((id) => this.ledger.document(id).data !== undefined);
    for (let i = 0; i < alive.length; i += MAX_WRITES_PER_TRANSACTION) {
      const batch = alive.slice(i, i + MAX_WRITES_PER_TRANSACTION);
      this.maybeReadOnly();
      this.ledger.transaction((tx) => this.updateBatch(tx, batch));
      this.ledger.idle(200, 30000);
    }
  }

  private updateBatch(tx: TransactionBuilder, batch: string[]): void {
    const statements = new Map<string, number>();
    for (const id of batch) {
      const table = this.ledger.document(id).tableName;
      if (!statements.has(table)) {
        statements.set(table, tx.statement(`UPDATE ${table} AS d SET d = ? BY id WHERE id = ?`));
      }
      tx.update(statements.get(table)!, id, this.synthetic.updated(table, tx.currentData(id)!));
      if (this.random.chance(0.05)) {
        tx.update(statements.get(table)!, id, this.synthetic.updated(table, tx.currentData(id)!));
      }
    }
  }

  private deleteSome(ids: string[]): void {
    const alive = ids.filter((id) => this.ledger.document(id).data !== undefined);
    for (let i = 0; i < alive.length; i += MAX_WRITES_PER_TRANSACTION) {
      this.ledger.transaction((tx) => {
        const statements = new Map<string, number>();
        for (const id of alive.slice(i, i + MAX_WRITES_PER_TRANSACTION)) {
          const table = this.ledger.document(id).tableName;
          if (!statements.has(table)) {
            statements.set(table, tx.statement(`DELETE FROM ${table} AS d BY id WHERE id = ?`));
          }
          tx.delete(statements.get(table)!, id);
        }
      });
      this.ledger.idle(200, 30000);
    }
  }

  private maybeReadOnly(): void {
    if (this.random.chance(0.05)) {
      this.ledger.select('SELECT * FROM VehicleRegistration AS r WHERE r.LicensePlateNumber = ?');
    }
  }

  private retire(ids: string[]): void {
    this.events.documentsRetired(ids.map((id) => this.ledger.document(id)));
    ids.forEach((id) => this.live.delete(id));
    this.ledger.forget(ids);
  }

  private liveStates(): DocumentState[] {
    return [...this.live].map((id) => this.ledger.document(id));
  }
}
