import { existsSync } from 'fs';
import { isAbsolute, join } from 'path';
import { LedgerMapping } from '../../../src/mapping/ledger-mapping';

/** The consumer's settings, from its environment and its asset. */
export interface ConsumerSettings {
  readonly mapping: LedgerMapping;
  /** Where the mapping came from, for the logs. */
  readonly mappingSource: string;
  readonly clusterArn: string;
  readonly secretArn: string;
  readonly database: string;
  /** Revisions in blocks at or below this sequence number are skipped (the last full-load block). */
  readonly afterBlock?: number;
  /** Kinesis user records applied per transaction (a Lambda batch may hold up to 10,000). */
  readonly maxRecordsPerTransaction: number;
  readonly createMissingTables: boolean;
  readonly verifyHashes: boolean;
  readonly retryMaxAttempts: number;
  readonly retryBaseDelayMs: number;
}

/** The mapping file shipped next to the handler when MAPPING_FILE does not name another. */
export const DEFAULT_MAPPING_FILE = 'mapping.json';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`the environment variable ${name} is not set`);
  }
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number | undefined, min: number): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`the environment variable ${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (text !== 'true' && text !== 'false') {
    throw new Error(`the environment variable ${name} must be true or false, got "${text}"`);
  }
  return text === 'true';
}

/**
 * Reads the settings: CLUSTER_ARN, SECRET_ARN and DATABASE (required); MAPPING_FILE (a path, relative to the handler's
 * directory; default mapping.json beside the handler, and without that file every ledger table is migrated as JSONB
 * documents); AFTER_BLOCK; MAX_RECORDS_PER_TRANSACTION (default 1000); CREATE_MISSING_TABLES and VERIFY_HASHES
 * (default true); RETRY_MAX_ATTEMPTS (default 6) and RETRY_BASE_DELAY_MS (default 200). Errors name the variable.
 */
export function consumerSettings(env: NodeJS.ProcessEnv, handlerDir: string): ConsumerSettings {
  const named = env.MAPPING_FILE;
  const mappingPath = named ? (isAbsolute(named) ? named : join(handlerDir, named)) : join(handlerDir, DEFAULT_MAPPING_FILE);
  let mapping: LedgerMapping;
  let mappingSource: string;
  if (!named && !existsSync(mappingPath)) {
    mapping = new LedgerMapping();
    mappingSource = 'none (every ledger table as JSONB documents)';
  } else {
    try {
      mapping = LedgerMapping.fromFile(mappingPath);
    } catch (error) {
      throw new Error(`the mapping file ${mappingPath} (MAPPING_FILE) cannot be used: ${(error as Error).message}`);
    }
    mappingSource = mappingPath;
  }
  return {
    mapping,
    mappingSource,
    clusterArn: required(env, 'CLUSTER_ARN'),
    secretArn: required(env, 'SECRET_ARN'),
    database: required(env, 'DATABASE'),
    afterBlock: integer(env, 'AFTER_BLOCK', undefined, 0),
    maxRecordsPerTransaction: integer(env, 'MAX_RECORDS_PER_TRANSACTION', 1000, 1)!,
    createMissingTables: flag(env, 'CREATE_MISSING_TABLES', true),
    verifyHashes: flag(env, 'VERIFY_HASHES', true),
    retryMaxAttempts: integer(env, 'RETRY_MAX_ATTEMPTS', 6, 1)!,
    retryBaseDelayMs: integer(env, 'RETRY_BASE_DELAY_MS', 200, 0)!,
  };
}
