import samples from './dmv-sample-documents.json';
import { SeededRandom } from './seeded-random';
import { LedgerDecimal, LedgerStruct, LedgerTimestamp } from '../../../lambda-src/core/model/ledger-value';

/** The DMV sample's tables, in the order the sample creates them. */
export const DMV_TABLES = ['VehicleRegistration', 'Vehicle', 'Person', 'DriversLicense'] as const;
export type DmvTable = (typeof DMV_TABLES)[number];

/** Indexes the DMV sample creates (table, field). */
export const DMV_INDEXES: ReadonlyArray<readonly [DmvTable, string]> = [
  ['VehicleRegistration', 'VIN'],
  ['VehicleRegistration', 'LicensePlateNumber'],
  ['Vehicle', 'VIN'],
  ['Person', 'GovId'],
  ['DriversLicense', 'LicenseNumber'],
  ['DriversLicense', 'PersonId'],
];

/** A ledger table the DMV mapping does not name: its documents exercise unmapped tables and exact values. */
export const INSPECTION_TABLE = 'Inspection';

/** Ion day-precision timestamp (`1963-08-19T`) for a `YYYY-MM-DD` date. */
export function dayTimestamp(date: string): LedgerTimestamp {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`dmv-sample-documents.json: "${date}" is not a YYYY-MM-DD date`);
  }
  return new LedgerTimestamp(`${date}T`);
}

/** The sample's Vehicle documents. */
export function sampleVehicles(): LedgerStruct[] {
  return samples.Vehicle.map((v) => ({ VIN: v.VIN, Type: v.Type, Year: v.Year, Make: v.Make, Model: v.Model, Color: v.Color }));
}

/** The sample's Person documents (DOB as a day-precision timestamp). */
export function samplePersons(): LedgerStruct[] {
  return samples.Person.map((p) => ({
    FirstName: p.FirstName,
    LastName: p.LastName,
    DOB: dayTimestamp(p.DOB),
    GovId: p.GovId,
    GovIdType: p.GovIdType,
    Address: p.Address,
  }));
}

/** The sample's DriversLicense documents; `personIds[i]` is the document id of the i-th sample Person. */
export function sampleDriversLicenses(personIds: readonly string[]): LedgerStruct[] {
  return samples.DriversLicense.map((d) =>
    driversLicense(personIdAt(personIds, d.PersonIndex, `DriversLicense ${d.LicenseNumber}`), d.LicenseNumber, d.LicenseType, d.ValidFromDate, d.ValidToDate),
  );
}

/** The sample's VehicleRegistration documents, with owners resolved to Person document ids. */
export function sampleVehicleRegistrations(personIds: readonly string[]): LedgerStruct[] {
  return samples.VehicleRegistration.map((r) => {
    const where = `VehicleRegistration ${r.VIN}`;
    return vehicleRegistration({
      vin: r.VIN,
      licensePlateNumber: r.LicensePlateNumber,
      state: r.State,
      city: r.City,
      pendingPenaltyTicketAmount: r.PendingPenaltyTicketAmount,
      validFromDate: r.ValidFromDate,
      validToDate: r.ValidToDate,
      primaryOwnerId: personIdAt(personIds, r.PrimaryOwnerIndex, where),
      secondaryOwnerIds: r.SecondaryOwnerIndexes.map((index) => personIdAt(personIds, index, where)),
    });
  });
}

/** GovId of the sample person whose FirstName the sample later changes to "Melvin". */
export const MELVIN_GOV_ID = 'P626-168-229-765';

export function driversLicense(personId: string, licenseNumber: string, licenseType: string, validFrom: string, validTo: string): LedgerStruct {
  return {
    PersonId: personId,
    LicenseNumber: licenseNumber,
    LicenseType: licenseType,
    ValidFromDate: dayTimestamp(validFrom),
    ValidToDate: dayTimestamp(validTo),
  };
}

