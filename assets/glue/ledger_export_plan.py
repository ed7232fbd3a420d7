"""Which data objects to read, in which order, from the completed manifests of one or several exports
(lambda-src/core/export/manifests.ts, key-resolution.ts, data-object-key.ts, export-plan.ts). No call to QLDB: the
manifests are enough, so this works after the ledger is gone."""

import re

from ledger_values import from_ion

STARTED = re.compile(r'([A-Za-z0-9]{1,22})\.started\.manifest\Z')
COMPLETED = re.compile(r'([A-Za-z0-9]{1,22})\.([A-Za-z0-9]+)\.completed\.manifest\Z')
_DATA_OBJECT_KEY = re.compile(r'(?:^|[^A-Za-z0-9])([A-Za-z0-9]+)\.([0-9]+)-([0-9]+)\.[A-Za-z0-9]+\Z')
ION_VERSION_MARKER = b'\xe0\x01\x00\xea'
FORMATS = ('ION_TEXT', 'ION_BINARY', 'JSON')


def is_started_manifest(key):
    return key.endswith('.started.manifest') and STARTED.search(key) is not None


def is_completed_manifest(key):
    return key.endswith('.completed.manifest') and COMPLETED.search(key) is not None


def parse_data_object_key(key):
    """(strand_id, first_sequence_no, last_sequence_no) from `...<strandId>.<first>-<last>.<ext>`."""
    m = _DATA_OBJECT_KEY.search(key)
    if m is None:
        raise ValueError('data object key %s does not end in <strandId>.<firstSequenceNo>-<lastSequenceNo>.<extension>' % key)
    first, last = int(m.group(2)), int(m.group(3))
    if last < first:
        raise ValueError('data object key %s has an invalid block range %d-%d' % (key, first, last))
    return m.group(1), first, last


def read_manifest(data, key):
    """(struct, binary) of a manifest in Ion text, Ion binary or JSON."""
    from amazon.ion import simpleion
    binary = data[:4] == ION_VERSION_MARKER
    try:
        value = from_ion(simpleion.loads(data if binary else data.decode('utf-8'), single_value=True))
    except Exception as error:  # noqa: BLE001 - any parse failure is reported with the manifest's key
        raise ValueError('%s: the manifest is not valid Ion or JSON: %s' % (key, error)) from error
    if not isinstance(value, dict):
        raise ValueError('%s: the manifest is not a struct' % key)
    return value, binary


def _text(value):
    return value if value is None or isinstance(value, str) else getattr(value, 'text', str(value))


def parse_started_manifest(data, key):
    struct, binary = read_manifest(data, key)
    export_id = STARTED.search(key).group(1)
    declared = _text(struct.get('exportId'))
    if declared is not None and declared != export_id:
        raise ValueError("%s: exportId %s does not match the manifest's key (%s)" % (key, declared, export_id))
    output_format = _text(struct.get('outputFormat'))
    if output_format is not None and output_format not in FORMATS:
        raise ValueError('%s: unknown export format "%s" (expected one of %s)' % (key, output_format, ', '.join(FORMATS)))
    return {'key': key, 'export_id': export_id, 'ledger_name': _text(struct.get('ledgerName')),
            'prefix': _text(struct.get('prefix')), 'output_format': output_format, 'binary': binary}


def parse_completed_manifest(data, key):
    struct, binary = read_manifest(data, key)
    m = COMPLETED.search(key)
    keys = struct.get('keys')
    if not isinstance(keys, list):
        raise ValueError('%s: the completed manifest has no keys list' % key)
    for i, item in enumerate(keys):
        if not isinstance(item, str) or not item:
            raise ValueError('%s: keys[%d] is not an object key' % (key, i))
    return {'key': key, 'export_id': m.group(1), 'strand_id': m.group(2), 'keys': keys, 'binary': binary}


def resolve_stored_key(manifest_key, stored_keys, export_prefix=None):
    """The longest suffix of a manifest key that the source holds: the whole key, the key without the export's
    prefix, then the key after each `/` from left to right; None when none is held."""
    candidates = [manifest_key]
    if export_prefix and manifest_key.startswith(export_prefix) and len(manifest_key) > len(export_prefix):
        candidates.append(manifest_key[len(export_prefix):])
    slash = manifest_key.find('/')
    while slash >= 0:
        candidates.append(manifest_key[slash + 1:])
        slash = manifest_key.find('/', slash + 1)
    return next((c for c in candidates if c in stored_keys), None)


class PlannedObject:
    """One data object to read: its key in the manifest, where it is (`location`), its format when declared."""

    __slots__ = ('export_id', 'key', 'location', 'format', 'strand_id', 'first', 'last')

    def __init__(self, export_id, key, location, object_format, strand_id, first, last):
        self.export_id = export_id
        self.key = key
        self.location = location
        self.format = object_format
        self.strand_id = strand_id
        self.first = first
        self.last = last


