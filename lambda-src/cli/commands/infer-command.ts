import { existsSync, writeFileSync } from 'fs';
import { ExportReader } from '../../core/export/export-reader';
import { ProfileCollector } from '../../core/infer/field-profile';
import { inferMapping } from '../../core/infer/mapping-inference';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';
import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';

export const inferCommand: Command = {
  name: 'infer',
  summary: 'write a starting mapping from an export (paths, types seen, conflicts)',
  usage: `Usage: qldb-migrate infer --export DIR|s3://bucket/prefix --out mapping.json [--schema NAME] [--force] [--json]

Reads every revision of the export and writes a mapping with one column per document path seen: nested fields are
flattened (Owners.PrimaryOwner.PersonId -> owners_primary_owner_person_id), lists of structs become text[] columns
(Owners.SecondaryOwners[*].PersonId), types follow the values seen (exact decimals, dates for day-precision
timestamps, varchar with room to spare). Paths whose values changed type are reported as conflicts: review the file
before using it.
  --export DIR|s3://...   the journal export(s)
  --out FILE              where to write the mapping (refuses to overwrite without --force)
  --schema NAME           target schema (default qldb)
  --json                  print the report as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('infer', args, {
      export: { type: 'string' },
      out: { type: 'string' },
      schema: { type: 'string', default: 'qldb' },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    if (!options.export || !options.out) {
      throw new UsageError('qldb-migrate infer: --export and --out are required');
    }
    if (existsSync(options.out) && !options.force) {
      throw new UsageError(`qldb-migrate infer: ${options.out} exists; pass --force to overwrite it`);
    }
    const out = new Output(options.json ?? false);
    const reader = await ExportReader.open(options.export);
    const collector = new ProfileCollector();
    const progress = new ProgressLine();
    let revisions = 0;
    for await (const revision of reader.revisions()) {
      collector.observe(revision.tableName, revision.data);
      if (++revisions % 10_000 === 0) progress.update(() => `revisions ${revisions}`);
    }
    progress.done();
    const { mapping, notes } = inferMapping(collector.tables.values(), options.schema!);
    writeFileSync(options.out, mapping.toJson());
    const dropped = [...reader.tables().values()].filter((t) => t.dropped).map((t) => `${t.tableName ?? '?'} (${t.tableId})`);
    const conflicts = notes.filter((n) => n.conflict);
    out.text(`Read ${revisions} revisions of ${collector.tables.size} tables; wrote ${options.out}.\n`);
    out.text(formatTable(['ledger table', 'path', 'column', 'type', 'values seen', 'note'],
      notes.map((n) => [n.ledgerTable, n.path, n.column, n.type, n.seen, `${n.conflict ? 'CONFLICT: ' : ''}${n.note ?? ''}`])));
    if (conflicts.length > 0) {
      out.text(`\n${conflicts.length} paths held values of different types: review them in ${options.out}.`);
    }
    if (dropped.length > 0) {
      out.text(`\nDropped at the end of the export (the mapping's droppedTables policy decides): ${dropped.join(', ')}`);
    }
    out.summary({ command: 'infer', revisions, out: options.out, tables: collector.tables.size, conflicts: conflicts.length, dropped, notes });
    return 0;
  },
};