export interface RegistrationFields {
  readonly vin: string;
  readonly licensePlateNumber: string;
  readonly state: string;
  readonly city: string;
  readonly pendingPenaltyTicketAmount: string;
  readonly validFromDate: string;
  readonly validToDate: string;
  readonly primaryOwnerId: string;
  readonly secondaryOwnerIds: readonly string[];
}

export function vehicleRegistration(fields: RegistrationFields): LedgerStruct {
  return {
    VIN: fields.vin,
    LicensePlateNumber: fields.licensePlateNumber,
    State: fields.state,
    City: fields.city,
    PendingPenaltyTicketAmount: new LedgerDecimal(fields.pendingPenaltyTicketAmount),
    ValidFromDate: dayTimestamp(fields.validFromDate),
    ValidToDate: dayTimestamp(fields.validToDate),
    Owners: {
      PrimaryOwner: { PersonId: fields.primaryOwnerId },
      SecondaryOwners: fields.secondaryOwnerIds.map((id) => ({ PersonId: id })),
    },
  };
}

function personIdAt(personIds: readonly string[], index: number, where: string): string {
  const id = personIds[index];
  if (id === undefined) {
    throw new Error(`dmv-sample-documents.json: ${where} refers to Person index ${index}, but only ${personIds.length} persons exist`);
  }
  return id;
}