def discover_exports(root, stored_keys, read, manifest_key=None):
    """The exports under `root` (a prefix URI) whose keys (relative to root) are `stored_keys`; `read(key)` returns
    an object's bytes. With `manifest_key`, only that completed manifest's export. Returns one dict per export:
    export_id, started (or None), completed, root, stored_keys."""
    started_keys = sorted(k for k in stored_keys if is_started_manifest(k))
    completed_keys = sorted(k for k in stored_keys if is_completed_manifest(k))
    if manifest_key is not None:
        completed_keys = [manifest_key]
    if not completed_keys:
        found = (' (started manifests without completion: %s)' % ', '.join(started_keys)) if started_keys else ''
        raise ValueError('no completed export manifest (*.completed.manifest) under %s%s' % (root, found))
    started = {}
    for key in started_keys:
        manifest = parse_started_manifest(read(key), key)
        started[manifest['export_id']] = manifest
    completed = {}
    for key in completed_keys:
        manifest = parse_completed_manifest(read(key), key)
        completed.setdefault(manifest['export_id'], []).append(manifest)
    if manifest_key is None:
        incomplete = [m for export_id, m in started.items() if export_id not in completed]
        if incomplete:
            raise ValueError('export %s has a started manifest but no completed manifest: it is still running, was '
                             'cancelled or failed' % ', '.join('%s (%s)' % (m['export_id'], m['key']) for m in incomplete))
    exports = []
    for export_id, manifests in completed.items():
        if len(manifests) != 1:
            raise ValueError('export %s has %d completed manifests (%s): exports of several strands are not supported'
                             % (export_id, len(manifests), ', '.join(m['key'] for m in manifests)))
        exports.append({'export_id': export_id, 'started': started.get(export_id), 'completed': manifests[0],
                        'root': root, 'stored_keys': stored_keys})
    return exports


def _plan_one(export):
    completed, started = export['completed'], export['started']
    declared = started['output_format'] if started else None
    object_format = declared or ('ION_BINARY' if completed['binary'] or (started and started['binary']) else None)
    prefix = started['prefix'] if started else None
    objects, missing = [], []
    for key in completed['keys']:
        try:
            strand_id, first, last = parse_data_object_key(key)
        except ValueError as error:
            raise ValueError('%s: %s' % (completed['key'], error)) from error
        if strand_id != completed['strand_id']:
            raise ValueError("%s: data object %s is from strand %s, not the manifest's strand %s"
                             % (completed['key'], key, strand_id, completed['strand_id']))
        stored = resolve_stored_key(key, export['stored_keys'], prefix)
        if stored is None:
            missing.append('%s (under %s)' % (key, export['root']))
            continue
        location = export['root'].rstrip('/') + '/' + stored
        objects.append(PlannedObject(export['export_id'], key, location, object_format, strand_id, first, last))
    return sorted(objects, key=lambda o: o.first), missing


def plan_exports(exports, last_block=None):
    """Every data object of the exports in block order, checked: one strand, one ledger, every object present,
    contiguous (each object starts at the previous one's last block + 1). With `last_block`, objects that start
    after it are left out."""
    strands = {e['completed']['strand_id'] for e in exports}
    if len(strands) > 1:
        raise ValueError('the exports are from several strands: %s; exports of one ledger share one strand'
                         % ', '.join('%s (strand %s)' % (e['completed']['key'], e['completed']['strand_id']) for e in exports))
    ledgers = {e['started']['ledger_name'] for e in exports if e['started'] and e['started']['ledger_name']}
    if len(ledgers) > 1:
        raise ValueError('the exports are from several ledgers: %s' % ', '.join(sorted(ledgers)))
    objects, missing = [], []
    for export in exports:
        planned, absent = _plan_one(export)
        objects.extend(planned)
        missing.extend(absent)
    if missing:
        shown = missing[:10]
        more = ' and %d more' % (len(missing) - len(shown)) if len(missing) > len(shown) else ''
        raise ValueError('%d data object(s) named in the completed manifests are missing: %s%s'
                         % (len(missing), ', '.join(shown), more))
    objects.sort(key=lambda o: (o.first, o.export_id))
    for previous, following in zip(objects, objects[1:]):
        expected = previous.last + 1
        if following.first != expected:
            kind = ('a gap: blocks %d-%d are in no export' % (expected, following.first - 1)
                    if following.first > expected else
                    'an overlap: blocks %d-%d are in both' % (following.first, min(previous.last, following.last)))
            raise ValueError('exports are not contiguous: %s (blocks %d-%d) is followed by %s (blocks %d-%d), %s'
                             % (previous.key, previous.first, previous.last, following.key, following.first,
                                following.last, kind))
    if last_block is not None:
        objects = [o for o in objects if o.first <= last_block]
    return objects
