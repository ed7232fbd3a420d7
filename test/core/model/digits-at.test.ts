import { digitsAt } from '../../../lambda-src/core/model/digits-at';

describe('digitsAt', () => {
  test('reads fixed-width decimal fields', () => {
    expect(digitsAt('2020-07-03', 0, 4)).toBe(2020);
    expect(digitsAt('2020-07-03', 5, 2)).toBe(7);
    expect(digitsAt('2020-07-03', 8, 2)).toBe(3);
  });

  test.each<[string, number, number, number | undefined]>([
    ['2020-7-03', 5, 2, undefined], // a hyphen where a digit belongs
    ['2020-07-0', 8, 2, undefined], // past the end of the text
    ['2020-07-03', 8, 2, 9], // past the given end
    ['２０２０', 0, 4, undefined], // other digits than 0-9
  ])('%s at %i (%i digits, end %s) is not a field', (text, start, count, end) => {
    expect(digitsAt(text, start, count, end)).toBe(-1);
  });
});
