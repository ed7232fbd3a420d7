import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { reconcileVerdict } from './reconcile-command';
import { dmvMapping } from '../../../examples/dmv/dmv-mapping';
import { generateDmvLedger, GeneratedLedger } from '../../../examples/dmv/generator/generate-dmv-ledger';
import { ExportReader } from '../../core/export/export-reader';
import { loadExport, LoadSummary } from '../../core/load/export-loader';
import { reconcileTarget } from '../../core/reconcile/reconcile-target';
import { ChangeApplier } from '../../core/replication/change-applier';
import { replayStreamItems } from '../../core/replication/stream-replay';
import { PgSqlClient } from '../../core/sql/pg-sql-client';
import { readStreamInput } from '../../core/stream/stream-files';
import { verifySources } from '../../core/verification/source-verification';
import { formatTable, Output } from '../output';
import { ProgressLine } from '../progress-line';
import { openTarget } from '../target-database';
import { Command } from './command';
import { renderLoadSummary } from './load-command';
import { parseOptions, UsageError } from './parse-options';
import { renderReplaySummary } from './replay-command';
import { verificationJson, verificationVerdict } from './verify-command';

/** The reference's example queries, run unchanged against the migrated schema. */
const EXAMPLE_QUERIES: Array<{ title: string; sql: string }> = [
  {
    title: 'select * from dmv.person (the sample people)',
    sql: `select person_id, first_name, last_name, dob, gov_id, gov_id_type, address from dmv.person
           where gov_id in ('LEWISR261LL', 'LOGANB486CG', '744 849 301', 'P626-168-229-765', 'S152-780-97-415-0')
           order by dob`,
  },
  {
    title: 'Who owns each sample vehicle (vehicle_registration joined to person)',
    sql: `select r.vin, r.license_plate_num, r.pending_penalty_amt, p.first_name || ' ' || p.last_name as primary_owner,
                  r.secondary_owners
             from dmv.vehicle_registration r join dmv.person p on p.person_id = r.primary_owner
            where r.state = 'WA' and r.vin in ('1N4AL11D75C109151', 'KM8SRDHF6EU074761', '3HGGK5G53FM761765',
                                               '1HVBBAANXWH544237', '1C4RJFAG0FC625797')
            order by r.vin`,
  },
  {
    title: "Revision history with the ledger's transaction ids (ql_audit->'ql_txid')",
    sql: `select doc_id, version, operation, first_name, ql_audit->'ql_txid' as ql_txid, ql_audit->>'ql_txtime' as ql_txtime
            from dmv.person_audit_log where gov_id = 'P626-168-229-765' order by version`,
  },
];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

