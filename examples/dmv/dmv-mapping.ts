import { ColumnType, LedgerMapping, Source } from '../../src/mapping';

/**
 * The vehicle-registration (DMV) sample mapping. It reproduces the reference target schema: tables `dmv.person`,
 * `dmv.vehicle`, `dmv.vehicle_registration`, `dmv.drivers_license`, each with an `_audit_log` table, with the same
 * column names, types, keys and indexes, so the reference's queries run unchanged. `examples/dmv/mapping.json` is the
 * same mapping as a file (a test keeps the two equal).
 *
 * One deliberate difference: DriversLicense's `LicenseNumber` fills `license_plate_num` (the reference reads a
 * `LicensePlateNumber` field that DriversLicense documents do not have, so its column was always empty).
 */
export function dmvMapping(): LedgerMapping {
  const varchar = (length: number) => ColumnType.varchar(length);
  const path = (p: string) => Source.path(p);
  const { DATE, INTEGER, DECIMAL } = ColumnType;
  return new LedgerMapping({
    schema: 'dmv',
    tables: [
      {
        ledgerTable: 'Person',
        targetTable: 'person',
        primaryKey: ['person_id'],
        columns: [
          { name: 'person_id', source: Source.documentId(), type: varchar(25) },
          { name: 'first_name', source: path('FirstName'), type: varchar(100) },
          { name: 'last_name', source: path('LastName'), type: varchar(100) },
          { name: 'dob', source: path('DOB'), type: DATE },
          { name: 'gov_id', source: path('GovId'), type: varchar(50) },
          { name: 'gov_id_type', source: path('GovIdType'), type: varchar(50) },
          { name: 'address', source: path('Address'), type: varchar(100) },
        ],
        indexes: [{ columns: ['gov_id'] }],
        auditIndexes: [{ columns: ['gov_id'] }],
      },
      {
        ledgerTable: 'Vehicle',
        targetTable: 'vehicle',
        primaryKey: ['vin'],
        columns: [
          { name: 'vin', source: path('VIN'), type: varchar(50) },
          { name: 'type', source: path('Type'), type: varchar(25) },
          { name: 'year', source: path('Year'), type: INTEGER },
          { name: 'make', source: path('Make'), type: varchar(50) },
          { name: 'model', source: path('Model'), type: varchar(50) },
          { name: 'color', source: path('Color'), type: varchar(25) },
        ],
        auditIndexes: [{ columns: ['vin'] }],
      },
      {
        ledgerTable: 'VehicleRegistration',
        targetTable: 'vehicle_registration',
        primaryKey: ['vin'],
        columns: [
          { name: 'vin', source: path('VIN'), type: varchar(50) },
          { name: 'license_plate_num', source: path('LicensePlateNumber'), type: varchar(25) },
          { name: 'state', source: path('State'), type: varchar(10) },
          { name: 'city', source: path('City'), type: varchar(25) },
          { name: 'pending_penalty_amt', source: path('PendingPenaltyTicketAmount'), type: DECIMAL },
          { name: 'valid_from_dt', source: path('ValidFromDate'), type: DATE },
          { name: 'valid_to_dt', source: path('ValidToDate'), type: DATE },
          { name: 'primary_owner', source: path('Owners.PrimaryOwner.PersonId'), type: varchar(25) },
          { name: 'secondary_owners', source: path('Owners.SecondaryOwners[*].PersonId'), type: varchar(200), separator: ',' },
        ],
        indexes: [{ columns: ['license_plate_num'] }],
        auditIndexes: [{ columns: ['license_plate_num'] }, { columns: ['vin'] }],
      },
      {
        ledgerTable: 'DriversLicense',
        targetTable: 'drivers_license',
        primaryKey: ['person_id'],
        columns: [
          { name: 'person_id', source: path('PersonId'), type: varchar(25) },
          { name: 'license_plate_num', source: path('LicenseNumber'), type: varchar(25) },
          { name: 'license_type', source: path('LicenseType'), type: varchar(25) },
          { name: 'valid_from_dt', source: path('ValidFromDate'), type: DATE },
          { name: 'valid_to_dt', source: path('ValidToDate'), type: DATE },
        ],
        indexes: [{ columns: ['license_plate_num'] }],
        auditIndexes: [{ columns: ['person_id'] }, { columns: ['license_plate_num'] }],
      },
    ],
  });
}
