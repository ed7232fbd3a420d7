"""QLDB journal export -> the full load's CSV files, on Spark (AWS Glue, EMR, or any Spark with `spark-submit`).

Arguments (Glue job arguments, or spark-submit arguments after the script):
  --mapping_uri URI     the ledger mapping JSON (mapping.schema.json)
  --export_uris URIS    comma-separated export prefixes (folders holding the manifests) or completed manifests
  --output_uri URI      where the CSV files go: <output>/<schema>/<table>/*.csv and <output>/table_counts/*.csv
  --last_block N        optional: only blocks up to this sequence number
  --strict true         optional: fail on the first value that cannot be converted instead of writing a reject

It reads the completed manifests only (no call to QLDB), reads the data objects in parallel (JSON Lines split by line,
Ion text and Ion binary one object per task), turns every revision into its audit row, live row and rejects with the
plain Python functions of the ledger_*.py modules beside this file (the same bytes as `qldb-migrate transform`), and
lets Spark group them: the latest version of each document is a Spark aggregate, dropped tables a Spark filter.
The modules are passed with Glue's --extra-py-files (or are found beside this file); Ion needs the amazon.ion package
(--additional-python-modules amazon.ion).
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ledger_blocks import TableStateTracker  # noqa: E402
from ledger_export_plan import discover_exports, is_completed_manifest, parse_data_object_key, plan_exports  # noqa: E402
from ledger_layout import REJECTS_TABLE, LedgerMappingConfig, TableRouter  # noqa: E402
from ledger_rows import csv_row  # noqa: E402
from ledger_transform import RECORD_FIELDS, ExportTransformer  # noqa: E402

MODULES = ('ledger_values', 'ledger_json', 'ledger_columns', 'ledger_layout', 'ledger_rows', 'ledger_blocks',
           'ledger_export_plan', 'ledger_transform')
TABLE_COUNTS_FOLDER = 'table_counts'
TABLE_COUNTS_COLUMNS = ('ledger_table', 'kind', 'live_table', 'audit_table', 'table_ids', 'revisions', 'live_rows',
                        'audit_rows', 'rejects', 'dropped_revisions_skipped', 'skipped_because')
REQUIRED_ARGUMENTS = ('mapping_uri', 'export_uris', 'output_uri')


def parse_arguments(argv):
    """`--name value` / `--name=value` pairs; Glue adds arguments of its own, which are kept and ignored."""
    values = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith('--'):
            name, sep, value = arg[2:].partition('=')
            if not sep:
                if i + 1 < len(argv) and not argv[i + 1].startswith('--'):
                    value = argv[i + 1]
                    i += 1
                else:
                    value = 'true'
            values[name] = value
        i += 1
    missing = [name for name in REQUIRED_ARGUMENTS if not values.get(name)]
    if missing:
        raise ValueError('missing job argument(s): %s (usage: --mapping_uri URI --export_uris URI[,URI...] '
                         '--output_uri URI [--last_block N] [--strict true])' % ', '.join('--' + m for m in missing))
    last_block = values.get('last_block')
    if last_block not in (None, '') and not last_block.isdigit():
        raise ValueError('--last_block must be a block sequence number, got "%s"' % last_block)
    values['last_block'] = int(last_block) if last_block not in (None, '') else None
    values['strict'] = values.get('strict', 'false').lower() == 'true'
    values['export_uris'] = [u.strip() for u in values['export_uris'].split(',') if u.strip()]
    return values


def table_counts_lines(routes, counts, live_counts, dropped, audit_tables, schema):
    """The table_counts CSV (header first, rows by ledger table), from the aggregated counts:
    counts[(ledger_table, route, table_id)] = (revisions, rejects); live_counts[ledger_table] = live rows."""
    tables = {}
    for kind, layout in routes:
        tables[layout.ledger_table] = {'kind': kind, 'layout': layout, 'ids': {}, 'reason': None}
    for (ledger_table, route, table_id), numbers in counts.items():
        entry = tables.setdefault(ledger_table, {'kind': route, 'layout': None, 'ids': {}, 'reason': None})
        if route.startswith('skipped:'):
            entry['kind'], entry['reason'] = 'skipped', route[len('skipped:'):]
        entry['ids'][table_id] = numbers
    lines = [csv_row(TABLE_COUNTS_COLUMNS)]
    for ledger_table in sorted(tables):
        entry = tables[ledger_table]
        revisions = sum(n[0] for n in entry['ids'].values())
        ids = ' '.join(sorted(entry['ids']))
        if entry['kind'] == 'skipped':
            lines.append(csv_row([ledger_table, 'skipped', None, None, ids, str(revisions), None, None, '0', '0',
                                  entry['reason']]))
            continue
        layout = entry['layout']
        kept = sum(n[0] for table_id, n in entry['ids'].items() if table_id not in dropped)
        rejects = sum(n[1] for table_id, n in entry['ids'].items() if table_id not in dropped)
        audit = '%s.%s' % (schema, layout.audit_table) if audit_tables else None
        lines.append(csv_row([
            ledger_table, entry['kind'], '%s.%s' % (schema, layout.live_table), audit, ids, str(revisions),
            str(live_counts.get(ledger_table, 0)), str(kept) if audit_tables else None, str(rejects),
            str(revisions - kept), None]))
    return lines


def replay_table_states(first_seen, statements):
    """The tables dropped at the end, from (table_id, table_name) -> first block and [(block, [statement])], replayed
    in block order as TableStateTracker does while reading."""
    events = {}
    for (table_id, table_name), sequence_no in first_seen.items():
        events.setdefault(sequence_no, ([], []))[0].append((table_id, table_name))
    for sequence_no, texts in statements:
        events.setdefault(sequence_no, ([], []))[1].extend(texts)
    tracker = TableStateTracker()
    for sequence_no in sorted(events):
        tables, texts = events[sequence_no]
        tracker.observe(sequence_no, sorted(tables), texts)
    return tracker


# --- Spark ---------------------------------------------------------------------------------------------------------

def start_spark(args):
    """A Glue job when awsglue is there (bookmarks are disabled by the job's arguments), else a plain SparkSession."""
    try:
        from awsglue.context import GlueContext
        from awsglue.job import Job
        from pyspark.context import SparkContext
    except ImportError:
        from pyspark.sql import SparkSession
        spark = SparkSession.builder.appName('qldb-ledger-etl').getOrCreate()
        here = os.path.dirname(os.path.abspath(__file__))
        for module in MODULES:  # ship the modules beside this file to the Python workers
            spark.sparkContext.addPyFile(os.path.join(here, module + '.py'))
        return spark, None
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args.get('JOB_NAME', 'qldb-ledger-etl'), args)
    return glue_context.spark_session, job


