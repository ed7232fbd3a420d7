import { Client } from 'pg';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { MigrationSql } from '../../../src/generators/migration-sql';
import { formatTable, Output } from '../output';
import { openTarget } from '../target-database';
import { Command } from './command';
import { parseOptions } from './parse-options';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the vehicle-registration (DMV) sample end to end on an embedded PostgreSQL',
  usage: `Usage: qldb-migrate demo [--target postgres://...] [--data-dir DIR] [--json]

Creates the DMV sample schema (the reference schema of dmv.person, dmv.vehicle, dmv.vehicle_registration,
dmv.drivers_license and their audit tables) in the embedded PostgreSQL, or in --target, and lists the tables.
  --target URL     use this PostgreSQL instead of the embedded one
  --data-dir DIR   data directory of the embedded PostgreSQL (default: ~/.cache/qldb-migrate/postgres)
  --json           print the summary as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('demo', args, {
      'target': { type: 'string' },
      'data-dir': { type: 'string' },
      'json': { type: 'boolean', default: false },
    });
    const out = new Output(options.json ?? false);
    const target = await openTarget({ target: options.target, dataDir: options['data-dir'] }, out);
    try {
      const mapping = dmvMapping();
      const client = new Client({ connectionString: target.url });
      await client.connect();
      try {
        const statements = [...MigrationSql.targetDdl(mapping), ...MigrationSql.postLoadDdl(mapping)];
        await client.query('begin');
        for (const statement of statements) {
          await client.query(statement);
        }
        await client.query('commit');
        const { rows } = await client.query(
          `select c.table_name, count(*)::int as columns,
                  (select count(*)::int from pg_indexes i where i.schemaname = c.table_schema and i.tablename = c.table_name) as indexes
             from information_schema.columns c where c.table_schema = $1
            group by c.table_schema, c.table_name order by c.table_name`, [mapping.schema]);
        out.text(`Applied ${statements.length} statements to ${target.displayUrl}\n`);
        out.text(formatTable(['table', 'columns', 'indexes'], rows.map((r) => [`${mapping.schema}.${r.table_name}`, r.columns, r.indexes])));
        out.summary({ command: 'demo', schema: mapping.schema, statements: statements.length, tables: rows });
      } finally {
        await client.end();
      }
    } finally {
      await target.close();
    }
    return 0;
  },
};
