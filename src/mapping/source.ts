import { formatDocumentPath, parseDocumentPath, PathSegment } from './source-path';

/** Revision metadata fields a column can take its value from. */
export enum MetadataField {
  /** `metadata.version`: 0 for the first revision of a document. */
  VERSION = 'version',
  /** `metadata.txTime`: commit time of the transaction that wrote the revision. */
  TX_TIME = 'txTime',
  /** `metadata.txId`: id of the transaction that wrote the revision. */
  TX_ID = 'txId',
}

/** Where a column's value comes from. */
export enum SourceKind {
  DOCUMENT_PATH = 'documentPath',
  DOCUMENT_ID = 'documentId',
  METADATA = 'metadata',
}

const DOCUMENT_ID_TEXT = '$documentId';
const METADATA_PREFIX = '$metadata.';

/**
 * The source of a mapped column: a path into the document, the document id, or a revision metadata field.
 *
 * In mapping files a source is a string: a document path (`Owners.SecondaryOwners[*].PersonId`),
 * `$documentId`, or `$metadata.version` / `$metadata.txTime` / `$metadata.txId`.
 */
export class Source {
  /**
   * A path into the document: field names separated by `.`, `[n]` for an array element, `[*]` for every element
   * of an array, `['any name']` for a field name that is not a plain identifier.
   */
  public static path(path: string): Source {
    return new Source(SourceKind.DOCUMENT_PATH, path, parseDocumentPath(path));
  }

  /** The QLDB document id (`metadata.id`), the same for every revision of a document. */
  public static documentId(): Source {
    return new Source(SourceKind.DOCUMENT_ID, DOCUMENT_ID_TEXT, []);
  }

  /** A revision metadata field. */
  public static metadata(field: MetadataField): Source {
    return new Source(SourceKind.METADATA, METADATA_PREFIX + field, [], field);
  }

  /** Parses the string form used in mapping files. */
  public static parse(text: string): Source {
    if (text === DOCUMENT_ID_TEXT) {
      return Source.documentId();
    }
    if (text.startsWith('$')) {
      const field = Object.values(MetadataField).find((f) => METADATA_PREFIX + f === text);
      if (!field) {
        const allowed = [DOCUMENT_ID_TEXT, ...Object.values(MetadataField).map((f) => METADATA_PREFIX + f)];
        throw new Error(`unknown source "${text}"; a source starting with '$' must be one of ${allowed.join(', ')}`);
      }
      return Source.metadata(field);
    }
    return Source.path(text);
  }

  private constructor(
    /** The kind of source. */
    public readonly kind: SourceKind,
    private readonly text: string,
    private readonly segments: PathSegment[],
    /** The metadata field, for a metadata source. */
    public readonly metadataField?: MetadataField,
  ) {}

  /** The parsed steps of a document path (empty for other kinds). */
  public pathSegments(): PathSegment[] {
    return this.segments.map((s) => ({ ...s }));
  }

  /** True when the path selects every element of an array (`[*]`), so the value is a list. */
  public get selectsArray(): boolean {
    return this.segments.some((s) => s.wildcard === true);
  }

  /** The string form used in mapping files. */
  public toString(): string {
    return this.kind === SourceKind.DOCUMENT_PATH ? formatDocumentPath(this.segments) : this.text;
  }
}
