import { dom, load, loadAll } from 'ion-js';
import { IonTextFramer } from '../../../lambda-src/core/export/ion-text-framer';

/** Top-level values whose text holds brackets, quotes and comment markers that must not count. */
const TRICKY_TEXT = [
  '$ion_1_0',
  '{a:"}]) \\" {", b:\'\'\'}} \'\'\' \'\'\'  ]\'\'\', c:\'sym}bol\\\'s\', d:{{aGVsbG8=}}, e:{{"clob }} text"}}}',
  `// a comment with } and {
{f:[1,(+ 2 3),{g:/* } ] */ 4}], h:''}`,
  'ann::[{i:2020-07-03T20:36:44.181Z}, 90.25, -0.00]{j:\'\'\'a\'\'\'}(sexp {k:1})',
  '{{Ym9keQ==}}',
  '{last:"\\u00e9 中"}',
].join('\n');

function frame(text: string, chunkSize: number, minBatchBytes: number): Buffer[] {
  const framer = new IonTextFramer('test.ion', minBatchBytes);
  const bytes = Buffer.from(text);
  const batches: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    const batch = framer.push(bytes.subarray(offset, offset + chunkSize));
    if (batch) {
      batches.push(batch);
    }
  }
  const { batch: last, error } = framer.end();
  if (last) {
    batches.push(last);
  }
  if (error) {
    throw error;
  }
  return batches;
}

describe('IonTextFramer', () => {
  const expected = loadAll(TRICKY_TEXT).map((value) => JSON.stringify(value));

  test.each([1, 2, 3, 7, 64, 100000])('cuts only between whole top-level values (chunks of %i bytes)', (chunkSize) => {
    const batches = frame(TRICKY_TEXT, chunkSize, 1);
    expect(Buffer.concat(batches).toString()).toBe(TRICKY_TEXT);
    expect(batches.length).toBeGreaterThan(chunkSize > 1000 ? 0 : 3);
    const values = batches.flatMap((batch) => loadAll(batch.toString()));
    expect(values.map((value) => JSON.stringify(value))).toEqual(expected);
  });

  test('waits until a batch holds the minimum number of bytes', () => {
    const text = Array.from({ length: 100 }, (_, i) => `{n:${i}}`).join('');
    const batches = frame(text, 10, 200);
    expect(batches.slice(0, -1).every((batch) => batch.length >= 200)).toBe(true);
    expect(batches.flatMap((batch) => loadAll(batch.toString()).map((v) => (v as dom.Struct).get('n')!.numberValue()))).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  test.each([
    ['{a:"open string', 'a string'],
    ["{a:'''long", 'a long string'],
    ['{a:{{aGVsbG8=', 'a blob or clob'],
    ['{a:[1,2', 'a container'],
  ])('reports a stream that ends inside a value: %j', (text, inside) => {
    expect(() => frame(text, 4, 1)).toThrow(`test.ion: the Ion text ends inside ${inside} at byte ${Buffer.byteLength(text)}`);
  });

  test('hands over the whole values before a value that the stream cuts', () => {
    const framer = new IonTextFramer('test.ion', 1 << 20);
    expect(framer.push(Buffer.from('{a:1} {b:[2]} {c:"cut'))).toBeUndefined();
    const { batch, error } = framer.end();
    expect(batch!.toString()).toBe('{a:1} {b:[2]}');
    expect(error!.message).toBe('test.ion: the Ion text ends inside a string at byte 21 (the object is truncated or corrupt)');
  });

  test('reports an unbalanced closing bracket with its byte offset', () => {
    expect(() => frame('{a:1}}', 100, 1)).toThrow('test.ion: invalid Ion text at byte 5: unbalanced');
  });

  test('a single value is still readable after framing', () => {
    expect(load(Buffer.concat(frame('{x:1}', 1, 1)).toString())!.get('x')!.numberValue()).toBe(1);
  });
});
