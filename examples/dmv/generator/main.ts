import { EXPORT_FORMATS, ExportFormat } from './export-writer';
import { generateDmvLedger } from './generate-dmv-ledger';

const USAGE = 'usage: npx tsx examples/dmv/generator/main.ts --out DIR [--seed 1] [--documents 1000] [--formats ION_TEXT,ION_BINARY,JSON] [--exports 1|2]';

function parseArguments(argv: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined) {
      throw new Error(`Unexpected argument "${flag}"\n${USAGE}`);
    }
    values.set(flag.slice(2), value);
  }
  return values;
}

function integer(values: Map<string, string>, name: string, fallback: number): number {
  const text = values.get(name);
  if (text === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(text)) {
    throw new Error(`--${name} must be a non-negative integer, got "${text}"\n${USAGE}`);
  }
  return Number(text);
}

async function main(): Promise<void> {
  const values = parseArguments(process.argv.slice(2));
  const outDir = values.get('out');
  if (outDir === undefined) {
    throw new Error(`--out is required\n${USAGE}`);
  }
  const formats = values.get('formats')?.split(',').map((f) => f.trim().toUpperCase()) as ExportFormat[] | undefined;
  const exportCount = integer(values, 'exports', 1);
  const started = process.hrtime.bigint();
  const ledger = await generateDmvLedger({
    outDir,
    seed: integer(values, 'seed', 1),
    syntheticDocuments: integer(values, 'documents', 1000),
    formats: formats ?? EXPORT_FORMATS,
    exportCount: exportCount as 1 | 2,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const c = ledger.counts;
  console.log(`DMV ledger ${ledger.ledgerName} (seed ${ledger.seed}) written to ${ledger.outDir} in ${seconds.toFixed(1)} s`);
  console.log(`  blocks: ${c.blocks} (export ${c.exportBlocks}, stream ${c.streamBlocks})`);
  console.log(`  revisions: ${c.revisions} (export ${c.exportRevisions}, stream ${c.streamRevisions})`);
  for (const set of ledger.exportSets) {
    const objects = set.exports.reduce((n, e) => n + e.dataKeys.length, 0);
    console.log(`  ${set.format}: ${set.exports.length} export(s), ${objects} data object(s) under ${set.bucketDir}/${set.prefix}`);
  }
  console.log(`  stream: ${ledger.stream.recordCount} records in ${ledger.stream.recordsPath}; ${ledger.stream.kinesisRecordCount} aggregated Kinesis records in ${ledger.stream.kinesisEventPaths.length} event file(s)`);
  console.log(`  ground truth: ${ledger.groundTruthPath}; digest and proof: ${ledger.digestProofPath}, ${ledger.streamDigestProofPath}`);
  console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
