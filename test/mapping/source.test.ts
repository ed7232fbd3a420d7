import { MetadataField, Source, SourceKind } from '../../src';

describe('Source', () => {
  test('parses nested paths with array wildcards, indexes and quoted names', () => {
    const source = Source.path('Owners.SecondaryOwners[*].PersonId');
    expect(source.kind).toBe(SourceKind.DOCUMENT_PATH);
    expect(source.selectsArray).toBe(true);
    expect(source.pathSegments()).toEqual([
      { field: 'Owners' }, { field: 'SecondaryOwners' }, { wildcard: true }, { field: 'PersonId' },
    ]);
    expect(Source.path("Tags[2]['odd name'].x").pathSegments()).toEqual([
      { field: 'Tags' }, { index: 2 }, { field: 'odd name' }, { field: 'x' },
    ]);
    expect(Source.path("['it\\'s']").pathSegments()).toEqual([{ field: "it's" }]);
  });

  test.each([
    'Owners.SecondaryOwners[*].PersonId',
    "Tags[2]['odd name'].x",
    "['a.b'][*]",
    'A',
  ])('%s round-trips through its string form', (text) => {
    expect(Source.parse(Source.path(text).toString()).toString()).toBe(text);
  });

  test.each([
    ['', 'the path is empty'],
    ['Owners..PersonId', 'at character 8: expected a field name'],
    ['Owners[x]', "at character 7: expected [*], [n] or ['field name']"],
    ['Owners.[*]', "at character 8: a '.' must be followed by a field name"],
    ['Owners PersonId', "at character 7: expected '.', '[' or the end of the path"],
    ['1abc', 'at character 1: expected a field name'],
  ])('path %j is refused: %s', (path, message) => {
    expect(() => Source.path(path)).toThrow(message);
  });

  test('special sources', () => {
    expect(Source.parse('$documentId').kind).toBe(SourceKind.DOCUMENT_ID);
    expect(Source.parse('$metadata.txTime').metadataField).toBe(MetadataField.TX_TIME);
    expect(Source.metadata(MetadataField.VERSION).toString()).toBe('$metadata.version');
    expect(() => Source.parse('$metadata.blockAddress')).toThrow(
      'unknown source "$metadata.blockAddress"; a source starting with \'$\' must be one of $documentId, $metadata.version, $metadata.txTime, $metadata.txId',
    );
  });
});
