import { spawnSync } from 'child_process';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { heapFlags } = require('../../bin/heap-flags') as { heapFlags(args: string[]): string[] };

const LARGE_YOUNG = ['--max-old-space-size=384', '--max-semi-space-size=32'];
const SMALL_YOUNG = ['--max-old-space-size=384', '--max-semi-space-size=8'];

describe('heapFlags', () => {
  test.each([
    [['load', '--export', 'dir'], SMALL_YOUNG],
    [['load', '--export', 'dir', '--workers', '2'], SMALL_YOUNG],
    [['load', '--workers=3', '--export', 'dir'], SMALL_YOUNG],
    [['load', '--export', 'dir', '--workers', '0'], LARGE_YOUNG],
    [['load', '--workers=0', '--export', 'dir'], LARGE_YOUNG],
    [['demo'], LARGE_YOUNG],
    [['verify', '--export', 'dir'], LARGE_YOUNG],
    [['replay', '--workers', '2'], LARGE_YOUNG],
    [[], LARGE_YOUNG],
  ])('%j -> %j', (args, flags) => {
    expect(heapFlags(args)).toEqual(flags);
  });
});

describe('bin/qldb-migrate', () => {
  test('runs the bundled command line in a child process and passes on its exit status', () => {
    const launcher = join(__dirname, '..', '..', 'bin', 'qldb-migrate');
    const help = spawnSync(process.execPath, [launcher, 'load', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--workers N');
    const bad = spawnSync(process.execPath, [launcher, 'load', '--export', 'nowhere', '--workers', 'many'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--workers must be a whole number from 0 to 64, got "many"');
  });
});
