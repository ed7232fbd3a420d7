import { join } from 'path';
import { runCli } from './run-cli';
import { dmvMapping } from '../../examples/dmv/dmv-mapping';
import { MigrationSql } from '../../src';

const dmvFile = join(__dirname, '..', '..', 'examples', 'dmv', 'mapping.json');

describe('qldb-migrate ddl', () => {
  test('prints the target DDL of a mapping file', async () => {
    const { code, stdout } = await runCli(['ddl', '--mapping', dmvFile]);
    expect(code).toBe(0);
    expect(stdout).toBe(MigrationSql.script(MigrationSql.targetDdl(dmvMapping())));
  });

  test('--post-load --json prints the post-load statements as one JSON line', async () => {
    const { code, stdout } = await runCli(['ddl', '--mapping', dmvFile, '--post-load', '--json']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({ statements: MigrationSql.postLoadDdl(dmvMapping()) });
  });

  test('--role adds the least-privilege role', async () => {
    const { stdout } = await runCli(['ddl', '--mapping', dmvFile, '--role', 'dmv_migrator']);
    expect(stdout).toContain('create role "dmv_migrator" nologin');
  });

  test('a missing --mapping is a usage error (exit 2) with the usage text', async () => {
    const { code, stderr } = await runCli(['ddl']);
    expect(code).toBe(2);
    expect(stderr).toContain('qldb-migrate ddl: --mapping FILE is required');
    expect(stderr).toContain('Usage: qldb-migrate ddl');
  });

  test('an unknown option names the option', async () => {
    const { code, stderr } = await runCli(['ddl', '--mapping', dmvFile, '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--bogus'");
  });

  test('an invalid mapping file exits 1 naming the file and the problem', async () => {
    const { code, stderr } = await runCli(['ddl', '--mapping', '/nonexistent.json']);
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot read ledger mapping file /nonexistent.json');
  });
});

describe('qldb-migrate', () => {
  test('with no command explains itself', async () => {
    const { code, stdout } = await runCli([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: qldb-migrate <command> \[options\]/);
    expect(stdout).toMatch(/\n {2}ddl {2}/);
  });

  test('an unknown command exits 2', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});