class HadoopFiles:
    """Listing, reading, renaming and deleting through Hadoop's FileSystem (s3:// on Glue, file: locally)."""

    def __init__(self, spark):
        self.jvm = spark.sparkContext._jvm
        self.conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _fs(self, uri):
        path = self.jvm.org.apache.hadoop.fs.Path(uri)
        return path.getFileSystem(self.conf), path

    def qualified(self, uri):
        fs, path = self._fs(uri)
        return fs.makeQualified(path).toString()

    def exists(self, uri):
        fs, path = self._fs(uri)
        return fs.exists(path)

    def list_keys(self, root):
        """Keys of every file under root, relative to it."""
        fs, path = self._fs(root)
        base = fs.makeQualified(path).toString().rstrip('/') + '/'
        keys = set()
        files = fs.listFiles(path, True)
        while files.hasNext():
            name = files.next().getPath().toString()
            if name.startswith(base):
                keys.add(name[len(base):])
        return keys

    def read(self, uri):
        fs, path = self._fs(uri)
        stream = fs.open(path)
        try:
            return bytes(self.jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
        finally:
            stream.close()

    def tidy_output(self, folder):
        """Spark writes part-*.txt, _SUCCESS and .crc files: keep only the parts, named *.csv (what DMS reads)."""
        fs, path = self._fs(folder)
        if not fs.exists(path):
            return 0
        parts = 0
        for status in fs.listStatus(path):
            child = status.getPath()
            name = child.getName()
            if name.startswith('part-') and name.endswith('.txt'):
                fs.rename(child, self.jvm.org.apache.hadoop.fs.Path(path, name[:-len('.txt')] + '.csv'))
                parts += 1
        for status in fs.listStatus(path):
            name = status.getPath().getName()
            if not name.endswith('.csv'):
                fs.delete(status.getPath(), False)
        return parts


def plan_objects(files, export_uris, last_block):
    exports = []
    for uri in export_uris:
        if is_completed_manifest(uri):
            root, _, key = uri.rstrip('/').rpartition('/')
            exports.extend(discover_exports(root, files.list_keys(root), lambda k, r=root: files.read(r + '/' + k), key))
        else:
            exports.extend(discover_exports(uri, files.list_keys(uri), lambda k, r=uri: files.read(r.rstrip('/') + '/' + k)))
    return plan_exports(exports, last_block)


def _object_of(path, objects_by_range):
    strand_id, first, last = parse_data_object_key(path.rstrip('/').rpartition('/')[2])
    planned = objects_by_range.get((strand_id, first, last))
    if planned is None:
        raise ValueError('%s is not a data object of the planned exports' % path)
    return planned


def read_records(spark, objects, mapping, last_block, strict):
    """The records (RECORD_FIELDS) of every object: JSON Lines line by line, other objects whole."""
    from pyspark.sql import functions as F
    objects_by_range = {(o.strand_id, o.first, o.last): (o.key, o.format, o.first, o.last) for o in objects}
    rdds = []
    json_locations = [o.location for o in objects if o.format == 'JSON']
    if json_locations:
        lines = spark.read.text(json_locations).select(F.input_file_name().alias('path'), 'value').rdd

        def json_partition(rows):
            transformer = ExportTransformer(mapping, last_block, strict)
            for path, line in rows:
                if line.strip(' \t\r'):
                    key, _, first, _ = _object_of(path, objects_by_range)
                    yield from transformer.json_line_records(line, key, first)
        rdds.append(lines.mapPartitions(json_partition))
    whole_locations = [o.location for o in objects if o.format != 'JSON']
    if whole_locations:
        contents = spark.sparkContext.binaryFiles(','.join(whole_locations), minPartitions=len(whole_locations))

        def object_partition(pairs):
            transformer = ExportTransformer(mapping, last_block, strict)
            for path, data in pairs:
                key, declared, first, last = _object_of(path, objects_by_range)
                yield from transformer.object_records(bytes(data), key, declared, first, last)
        rdds.append(contents.mapPartitions(object_partition))
    return rdds[0] if len(rdds) == 1 else spark.sparkContext.union(rdds)


def record_schema():
    from pyspark.sql.types import ArrayType, BooleanType, LongType, StringType, StructField, StructType
    types = {'object_first': LongType(), 'seq': LongType(), 'version': LongType(), 'deleted': BooleanType(),
             'rejects': ArrayType(StringType()), 'tables': ArrayType(StringType()), 'statements': ArrayType(StringType())}
    return StructType([StructField(name, types.get(name, StringType()), True) for name in RECORD_FIELDS])


def check_blocks(blocks, objects, last_block):
    """Every planned block was read once: per object, the count and range of sequence numbers (a Spark aggregate)."""
    from pyspark.sql import functions as F
    found = {row['object_first']: row for row in blocks.groupBy('object_first').agg(
        F.count('*').alias('n'), F.countDistinct('seq').alias('distinct'), F.min('seq').alias('low'),
        F.max('seq').alias('high')).collect()}
    for o in objects:
        high = o.last if last_block is None else min(o.last, last_block)
        row = found.get(o.first)
        expected = high - o.first + 1
        if row is None or row['n'] != expected or row['distinct'] != expected or row['low'] != o.first or row['high'] != high:
            got = 'no block' if row is None else '%d blocks (%d distinct) from %d to %d' % (
                row['n'], row['distinct'], row['low'], row['high'])
            raise ValueError('%s: expected blocks %d-%d, read %s (the object is truncated or holds other blocks)'
                             % (o.key, o.first, high, got))


def write_lines(files, frame, folder):
    frame.write.mode('overwrite').text(folder)
    return files.tidy_output(folder)


def run(args):
    started = time.time()
    spark, job = start_spark(args)
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    hadoop = spark.sparkContext._jsc.hadoopConfiguration()
    hadoop.set('mapreduce.fileoutputcommitter.marksuccessfuljobs', 'false')
    # Local files without .crc side files (s3:// is not concerned).
    hadoop.set('fs.file.impl', 'org.apache.hadoop.fs.RawLocalFileSystem')
    hadoop.set('fs.file.impl.disable.cache', 'true')
    files = HadoopFiles(spark)
    mapping = json.loads(files.read(args['mapping_uri']).decode('utf-8'))
    config = LedgerMappingConfig(mapping)
    router = TableRouter(config)
    last_block = args['last_block']
    objects = plan_objects(files, args['export_uris'], last_block)
    print('ledger_etl: %d data objects to read' % len(objects), flush=True)

    records = spark.createDataFrame(read_records(spark, objects, mapping, last_block, args['strict']), record_schema())
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    blocks = records.filter(F.col('kind') == 'B')
    check_blocks(blocks, objects, last_block)
    first_seen = {tuple(row['t'].split('\t', 1)): row['first'] for row in blocks.select(
        'seq', F.explode('tables').alias('t')).groupBy('t').agg(F.min('seq').alias('first')).collect()}
    statements = [(row['seq'], list(row['statements'])) for row in blocks.filter(F.size('statements') > 0)
                  .select('seq', 'statements').collect()]
    tracker = replay_table_states(first_seen, statements)
    for problem in tracker.unresolved:
        print('ledger_etl: warning: a DROP TABLE statement names no known table: %s' % problem, flush=True)
    dropped = set(tracker.dropped_table_ids()) if config.dropped_tables == 'skip' else set()

    revisions = records.filter(F.col('kind') == 'R')
    counts = {(r['ledger_table'], r['route'], r['table_id']): (r['n'], r['rejects']) for r in revisions.groupBy(
        'ledger_table', 'route', 'table_id').agg(F.count('*').alias('n'), F.sum(F.size('rejects')).alias('rejects'))
        .collect()}
    kept = revisions.filter(~F.col('route').startswith('skipped:'))
    if dropped:
        kept = kept.filter(~F.col('table_id').isin(sorted(dropped)))
    latest = kept.groupBy('ledger_table', 'doc_id').agg(
        F.max(F.struct('version', 'deleted', 'live_line')).alias('latest'))
    live = latest.filter(~F.col('latest.deleted')).select('ledger_table', F.col('latest.live_line').alias('value'))
    live = live.persist(StorageLevel.MEMORY_AND_DISK)
    live_counts = {r['ledger_table']: r['n'] for r in live.groupBy('ledger_table').agg(F.count('*').alias('n')).collect()}

    routes = router.declared_routes()
    for ledger_table in sorted({key[0] for key in counts}):
        route = router.route(ledger_table)
        if route[0] != 'skipped' and all(layout.ledger_table != ledger_table for _, layout in routes):
            routes.append(route)
            if route[0] == 'document':
                print('ledger_etl: warning: ledger table %s is not declared in the mapping; its CSV files are in '
                      '%s/%s, but the DMS table definition does not name them (declare it in documentTables)'
                      % (ledger_table, config.schema, route[1].live_table), flush=True)
    output = args['output_uri'].rstrip('/')
    schema = config.schema
    for _, layout in routes:
        table = F.col('ledger_table') == layout.ledger_table
        if layout.audit_table:
            write_lines(files, kept.filter(table).select(F.col('audit_line').alias('value')),
                        '%s/%s/%s' % (output, schema, layout.audit_table))
        write_lines(files, live.filter(table).select('value'), '%s/%s/%s' % (output, schema, layout.live_table))
    write_lines(files, kept.select(F.explode('rejects').alias('value')), '%s/%s/%s' % (output, schema, REJECTS_TABLE))
    summary_lines = table_counts_lines(routes, counts, live_counts, dropped, config.audit_tables, schema)
    summary = spark.createDataFrame([(line[:-1],) for line in summary_lines], 'value string').coalesce(1)
    write_lines(files, summary, '%s/%s' % (output, TABLE_COUNTS_FOLDER))

    total_revisions = sum(n[0] for n in counts.values())
    result = {'job': 'ledger_etl', 'objects': len(objects), 'blocks': blocks.count(), 'revisions': total_revisions,
              'rejects': sum(n[1] for key, n in counts.items() if key[2] not in dropped),
              'droppedTableIds': sorted(dropped), 'seconds': round(time.time() - started, 1)}
    print(json.dumps(result), flush=True)
    records.unpersist()
    live.unpersist()
    if job is not None:
        job.commit()
    return result


if __name__ == '__main__':
    run(parse_arguments(sys.argv[1:]))
