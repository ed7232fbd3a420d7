/** The output formats of ExportJournalToS3. */
export type ExportFormat = 'ION_TEXT' | 'ION_BINARY' | 'JSON';

const FORMATS: readonly ExportFormat[] = ['ION_TEXT', 'ION_BINARY', 'JSON'];

/** Parses a started manifest's `outputFormat`; throws naming the manifest for an unknown one. */
export function parseExportFormat(value: string, manifestName: string): ExportFormat {
  if ((FORMATS as readonly string[]).includes(value)) {
    return value as ExportFormat;
  }
  throw new Error(`${manifestName}: unknown export format ${JSON.stringify(value)} (expected one of ${FORMATS.join(', ')})`);
}

const ION_VERSION_MARKER = [0xe0, 0x01, 0x00, 0xea];

/**
 * The format of an object from its first bytes, or undefined when they are not enough to tell.
 * Ion binary starts with the version marker; a JSON line starts with `{` and then a quoted field
 * name; other text that starts like an Ion value is Ion text. Throws naming the object when the
 * bytes are none of these (control bytes in the first 64 bytes rule out text).
 */
export function sniffExportFormat(head: Uint8Array, objectName: string, final: boolean): ExportFormat | undefined {
  if (head.length > 0 && head[0] === ION_VERSION_MARKER[0]) {
    if (head.length < ION_VERSION_MARKER.length) {
      return final ? unknown(head, objectName) : undefined;
    }
    return ION_VERSION_MARKER.every((byte, i) => head[i] === byte) ? 'ION_BINARY' : unknown(head, objectName);
  }
  if (hasControlBytes(head)) {
    return unknown(head, objectName);
  }
  let i = skipWhitespace(head, 0);
  if (i === head.length) {
    return final ? 'ION_TEXT' : undefined;
  }
  const first = head[i];
  if (first === 0x7b) {
    i = skipWhitespace(head, i + 1);
    if (i === head.length) {
      return final ? unknown(head, objectName) : undefined;
    }
    return head[i] === 0x22 || head[i] === 0x7d ? 'JSON' : 'ION_TEXT';
  }
  // Ion text may start with a version marker, an annotation, a comment or a symbol table
  if (first === 0x24 || first === 0x2f || (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || first === 0x27) {
    return 'ION_TEXT';
  }
  return unknown(head, objectName);
}

/** Text (Ion text or JSON) has no control bytes other than whitespace. */
function hasControlBytes(head: Uint8Array): boolean {
  const length = Math.min(head.length, 64);
  for (let i = 0; i < length; i++) {
    const byte = head[i];
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) {
      return true;
    }
  }
  return false;
}

function skipWhitespace(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) {
    i++;
  }
  return i;
}

function unknown(head: Uint8Array, objectName: string): never {
  const hex = Buffer.from(head.subarray(0, 8)).toString('hex').replace(/(..)/g, '$1 ').trim();
  throw new Error(
    `${objectName}: unknown format: the object starts with bytes ${hex}, which are neither Ion binary, Ion text nor JSON Lines`,
  );
}
