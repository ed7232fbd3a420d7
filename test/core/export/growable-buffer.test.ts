import { GrowableBuffer } from '../../../lambda-src/core/export/growable-buffer';

describe('GrowableBuffer', () => {
  test('keeps every appended byte in order across growth, and taken bytes stay intact', () => {
    const buffer = new GrowableBuffer(4);
    const expected: number[] = [];
    for (let i = 0; i < 300; i++) {
      const chunk = Uint8Array.from({ length: i % 7 }, (_, j) => (i + j) % 256);
      buffer.append(chunk);
      expected.push(...chunk);
    }
    expect([...buffer.view()]).toEqual(expected);
    const taken = buffer.take(500);
    buffer.append(new Uint8Array(10_000).fill(9));
    expect([...taken]).toEqual(expected.slice(0, 500));
    expect(buffer.length).toBe(expected.length - 500 + 10_000);
    expect([...buffer.view().subarray(0, expected.length - 500)]).toEqual(expected.slice(500));
  });
});