async function runQueries(client: Client, out: Output): Promise<Array<{ title: string; rows: unknown[] }>> {
  const results = [];
  for (const query of EXAMPLE_QUERIES) {
    const { rows, fields } = await client.query(query.sql);
    out.text(`\n${query.title}:\n`);
    out.text(formatTable(fields.map((f) => f.name), rows.map((r) => fields.map((f) => cell(r[f.name])))));
    results.push({ title: query.title, rows });
  }
  return results;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the vehicle-registration (DMV) sample end to end on an embedded PostgreSQL',
  usage: `Usage: qldb-migrate demo [--documents N] [--seed N] [--target postgres://...] [--data-dir DIR] [--keep DIR] [--json]

Generates the DMV sample ledger (the sample documents plus N synthetic documents with histories: updates, deletions,
a redaction, a dropped and recreated table, type drift), exports it like QLDB does, loads the export into the
embedded PostgreSQL (or --target) with the DMV mapping, replays the stream records that follow the export (the change
consumer's apply), runs the reference's example queries, then verifies the export and the stream against their hashes
and the saved digest and reconciles the target with both (exit code 1 if either fails).
  --documents N    synthetic documents besides the sample's (default 200)
  --seed N         seed of the generator (default 1)
  --target URL     use this PostgreSQL instead of the embedded one
  --data-dir DIR   data directory of the embedded PostgreSQL (default: ~/.cache/qldb-migrate/postgres)
  --keep DIR       write the generated ledger (exports, stream records, proofs) to DIR and keep it
  --json           print the summary as one JSON object on the last line`,
  async run(args) {
    const options = parseOptions('demo', args, {
      'documents': { type: 'string', default: '200' },
      'seed': { type: 'string', default: '1' },
      'target': { type: 'string' },
      'data-dir': { type: 'string' },
      'keep': { type: 'string' },
      'json': { type: 'boolean', default: false },
    });
    for (const name of ['documents', 'seed'] as const) {
      if (!/^\d+$/.test(options[name]!)) {
        throw new UsageError(`qldb-migrate demo: --${name} must be a whole number, got "${options[name]}"`);
      }
    }
    const out = new Output(options.json ?? false);
    const workDir = options.keep ?? mkdtempSync(join(tmpdir(), 'qldb-migrate-demo-'));
    const progress = new ProgressLine();
    try {
      out.progress(`Generating the DMV sample ledger (seed ${options.seed}, ${options.documents} synthetic documents) in ${workDir} ...`);
      const ledger: GeneratedLedger = await generateDmvLedger({
        seed: Number(options.seed), syntheticDocuments: Number(options.documents), outDir: workDir, formats: ['ION_TEXT'],
      });
      const exportDir = ledger.exportSets[0].bucketDir;
      out.progress(`Ledger: ${ledger.counts.blocks} blocks, ${ledger.counts.exportRevisions} revisions exported, ` +
        `${ledger.counts.streamRevisions} more in the stream after the export.`);
      const target = await openTarget({ target: options.target, dataDir: options['data-dir'] }, out);
      try {
        const mapping = dmvMapping();
        const reader = await ExportReader.open(exportDir);
        const load: LoadSummary = await loadExport(reader, {
          mapping,
          connectionString: target.url,
          mode: 'replace',
          onProgress: (p) => progress.update(() => `loading: blocks ${p.blocks}  revisions ${p.revisions}`),
        });
        progress.done();
        out.text(`\n1. Full load of the export (${exportDir})\n`);
        out.text(renderLoadSummary(load, progress.elapsedSeconds));
        const afterBlock = ledger.exportSets[0].exports.at(-1)!.lastBlockSeq;
        out.text(`\n2. Replay of the stream after the export (qldb-migrate replay --events ${ledger.stream.recordsPath} --after-block ${afterBlock})\n`);
        const streamItems = await readStreamInput(ledger.stream.recordsPath);
        const sql = new PgSqlClient({ connectionString: target.url });
        const replayStarted = Date.now();
        let replay;
        try {
          replay = await replayStreamItems(new ChangeApplier(sql, mapping, { afterBlock }), streamItems, 1000);
        } finally {
          await sql.close();
        }
        out.text(renderReplaySummary(replay, mapping.schema, (Date.now() - replayStarted) / 1000));
        const client = new Client({ connectionString: target.url });
        await client.connect();
        let queries;
        try {
          queries = await runQueries(client, out);
        } finally {
          await client.end();
        }
        out.text('\nVerify: the export and the stream against their hashes and the saved digest (qldb-migrate verify --export ... --events ... --digest ...)\n');
        const verification = await verifySources({
          exportLocation: exportDir, eventsPath: ledger.stream.recordsPath, digestFile: ledger.digestProofPath,
        });
        out.text(verificationVerdict(verification));
        out.text('\nReconcile: the target against the export and the stream (qldb-migrate reconcile --export ... --events ... --mapping ...)\n');
        const reconciliation = await reconcileTarget({
          mapping, connectionString: target.url, exportReader: await ExportReader.open(exportDir), streamItems,
        });
        out.text(reconcileVerdict(reconciliation));
        out.text(`\nTarget: ${target.displayUrl}${target.embedded ? ' (embedded; stopped when the demo ends, data kept)' : ''}`);
        out.summary({
          command: 'demo',
          ledger: { counts: ledger.counts, outDir: options.keep },
          load,
          replay,
          queries,
          verify: verificationJson(verification),
          reconcile: reconciliation,
        });
        return verification.verified && reconciliation.agrees ? 0 : 1;
      } finally {
        await target.close();
      }
    } finally {
      progress.done();
      if (!options.keep) {
        rmSync(workDir, { recursive: true, force: true });
      }
    }
  },
};
