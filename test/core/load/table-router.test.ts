import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { TableRouter } from '../../../lambda-src/core/load/table-router';

describe('TableRouter', () => {
  test('declared layouts stay the mapping\'s tables after other tables were routed', () => {
    const router = new TableRouter(dmvMapping());
    const declared = router.declaredLayouts().map((l) => l.ledgerTable);
    expect(declared).toEqual(['Person', 'Vehicle', 'VehicleRegistration', 'DriversLicense']);
    const route = router.route('TemporaryHold');
    expect(route.kind).toBe('document');
    expect(router.declaredLayouts().map((l) => l.ledgerTable)).toEqual(declared);
    expect(router.route('TemporaryHold')).toBe(route);
  });
});
