import { MigrationSql } from '../../../src/generators/migration-sql';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';
import { Output } from '../output';
import { Command } from './command';
import { parseOptions, UsageError } from './parse-options';

export const ddlCommand: Command = {
  name: 'ddl',
  summary: 'print the SQL generated from a mapping (target DDL, or post-load keys and indexes)',
  usage: `Usage: qldb-migrate ddl --mapping FILE [--post-load] [--role NAME] [--json]

Prints the DDL generated from a ledger mapping file, one statement per paragraph, ready for psql.
  --mapping FILE   the ledger mapping (JSON; see schema/mapping.schema.json)
  --post-load      print the keys and indexes created after the bulk load instead
  --role NAME      also create a NOLOGIN role with the least privileges the migration needs
  --json           print {"statements": [...]} as one line instead`,
  async run(args) {
    const options = parseOptions('ddl', args, {
      'mapping': { type: 'string' },
      'post-load': { type: 'boolean', default: false },
      'role': { type: 'string' },
      'json': { type: 'boolean', default: false },
    });
    if (!options.mapping) {
      throw new UsageError('qldb-migrate ddl: --mapping FILE is required');
    }
    const mapping = LedgerMapping.fromFile(options.mapping);
    const statements = options['post-load']
      ? MigrationSql.postLoadDdl(mapping)
      : MigrationSql.targetDdl(mapping, { migrationRole: options.role });
    const out = new Output(options.json ?? false);
    out.text(MigrationSql.script(statements));
    out.summary({ statements });
    return 0;
  },
};
