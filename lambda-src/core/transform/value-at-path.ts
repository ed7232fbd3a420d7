import type { PathSegment } from '../../../src/mapping/source-path';
import { isLedgerStruct, LedgerValue } from '../model/ledger-value';

/** What a document path selects: nothing (a step is missing), one value, or the list a `[*]` step produced. */
export type PathSelection =
  | { readonly kind: 'missing' }
  | { readonly kind: 'value'; readonly value: LedgerValue }
  | { readonly kind: 'list'; readonly values: LedgerValue[] };

function step(values: LedgerValue[], segment: PathSegment): LedgerValue[] {
  const next: LedgerValue[] = [];
  for (const value of values) {
    if (segment.wildcard) {
      if (Array.isArray(value)) {
        next.push(...value);
      }
    } else if (segment.index !== undefined) {
      if (Array.isArray(value) && segment.index < value.length) {
        next.push(value[segment.index]);
      }
    } else if (isLedgerStruct(value) && Object.prototype.hasOwnProperty.call(value, segment.field!)) {
      next.push(value[segment.field!]);
    }
  }
  return next;
}

/**
 * The value at a path without `[*]`, or undefined when a step is missing. Walks the document without allocating: it
 * runs for every mapped column of every revision.
 */
export function singleValueAt(document: LedgerValue | undefined, segments: readonly PathSegment[]): LedgerValue | undefined {
  let value = document;
  for (let i = 0; i < segments.length && value !== undefined; i++) {
    const segment = segments[i];
    if (segment.index !== undefined) {
      value = Array.isArray(value) && segment.index < value.length ? value[segment.index] : undefined;
    } else {
      value = isLedgerStruct(value) && Object.prototype.hasOwnProperty.call(value, segment.field!) ? value[segment.field!] : undefined;
    }
  }
  return value;
}

/**
 * Selects the value(s) at a path. Without `[*]` a path yields one value or `missing`. With `[*]` it yields the list
 * of every value reached (elements where a later step is missing are left out), or `missing` when the array itself
 * is not there.
 */
export function valueAtPath(document: LedgerValue | undefined, segments: readonly PathSegment[]): PathSelection {
  const wildcardAt = segments.findIndex((s) => s.wildcard === true);
  if (wildcardAt < 0) {
    const value = singleValueAt(document, segments);
    return value === undefined ? { kind: 'missing' } : { kind: 'value', value };
  }
  if (document === undefined) {
    return { kind: 'missing' };
  }
  const arrays = segments.slice(0, wildcardAt).reduce<LedgerValue[]>(step, [document]);
  if (arrays.length === 0 || !Array.isArray(arrays[0])) {
    return { kind: 'missing' };
  }
  return { kind: 'list', values: segments.slice(wildcardAt).reduce<LedgerValue[]>(step, arrays) };
}
