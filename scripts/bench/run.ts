import { cdcBench } from './cdc';
import { glueBench } from './glue';
import { loadBench } from './load';

/*
 * npm run bench -- <name> [options]
 *
 * Each benchmark prints its result as one JSON line, the last line of stdout. To add one, write
 * `scripts/bench/<name>.ts` exporting `async function <name>Bench(args: string[])` and list it here.
 */
const BENCHMARKS: Record<string, (args: string[]) => Promise<void>> = {
  cdc: cdcBench,
  load: loadBench,
  glue: glueBench,
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const bench = name === undefined ? undefined : BENCHMARKS[name];
  if (!bench) {
    process.stderr.write(`usage: npm run bench -- <name> [options]; benchmarks: ${Object.keys(BENCHMARKS).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  await bench(args);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
