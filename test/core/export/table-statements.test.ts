import { parseTableStatement } from '../../../lambda-src/core/export/table-statements';

describe('parseTableStatement', () => {
  test.each([
    ['DROP TABLE Vehicle', { kind: 'drop', tableName: 'Vehicle', quoted: false }],
    ['  drop   table   VehicleRegistration ;', { kind: 'drop', tableName: 'VehicleRegistration', quoted: false }],
    ['DROP TABLE "Odd Name"', { kind: 'drop', tableName: 'Odd Name', quoted: true }],
    ['DROP TABLE `Back`', { kind: 'drop', tableName: 'Back', quoted: true }],
    ['UNDROP TABLE "5PLf9SXwndd63lPaSIa0O6"', { kind: 'undrop', tableId: '5PLf9SXwndd63lPaSIa0O6' }],
    ['undrop table "5PLf9SXwndd63lPaSIa0O6";', { kind: 'undrop', tableId: '5PLf9SXwndd63lPaSIa0O6' }],
  ])('recognises %j', (statement, expected) => {
    expect(parseTableStatement(statement)).toEqual(expected);
  });

  test.each([
    'SELECT * FROM Vehicle',
    "INSERT INTO Vehicle << {'DROP TABLE': 'x'} >>",
    'CREATE TABLE Vehicle',
    'DROP INDEX ON Vehicle',
    "UPDATE Person SET FirstName = 'DROP TABLE Person'",
  ])('ignores %j', (statement) => {
    expect(parseTableStatement(statement)).toBeUndefined();
  });
});
