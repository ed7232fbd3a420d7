import { parseArgs, ParseArgsConfig } from 'util';

/** Parses a command's options strictly: an unknown option or a missing value is an error naming the option. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string, args: string[], options: T,
): ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false; args: string[] }>>['values'] {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`qldb-migrate ${command}: ${(e as Error).message}`);
  }
}

/** A mistake in how a command was called (exit code 2). */
export class UsageError extends Error {}