const FIRST_NAMES = ['Ana', 'Bilal', 'Chen', 'Dagny', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kiri', 'Luca', 'Mei', 'Noor', 'Omar', 'Priya'];
const LAST_NAMES = ['Abbott', 'Brandt', 'Castillo', 'Dubois', 'Eriksen', 'Fujita', 'Garcia', 'Haddad', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist'];
const STREETS = ['Pine Street', 'Harbor Avenue', 'Cedar Lane', 'Lakeview Drive', 'Market Street', 'Orchard Road'];
const CITIES = ['Seattle', 'Tacoma', 'Spokane', 'Everett', 'Olympia', 'Bellevue', 'Kent', 'Yakima'];
const MAKES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Audi', ['A4', 'Q5']],
  ['Ford', ['F 150', 'Focus']],
  ['Tesla', ['Model 3', 'Model Y']],
  ['Honda', ['Civic', 'CR-V']],
  ['Ducati', ['Monster 1200', 'Panigale']],
];
const TYPES = ['Sedan', 'Motorcycle', 'Semi', 'SUV', 'Truck'];
const COLORS = ['Black', 'White', 'Silver', 'Blue', 'Red', 'Green'];
const GOV_ID_TYPES = ['Driver License', 'SSN', 'Passport'];
const LICENSE_TYPES = ['Learner', 'Probationary', 'Full'];
const UPPER_DIGITS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** Synthetic DMV-shaped documents drawn from a seeded generator. */
export class SyntheticDmvDocuments {
  constructor(private readonly random: SeededRandom) {}

  public person(): LedgerStruct {
    const r = this.random;
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    return {
      FirstName: first,
      LastName: last,
      DOB: dayTimestamp(this.date(1940, 2005)),
      GovId: `${last.slice(0, 5).toUpperCase()}${first[0]}${r.chars(3, '0123456789')}${r.chars(2, UPPER_DIGITS)}`,
      GovIdType: r.pick(GOV_ID_TYPES),
      Address: this.address(),
    };
  }

  public vehicle(): LedgerStruct {
    const r = this.random;
    const [make, models] = r.pick(MAKES);
    return { VIN: this.vin(), Type: r.pick(TYPES), Year: r.int(1995, 2024), Make: make, Model: r.pick(models), Color: r.pick(COLORS) };
  }

  public registration(vin: string, primaryOwnerId: string, secondaryOwnerIds: readonly string[]): LedgerStruct {
    const r = this.random;
    const from = this.date(2010, 2022);
    return vehicleRegistration({
      vin,
      licensePlateNumber: r.chars(6, UPPER_DIGITS),
      state: 'WA',
      city: r.pick(CITIES),
      pendingPenaltyTicketAmount: this.amount(),
      validFromDate: from,
      validToDate: `${Number(from.slice(0, 4)) + r.int(1, 5)}${from.slice(4)}`,
      primaryOwnerId,
      secondaryOwnerIds,
    });
  }

  public license(personId: string): LedgerStruct {
    const r = this.random;
    const from = this.date(2012, 2022);
    return driversLicense(personId, r.chars(11, UPPER_DIGITS), r.pick(LICENSE_TYPES), from, `${Number(from.slice(0, 4)) + r.int(2, 6)}${from.slice(4)}`);
  }

  /** An Inspection document (unmapped table) with values whose exactness a migration must keep. */
  public inspection(vin: string): LedgerStruct {
    const r = this.random;
    return {
      VIN: vin,
      InspectedAt: this.preciseTimestamp(),
      Passed: r.chance(0.8),
      EmissionsGramsPerKm: new LedgerDecimal(`${r.int(0, 400)}.${r.chars(9, '0123456789')}000`),
      OdometerMicrometers: BigInt(Number.MAX_SAFE_INTEGER) + BigInt(r.int(2, 1_000_000)),
      Station: { Name: `${r.pick(CITIES)} Station ${r.int(1, 40)}`, Lanes: [r.int(1, 4), r.int(5, 8)] },
      Notes: r.chance(0.5) ? null : `Checked by inspector ${r.int(100, 999)}`,
      Seal: r.bytes(8),
    };
  }

  /** An update of a document of `table`, derived from its current data. */
  public updated(table: string, data: LedgerStruct): LedgerStruct {
    const r = this.random;
    switch (table) {
      case 'Person':
        return r.chance(0.7) ? { ...data, Address: this.address() } : { ...data, LastName: r.pick(LAST_NAMES) };
      case 'Vehicle':
        // A Year that drifts from int to string now and then: the type of a field may change between revisions.
        return r.chance(0.15) && typeof data.Year === 'number' ? { ...data, Year: String(data.Year) } : { ...data, Color: r.pick(COLORS) };
      case 'VehicleRegistration':
        return r.chance(0.6) ? { ...data, PendingPenaltyTicketAmount: new LedgerDecimal(this.amount()) } : { ...data, City: r.pick(CITIES) };
      case 'DriversLicense':
        return { ...data, LicenseType: r.pick(LICENSE_TYPES) };
      case INSPECTION_TABLE:
        return { ...data, InspectedAt: this.preciseTimestamp(), Passed: !data.Passed };
      default:
        return { ...data, Revision: r.int(1, 1_000_000) };
    }
  }

  public vin(): string {
    return this.random.chars(17, UPPER_DIGITS);
  }

  /** A decimal amount; now and then with many digits and trailing zeros. */
  public amount(): string {
    const r = this.random;
    if (r.chance(0.2)) {
      return `${r.int(0, 99999)}.${r.chars(10, '0123456789')}00`;
    }
    return `${r.int(0, 999)}.${r.chars(2, '0123456789')}`;
  }

  /** A timestamp with an offset and a fraction of a second (milli-, micro- or nanoseconds). */
  public preciseTimestamp(): LedgerTimestamp {
    const r = this.random;
    // Canonical Ion text: a zero UTC offset is written Z (+00:00 would print back as Z); -00:00 is the unknown offset.
    const offsets = ['+05:30', '-08:00', '-00:00', '+13:45', 'Z'];
    const fraction = r.chars(r.pick([3, 6, 9]), '0123456789');
    // Seconds stop at 58: ion-js 5.2 rounds a timestamp to milliseconds when it encodes binary, so
    // hh:mm:59.9995 or later is written (and Ion-hashed) with the next minute.
    const time = `${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 58))}.${fraction}`;
    return new LedgerTimestamp(`${this.date(2018, 2024)}T${time}${r.pick(offsets)}`);
  }

  private address(): string {
    const r = this.random;
    return `${r.int(1, 9999)} ${r.pick(STREETS)}, ${r.pick(CITIES)}, WA, ${r.int(98001, 99403)}`;
  }

  private date(fromYear: number, toYear: number): string {
    const r = this.random;
    return `${r.int(fromYear, toYear)}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}`;
  }
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
