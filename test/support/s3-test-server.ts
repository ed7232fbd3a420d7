import { ChildProcess, spawn } from 'child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { createServer } from 'net';
import { join, relative, sep } from 'path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * A real S3-compatible server for tests: moto's server mode (`moto[server]` from PyPI), run from the
 * project's Python virtual environment (`.venv`, which the test script installs). Nothing is
 * skipped: when the server cannot start, `startS3TestServer` throws saying why.
 */
export interface S3TestServer {
  readonly endpoint: string;
  /** A client for the server (path-style addressing, test credentials). */
  readonly client: S3Client;
  stop(): Promise<void>;
}

const MOTO_SERVER = join(__dirname, '..', '..', '.venv', 'bin', 'moto_server');
const START_TIMEOUT_MS = 30_000;

export async function startS3TestServer(): Promise<S3TestServer> {
  if (!existsSync(MOTO_SERVER)) {
    throw new Error(
      `the S3 test server needs ${MOTO_SERVER}: run \`bash scripts/python-env.sh\` in the project root`,
    );
  }
  const port = await freePort();
  const output: string[] = [];
  const server = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (data: Buffer) => output.push(data.toString()));
  server.stderr!.on('data', (data: Buffer) => output.push(data.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, server, output);
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      await stopProcess(server);
    },
  };
}

/** Creates the bucket and uploads every file under `dir` with its relative path (`/` separated) after `keyPrefix`. */
export async function uploadDirectory(client: S3Client, bucket: string, dir: string, keyPrefix = ''): Promise<string[]> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const keys: string[] = [];
  for (const path of filesUnder(dir)) {
    const key = keyPrefix + relative(dir, path).split(sep).join('/');
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(path) }));
    keys.push(key);
  }
  return keys;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function waitUntilServing(endpoint: string, server: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exited: string | undefined;
  server.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  server.once('error', (error) => {
    exited = `failed to run: ${error.message}`;
  });
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`the S3 test server (${MOTO_SERVER}) ${exited}: ${output.join('').slice(-2000)}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the S3 test server (${MOTO_SERVER}) did not answer at ${endpoint} within ${START_TIMEOUT_MS} ms: ${output.join('').slice(-2000)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function stopProcess(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}
