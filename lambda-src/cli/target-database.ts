import { defaultDataDir, startEmbeddedPostgres } from './embedded-postgres';
import { Output } from './output';

/** The PostgreSQL a command works on: `--target` when given, otherwise the embedded server. */
export interface TargetDatabase {
  readonly url: string;
  readonly displayUrl: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/** Hides the password of a connection URL. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '****';
    }
    return parsed.toString();
  } catch {
    return '<unparseable connection URL>';
  }
}

export async function openTarget(options: { target?: string; dataDir?: string }, out: Output): Promise<TargetDatabase> {
  if (options.target) {
    if (!/^postgres(ql)?:\/\//.test(options.target)) {
      throw new Error(`--target must be a postgres:// or postgresql:// URL, got "${maskUrl(options.target)}"`);
    }
    return { url: options.target, displayUrl: maskUrl(options.target), embedded: false, close: async () => undefined };
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  out.progress(`Starting the embedded PostgreSQL (data in ${dataDir}) ...`);
  const server = await startEmbeddedPostgres(dataDir);
  out.progress(`Embedded PostgreSQL: ${server.displayUrl} (password in ${server.passwordFile})`);
  return { url: server.url, displayUrl: server.displayUrl, embedded: true, close: () => server.stop() };
}
