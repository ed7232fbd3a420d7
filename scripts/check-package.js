// Checks that the npm tarball built by `projen build` (dist/js/*.tgz) ships what users need and nothing private.
const { execFileSync } = require('child_process');
const { readdirSync } = require('fs');
const { join } = require('path');

const dist = join(__dirname, '..', 'dist', 'js');
const tarball = readdirSync(dist).find((f) => f.endsWith('.tgz'));
if (!tarball) {
  console.error(`No npm tarball in ${dist}: run the build first`);
  process.exit(1);
}
const files = execFileSync('tar', ['tzf', join(dist, tarball)], { encoding: 'utf8' }).trim().split('\n');
const required = [
  'package/lib/index.js', 'package/lib/index.d.ts', 'package/.jsii', 'package/bin/qldb-migrate',
  'package/assets/cli/index.js', 'package/assets/cli/row-worker.js', 'package/assets/cli/client-s3.js', 'package/schema/mapping.schema.json', 'package/API.md',
  'package/README.md',
];
const forbidden = [/^package\/(src|test|lambda-src|examples|scripts|\.venv|\.cache|\.tmp|test-python|test-glue)\//, /\.password$/];
const missing = required.filter((f) => !files.includes(f));
const leaked = files.filter((f) => forbidden.some((re) => re.test(f)));
if (missing.length > 0 || leaked.length > 0) {
  console.error(`${tarball}: missing ${JSON.stringify(missing)}, must not ship ${JSON.stringify(leaked)}`);
  process.exit(1);
}
console.log(`${tarball}: ${files.length} files, bundles and schema included, no sources or tests`);
