/** One step of a document path: a field name, an array index, or `[*]` (every element of an array). */
export interface PathSegment {
  /** Field name, for a field step. @default - not a field step */
  readonly field?: string;
  /** Array position (0-based), for an index step. @default - not an index step */
  readonly index?: number;
  /** True for `[*]`. @default false */
  readonly wildcard?: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Parses a document path: `Owners.PrimaryOwner.PersonId`, `Owners.SecondaryOwners[*].PersonId`, `Tags[0]`,
 * `['field with spaces'].x` (a quoted field name; `\'` and `\\` escape inside quotes).
 */
export function parseDocumentPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let rest = path;
  let expectField = true;
  const fail = (problem: string): never => {
    const at = path.length - rest.length;
    throw new Error(`document path "${path}" cannot be parsed at character ${at + 1}: ${problem}`);
  };
  if (path.length === 0) {
    fail('the path is empty');
  }
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const wildcard = /^\[\*\]/.exec(rest);
      const index = /^\[(\d+)\]/.exec(rest);
      const quoted = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest);
      if (wildcard) {
        segments.push({ wildcard: true });
        rest = rest.slice(wildcard[0].length);
      } else if (index) {
        segments.push({ index: Number(index[1]) });
        rest = rest.slice(index[0].length);
      } else if (quoted) {
        segments.push({ field: quoted[1].replace(/\\(.)/g, '$1') });
        rest = rest.slice(quoted[0].length);
      } else {
        fail("expected [*], [n] or ['field name']");
      }
      expectField = false;
      continue;
    }
    if (!expectField) {
      if (!rest.startsWith('.')) {
        fail("expected '.', '[' or the end of the path");
      }
      rest = rest.slice(1);
      if (rest.startsWith('[')) {
        fail("a '.' must be followed by a field name");
      }
    }
    const name = IDENTIFIER.exec(rest);
    if (!name) {
      fail("expected a field name (letters, digits, '_'; quote others as ['name'])");
    }
    segments.push({ field: name![0] });
    rest = rest.slice(name![0].length);
    expectField = false;
  }
  return segments;
}

/** The canonical text of a parsed path (round-trips through parseDocumentPath). */
export function formatDocumentPath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (segment.wildcard) {
      text += '[*]';
    } else if (segment.index !== undefined) {
      text += `[${segment.index}]`;
    } else if (segment.field !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment.field)) {
      text += (text.length > 0 ? '.' : '') + segment.field;
    } else {
      text += `['${(segment.field ?? '').replace(/[\\']/g, '\\$&')}']`;
    }
  }
  return text;
}
