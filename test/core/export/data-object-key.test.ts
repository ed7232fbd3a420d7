import { parseDataObjectKey } from '../../../lambda-src/core/export/data-object-key';
import { sniffExportFormat } from '../../../lambda-src/core/export/export-format';

describe('parseDataObjectKey', () => {
  test('reads the strand and block range from the documented key form', () => {
    expect(parseDataObjectKey('2019/04/15/22/JdxjkR9bSYB5jMHWcI464T.1-4.ion')).toEqual({
      strandId: 'JdxjkR9bSYB5jMHWcI464T',
      firstSequenceNo: 1,
      lastSequenceNo: 4,
    });
    expect(parseDataObjectKey('exports/x/JdxjkR9bSYB5jMHWcI464T.1000-99999.json').lastSequenceNo).toBe(99999);
  });

  test.each(['exports/data.ion', 'exports/JdxjkR9bSYB5jMHWcI464T.4-1.ion', 'exports/JdxjkR9bSYB5jMHWcI464T.1-4'])('rejects %j naming it', (key) => {
    expect(() => parseDataObjectKey(key)).toThrow(`data object key ${key}`);
  });
});

describe('sniffExportFormat', () => {
  test.each([
    [[0xe0, 0x01, 0x00, 0xea, 0xee], 'ION_BINARY'],
    [Buffer.from('{"blockAddress":{}}'), 'JSON'],
    [Buffer.from(' \n{ "a":1}'), 'JSON'],
    [Buffer.from('{blockAddress:{}}'), 'ION_TEXT'],
    [Buffer.from('$ion_1_0 {a:1}'), 'ION_TEXT'],
    [Buffer.from('// comment\n{a:1}'), 'ION_TEXT'],
  ])('%j is %s', (bytes, format) => {
    expect(sniffExportFormat(Uint8Array.from(bytes as number[]), 'x.ion', true)).toBe(format);
  });

  test('waits for more bytes when the first ones cannot tell', () => {
    expect(sniffExportFormat(Uint8Array.from([0xe0, 0x01]), 'x.ion', false)).toBeUndefined();
    expect(sniffExportFormat(Buffer.from('{  '), 'x.ion', false)).toBeUndefined();
  });

  test('names the object and its first bytes when the format is unknown', () => {
    expect(() => sniffExportFormat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), 'x.zip', true)).toThrow(
      'x.zip: unknown format: the object starts with bytes 50 4b 03 04',
    );
  });
});
